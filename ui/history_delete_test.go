package ui

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/history"
)

// TestHistoryDeleteFromHostChevereto42 runs the window's delete through the
// real history.DeleteFromHost against the fake host, which answers like
// Chevereto 4.2 (301 → ?deleted → 301 → 404): that is a deletion, and a
// second try (404 at once) says the file was already gone.
func TestHistoryDeleteFromHostChevereto42(t *testing.T) {
	withLanguage(t, "en")
	test.NewTempApp(t)
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	e := uploadedEntry(t, srv)
	db, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := db.Add(e)
	if err != nil {
		t.Fatal(err)
	}
	e.ID = id
	w := test.NewTempWindow(t, nil)
	h := newHistory(w, HistoryDeps{
		Open: func() (*history.DB, error) { return db, nil },
		DeleteFromHost: func(ctx context.Context, e history.Entry) (history.Deletion, error) {
			return history.DeleteFromHost(ctx, nil, e)
		},
	}, func(f func()) { f() }, time.UTC)
	w.Resize(fyne.NewSize(760, 520))

	h.deleteFromHost(e)
	if n := h.notice.text(); n != "shot.png was deleted from the host" {
		t.Fatalf("notice %q", n)
	}
	if got, _ := db.Get(id); !got.DeletedFromHost {
		t.Error("entry not marked deleted from the host")
	}
	if ups := srv.Uploads(); len(ups) != 1 || !ups[0].Deleted {
		t.Errorf("host uploads %+v, want the one deleted", ups)
	}
	h.deleteFromHost(e) // the link now answers 404 at once
	if n := h.notice.text(); n != "shot.png was already gone from the host" {
		t.Errorf("second delete: notice %q", n)
	}
}

// uploadedEntry uploads a small PNG to srv and returns its history entry.
func uploadedEntry(t *testing.T, srv *chevtest.Server) history.Entry {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 6, 4))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shot.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: srv.Endpoint(), Transport: http.DefaultTransport})
	if err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Upload(context.Background(), f, uploader.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return history.FromResult("", uploader.Item{Name: "shot.png", Path: path, Result: r})
}
