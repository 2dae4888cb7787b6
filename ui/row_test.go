package ui

import (
	"errors"
	"image"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
)

// Issue 15 §4: a capture's row shows the queue's preview; the window does
// not try to decode the capture file, which is gone once it uploads.
func TestRowShowsTheQueuesPreview(t *testing.T) {
	e := newMainEnv(t, "en", false)
	it := qItem(1, "Screenshot.png", uploader.StateDone, 10, 10)
	it.Source, it.Owned = filepath.Join(t.TempDir(), "gone.png"), true
	it.Preview = image.NewRGBA(image.Rect(0, 0, 128, 72))
	web := qItem(2, "cat.png", uploader.StateUploading, 5, 10)
	web.Source, web.Path = "https://example.com/cat.png", filepath.Join(t.TempDir(), "upshot-spool-1")
	web.Preview = image.NewRGBA(image.Rect(0, 0, 64, 64))
	e.m.applyBatch([]uploader.Event{evAdded(it), evAdded(web)})
	for _, want := range []uploader.Item{it, web} {
		r := e.rows()[want.ID]
		if r == nil || r.thumb.Image != want.Preview {
			t.Errorf("%s: the row does not show the queue's preview", want.Name)
		}
	}
	if len(e.thumbed) != 0 {
		t.Errorf("the window decoded %q itself", e.thumbed)
	}
}

// §7: speed and time left per row and in the header, from the sampled
// progress and the queue's clock.
func TestSpeedAndTimeLeft(t *testing.T) {
	e := newMainEnv(t, "en", false)
	t0 := time.Date(2026, 12, 2, 2, 29, 0, 0, time.UTC)
	evs := []uploader.Event{
		evAdded(qItem(1, "big.png", uploader.StateQueued, 0, 0)),
		evUpdated(qItem(1, "big.png", uploader.StateUploading, 0, 5_000_000)),
	}
	for tick := 0; tick <= 10; tick++ { // 1.2 MB/s for a second
		ev := evProgress(uploader.ProgressSample{ID: 1, Sent: int64(tick) * 120_000, Total: 5_000_000})
		ev.Time = t0.Add(time.Duration(tick) * 100 * time.Millisecond)
		evs = append(evs, ev)
	}
	e.m.applyBatch(evs)
	r := e.rows()[1]
	if r == nil {
		t.Fatal("no row")
	}
	if want := "1.2 MB / 5 MB · 1.2 MB/s · 4 s left"; r.barText != want {
		t.Errorf("bar = %q, want %q", r.barText, want)
	}
	if want := "1.2 MB/s · 4 s left"; !e.m.speed.Visible() || e.m.speed.Text != want {
		t.Errorf("header speed = %q (visible %v), want %q", e.m.speed.Text, e.m.speed.Visible(), want)
	}
	e.m.applyBatch([]uploader.Event{evUpdated(qItem(1, "big.png", uploader.StateDone, 5_000_000, 5_000_000)), evIdle()})
	if e.m.speed.Visible() {
		t.Errorf("the speed %q stays after the upload", e.m.speed.Text)
	}
}

func TestDurationText(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{4 * time.Second, "4 s"},
		{200 * time.Second, "3 min 20 s"},
		{25 * time.Minute, "25 min"},
		{125 * time.Minute, "2 h 5 min"},
	}
	for _, tt := range tests {
		if got := durationText(tt.d); got != tt.want {
			t.Errorf("durationText(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	withLanguage(t, "zh")
	if got := speedText(1.2e6, 4_800_000); got != "1.2 MB/s · 剩余 4 秒" {
		t.Errorf("zh speed = %q", got)
	}
}

// §7: Pause holds what waits, Resume lets it go; Cancel all stops the rest.
func TestPauseResumeAndCancelAll(t *testing.T) {
	e := newMainEnv(t, "en", true)
	test.Tap(e.m.pauseBtn)
	if !e.q.Paused() || e.m.pauseBtn.Text != "Resume" {
		t.Fatalf("after Pause: queue paused %v, button %q", e.q.Paused(), e.m.pauseBtn.Text)
	}
	e.m.AddSources(writeTestPNGs(t, "a.png", "b.png")...)
	e.pumpUntil(t, func() bool { return e.m.model.len() == 2 })
	if h := e.m.Header(); h != "Paused — 2 files waiting" {
		t.Errorf("header while paused = %q", h)
	}
	test.Tap(e.m.pauseBtn)
	e.pumpUntil(t, func() bool { return e.m.Header() == "Upload complete" })
	if e.m.pauseBtn.Text != "Pause" {
		t.Errorf("button after Resume = %q", e.m.pauseBtn.Text)
	}

	test.Tap(e.m.pauseBtn)
	e.m.AddSources(writeTestPNGs(t, "c.png")...)
	e.pumpUntil(t, func() bool { return !e.m.cancelAll.Disabled() })
	test.Tap(e.m.cancelAll)
	e.pumpUntil(t, func() bool { it, _ := e.m.model.at(2); return it.State == uploader.StateCanceled })
	if !e.m.cancelAll.Disabled() {
		t.Error("Cancel all stays enabled with nothing left to cancel")
	}
}

// §6: Copy image puts the picture on the clipboard, from the file or, for
// a capture whose file is gone, from the host.
func TestCopyImage(t *testing.T) {
	png := mustRead(t, writeTestPNGs(t, "cat.png")[0])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(png) }))
	defer srv.Close()
	e := newMainEnv(t, "en", false)
	mine := qItem(1, "cat.png", uploader.StateDone, 1, 1)
	mine.Source = writeTestPNGs(t, "cat.png")[0]
	capture := qItem(2, "Screenshot.png", uploader.StateDone, 1, 1)
	capture.Source, capture.Owned = filepath.Join(t.TempDir(), "gone.png"), true
	capture.Result.URL = srv.URL + "/images/Screenshot.png"
	video := qItem(3, "clip.mp4", uploader.StateDone, 1, 1)
	e.m.applyBatch([]uploader.Event{evAdded(mine), evAdded(capture), evAdded(video)})
	rows := e.rows()
	if rows[3].imageBtn.Visible() {
		t.Error("a video offers Copy image")
	}
	for _, id := range []int64{1, 2} {
		test.Tap(rows[id].imageBtn)
	}
	if len(e.clip.images) != 2 || string(e.clip.images[0]) != string(png) || string(e.clip.images[1]) != string(png) {
		t.Fatalf("clipboard images: %d, want the two pictures", len(e.clip.images))
	}
	if e.m.notice.Text != "Picture of Screenshot.png copied to the clipboard" {
		t.Errorf("notice = %q", e.m.notice.Text)
	}
	e.clip.imageErr = errors.New("no clipboard owner")
	test.Tap(rows[1].imageBtn)
	if !strings.Contains(e.m.notice.Text, "Could not copy the picture of cat.png: no clipboard owner") {
		t.Errorf("failure notice = %q", e.m.notice.Text)
	}
}

