package ui

import (
	"bytes"
	"image/color"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader/history"
)

// §6: Copy image on a History entry: the picture from its file while that
// is there, else downloaded from the host; a video has no picture to copy.
func TestHistoryCopyImage(t *testing.T) {
	pic := tinyPNG(t, color.NRGBA{R: 0xee, A: 0xff})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(pic) }))
	defer srv.Close()
	e := newHistoryEnv(t)
	local := filepath.Join(t.TempDir(), "beach.png")
	if err := os.WriteFile(local, pic, 0o600); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(t.TempDir(), "Screenshot.png") // a capture, deleted once uploaded
	for _, en := range []history.Entry{
		{Name: "mine.png", Mime: "image/png", Source: local, URL: "http://127.0.0.1:9/never-asked.png"},
		{Name: "Screenshot.png", Mime: "image/png", Source: gone, URL: srv.URL + "/i/Screenshot.png"},
	} {
		id, err := e.db.Add(en)
		if err != nil {
			t.Fatal(err)
		}
		e.ids[en.Name] = id
	}
	e.h.Reload()
	if !e.item(t, "clip.mp4").imageBtn.Disabled() {
		t.Error("a video entry offers Copy image")
	}
	for _, name := range []string{"mine.png", "Screenshot.png"} {
		test.Tap(e.item(t, name).imageBtn)
		if n := len(e.clip.images); n == 0 || !bytes.Equal(e.clip.images[n-1], pic) {
			t.Fatalf("%s: the clipboard did not get the picture (notice %q)", name, e.h.notice.text())
		}
	}
	if want := "Picture of Screenshot.png copied to the clipboard"; e.h.notice.text() != want {
		t.Errorf("notice = %q, want %q", e.h.notice.text(), want)
	}
}