// §8: a link too long for its row is cut in the middle, so its file name
// shows; the selected row shows the whole reason.
func TestLongStatusIsElidedAndShownWholeWhenSelected(t *testing.T) {
	e := newMainEnv(t, "en", false)
	done := qItem(1, "harbour-at-dawn.png", uploader.StateDone, 1, 1)
	done.Result.URL = "http://127.0.0.1:35311/images/2026/12/02/" + strings.Repeat("x", 80) + "/harbour-at-dawn.png"
	long := errors.New("huge-panorama.png is 9.8 MB, over the 5 MB limit of this host — make it smaller or use another host " +
		"with a higher limit, or turn on Fit in the profile so that Upshot resizes it before it uploads")
	e.m.applyBatch([]uploader.Event{evAdded(done), evAdded(failedWith(2, "huge-panorama.png", long))})
	rows := e.rows()
	link := rows[1].status.Text
	if !strings.Contains(link, "…") || !strings.HasSuffix(link, "/harbour-at-dawn.png") || !strings.HasPrefix(link, "Uploaded · http://") {
		t.Errorf("link line = %q, want it cut in the middle", link)
	}
	if reason := rows[2].status.Text; reason == long.Error() {
		t.Fatalf("the long reason fits the row; the test needs a narrower one")
	}
	before := rows[2].Size().Height
	e.m.list.Select(1)
	r := e.rows()[2]
	if r.status.Text != long.Error() || r.status.Wrapping != fyne.TextWrapWord {
		t.Errorf("selected row shows %q, want the whole reason wrapped", r.status.Text)
	}
	if r.Size().Height <= before {
		t.Errorf("the selected row is %v high, as before (%v): the reason has no room", r.Size().Height, before)
	}
	e.m.list.Unselect(1)
	if r := e.rows()[2]; r.status.Text == long.Error() {
		t.Error("unselected, the row still shows the whole reason")
	}
}

func TestElideMiddle(t *testing.T) {
	fits := func(n int) func(string) bool { return func(s string) bool { return len([]rune(s)) <= n } }
	tests := []struct {
		s    string
		keep int
		n    int
		want string
	}{
		{"short", 0, 10, "short"},
		{"Uploaded · http://host/abcdefghij/name.png", 11, 30, "Uploaded · http://…ij/name.png"},
		{"Uploaded · http://host/abcdefghijklmnopqrst/name.png", 11, 35, "Uploaded · http://ho…pqrst/name.png"},
		{"Uploaded · http://host/abcdefghijklmnopqrst/a-long-file-name.png", 11, 41, "Uploaded · http://h…/a-long-file-name.png"},
		{"abcdefghijklmnopqrstuvwxyz", 0, 11, "abcd…uvwxyz"},
	}
	for _, tt := range tests {
		if got := elideMiddle(tt.s, tt.keep, fits(tt.n)); got != tt.want || len([]rune(got)) > tt.n {
			t.Errorf("elideMiddle(%q, %d, ≤%d) = %q, want %q", tt.s, tt.keep, tt.n, got, tt.want)
		}
	}
}

// "Copy all" says what it did, even right after the end of a run said
// "2 links copied".
func TestCopyAllSaysWhatItDid(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(doneWithErrorScene())
	e.m.format.SetSelected("Markdown")
	test.Tap(e.m.copyAll)
	if e.m.notice.Text != "Copied 2 links (Markdown)" {
		t.Errorf("notice = %q", e.m.notice.Text)
	}
}

// "Open" that cannot start a browser says so, and why.
func TestOpenFailureIsShown(t *testing.T) {
	e := newMainEnv(t, "en", false, func(d *Deps) {
		d.OpenURL = func(*url.URL) error { return errors.New("no web browser is set up (xdg-open: no method available)") }
	})
	e.m.applyBatch([]uploader.Event{evAdded(qItem(1, "cat.png", uploader.StateDone, 1, 1))})
	test.Tap(e.rows()[1].openBtn)
	if want := "Could not open the browser: no web browser is set up (xdg-open: no method available)"; e.m.notice.Text != want {
		t.Errorf("notice = %q, want %q", e.m.notice.Text, want)
	}
}
