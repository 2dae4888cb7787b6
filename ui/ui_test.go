package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

func TestOnDroppedQueuesFilesAndCopiesLinks(t *testing.T) {
	e := newMainEnv(t, "en", true)
	paths := writeTestPNGs(t, "a.png", "b.png", "bad.png")
	uris := make([]fyne.URI, len(paths))
	for i, p := range paths {
		uris[i] = storage.NewFileURI(p)
	}

	e.m.OnDropped(fyne.NewPos(10, 10), uris)
	e.drain(t)

	if got := e.m.model.len(); got != 3 {
		t.Fatalf("rows = %d, want 3", got)
	}
	for i, want := range []string{"a.png", "b.png", "bad.png"} {
		if it, _ := e.m.model.at(i); it.Name != want {
			t.Errorf("row %d = %q, want %q", i, it.Name, want)
		}
	}
	if h := e.m.Header(); h != "Note: some files couldn't be uploaded" {
		t.Errorf("header = %q", h)
	}
	wantLinks := "https://img.test/a.png\nhttps://img.test/b.png"
	if got := e.clip.last(); got != wantLinks {
		t.Errorf("clipboard = %q, want %q", got, wantLinks)
	}
	if !slices.Equal(e.notes, []string{"Upshot: 2 links copied to the clipboard"}) {
		t.Errorf("notifications = %q", e.notes)
	}
	if !e.m.report.Visible() {
		t.Error("the error report link is hidden after a failure")
	}
}

func TestProgressUpdatesRowAndHeader(t *testing.T) {
	e := newMainEnv(t, "en", false)
	const mb = 1_000_000
	e.m.applyBatch([]uploader.Event{
		evAdded(qItem(1, "one.png", uploader.StateQueued, 0, 0)),
		evAdded(qItem(2, "two.png", uploader.StateQueued, 0, 0)),
		evAdded(qItem(3, "three.png", uploader.StateQueued, 0, 0)),
	})
	if h := e.m.Header(); h != "Uploading 3 files (0% complete)" {
		t.Fatalf("header after add = %q", h)
	}
	e.m.applyBatch([]uploader.Event{
		evUpdated(qItem(1, "one.png", uploader.StateUploading, 0, 5*mb)),
		evUpdated(qItem(2, "two.png", uploader.StateUploading, 0, 5*mb)),
		evUpdated(qItem(3, "three.png", uploader.StateUploading, 0, 5*mb)),
		evProgress(
			uploader.ProgressSample{ID: 1, Sent: 5 * mb, Total: 5 * mb},
			uploader.ProgressSample{ID: 2, Sent: 2_500_000, Total: 5 * mb},
		),
		evProgress(uploader.ProgressSample{ID: 2, Sent: 1_200_000 + 3_800_000/2, Total: 5 * mb}), // newer sample wins
		evProgress(uploader.ProgressSample{ID: 2, Sent: 1_200_000, Total: 5 * mb},
			uploader.ProgressSample{ID: 3, Sent: 1_300_000, Total: 5 * mb}),
	})
	if h := e.m.Header(); h != "Uploading 3 files (50% complete)" {
		t.Errorf("header = %q, want Uploading 3 files (50%% complete)", h)
	}
	r := e.rows()[2]
	if r == nil {
		t.Fatal("row of item 2 is not on screen")
	}
	if r.bar.Value != 0.24 || !r.bar.Visible() {
		t.Errorf("bar = %v (visible %v), want 0.24", r.bar.Value, r.bar.Visible())
	}
	if r.barText != "1.2 MB / 5 MB" {
		t.Errorf("bar text = %q, want 1.2 MB / 5 MB", r.barText)
	}
	if !r.cancelBtn.Visible() || r.retryBtn.Visible() || r.copyBtn.Visible() {
		t.Error("an uploading row should offer cancel only (plus remove)")
	}
}

func TestEndStates(t *testing.T) {
	cases := []struct {
		name       string
		states     []uploader.State
		header     string
		report     bool
		clipboard  string
		notifyBody string
	}{
		{"nothing", nil, "Drop files to upload", false, "", ""},
		{"all done", []uploader.State{uploader.StateDone, uploader.StateDone},
			"Upload complete", false, "https://img.test/f1.png\nhttps://img.test/f2.png", "2 links copied to the clipboard"},
		{"some failed", []uploader.State{uploader.StateFailed, uploader.StateDone},
			"Note: some files couldn't be uploaded", true, "https://img.test/f2.png", "1 link copied to the clipboard"},
		{"none uploaded", []uploader.State{uploader.StateFailed, uploader.StateCanceled},
			"No files were uploaded", true, "", "f1.png couldn't be uploaded: host answered HTTP 502 — the host has a problem, try again later"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newMainEnv(t, "en", false)
			var evs []uploader.Event
			for i := range c.states {
				evs = append(evs, evAdded(qItem(int64(i+1), nthName(i), uploader.StateQueued, 0, 10)))
			}
			for i, s := range c.states {
				evs = append(evs, evUpdated(qItem(int64(i+1), nthName(i), s, 10, 10)))
			}
			e.runPump(append(evs, evIdle())...)

			if h := e.m.Header(); h != c.header {
				t.Errorf("header = %q, want %q", h, c.header)
			}
			if e.m.report.Visible() != c.report {
				t.Errorf("report link visible = %v, want %v", e.m.report.Visible(), c.report)
			}
			if got := e.clip.last(); got != c.clipboard {
				t.Errorf("clipboard = %q, want %q", got, c.clipboard)
			}
			if c.notifyBody != "" && !slices.Equal(e.notes, []string{"Upshot: " + c.notifyBody}) {
				t.Errorf("notifications = %q, want %q", e.notes, c.notifyBody)
			}
		})
	}
}

func nthName(i int) string { return "f" + string(rune('1'+i)) + ".png" }

func TestErrorReportListsFailures(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch([]uploader.Event{
		evAdded(qItem(1, "big.png", uploader.StateQueued, 0, 0)),
		evAdded(qItem(2, "ok.png", uploader.StateQueued, 0, 0)),
		evUpdated(qItem(1, "big.png", uploader.StateFailed, 0, 0)),
		evUpdated(qItem(2, "ok.png", uploader.StateDone, 10, 10)),
		evIdle(),
	})
	test.TapAt(e.m.report, fyne.NewPos(20, e.m.report.Size().Height/2)) // on the text, as a user would
	overlay := e.w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog after tapping the report link")
	}
	text := dialogText(overlay)
	if !strings.Contains(text, "big.png") || !strings.Contains(text, "host answered HTTP 502 — the host has a problem") {
		t.Errorf("report does not name the failed file and reason: %q", text)
	}
	if strings.Contains(text, "ok.png") {
		t.Errorf("report lists a file that uploaded: %q", text)
	}
}

func dialogText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestFinishRunCopiesOnlyThatRunOnce(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch([]uploader.Event{
		evAdded(qItem(1, "old.png", uploader.StateQueued, 0, 0)),
		evUpdated(qItem(1, "old.png", uploader.StateDone, 1, 1)),
		evIdle(),
		evIdle(), // a second idle must not copy again
		evAdded(qItem(2, "new1.png", uploader.StateQueued, 0, 0)),
		evAdded(qItem(3, "new2.png", uploader.StateQueued, 0, 0)),
	})
	if h := e.m.Header(); h != "Uploading 2 files (0% complete)" {
		t.Errorf("a new batch should count only its own files: header = %q", h)
	}
	e.m.format.SetSelected("Markdown") // the user picks another format for this session
	e.m.applyBatch([]uploader.Event{
		evUpdated(qItem(3, "new2.png", uploader.StateDone, 1, 1)),
		evUpdated(qItem(2, "new1.png", uploader.StateDone, 1, 1)),
		evIdle(),
	})
	want := []string{
		"https://img.test/old.png",
		"![new1.png](https://img.test/new1.png)\n![new2.png](https://img.test/new2.png)",
	}
	if !slices.Equal(e.clip.writes, want) {
		t.Errorf("clipboard writes = %q\nwant %q", e.clip.writes, want)
	}
}

func TestRowButtonsFollowState(t *testing.T) {
	cases := []struct {
		state                            uploader.State
		copy, open, retry, cancel, errOK bool
	}{
		{uploader.StateQueued, false, false, false, true, false},
		{uploader.StateUploading, false, false, false, true, false},
		{uploader.StateDone, true, true, false, false, false},
		{uploader.StateFailed, false, false, true, false, true},
		{uploader.StateCanceled, false, false, true, false, false},
	}
	for _, c := range cases {
		t.Run(c.state.String(), func(t *testing.T) {
			e := newMainEnv(t, "en", false)
			e.m.applyBatch([]uploader.Event{evAdded(qItem(7, "x.png", c.state, 0, 10))})
			r := e.rows()[7]
			if r == nil {
				t.Fatal("row not shown")
			}
			got := []bool{r.copyBtn.Visible(), r.openBtn.Visible(), r.retryBtn.Visible(), r.cancelBtn.Visible(), r.removeBtn.Visible()}
			want := []bool{c.copy, c.open, c.retry, c.cancel, true}
			if !slices.Equal(got, want) {
				t.Errorf("copy/open/retry/cancel/remove visible = %v, want %v", got, want)
			}
			if c.errOK && (r.status.Importance != widget.DangerImportance || !strings.Contains(r.status.full, "HTTP 502")) {
				t.Errorf("failed row shows %q with importance %v, want the error in the error colour", r.status.full, r.status.Importance)
			}
		})
	}
}

func TestRowCopyAndOpenLink(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch([]uploader.Event{evAdded(qItem(4, "cat.png", uploader.StateDone, 1, 1))})
	r := e.rows()[4]
	test.Tap(r.copyBtn)
	test.Tap(r.openBtn)
	if got := e.clip.last(); got != "https://img.test/cat.png" {
		t.Errorf("copied %q", got)
	}
	if !slices.Equal(e.opened, []string{"https://img.test/view/cat.png"}) {
		t.Errorf("opened %q, want the viewer page", e.opened)
	}
}

func TestPreviewsOnlyForShownRowsAndVideoIcon(t *testing.T) {
	e := newMainEnv(t, "en", false)
	var evs []uploader.Event
	for i := int64(1); i <= 1000; i++ {
		evs = append(evs, evAdded(qItem(i, "p"+string(rune('a'+i%26))+".png", uploader.StateQueued, 0, 0)))
	}
	v := qItem(1001, "clip.mp4", uploader.StateQueued, 0, 0)
	evs = append([]uploader.Event{evAdded(v)}, evs...)
	e.m.tick = 1 << 62 // one flush at close: the whole batch in one go
	e.runPump(evs...)

	if e.m.model.len() != 1001 {
		t.Fatalf("rows = %d", e.m.model.len())
	}
	if n := len(e.thumbed); n == 0 || n > 40 {
		t.Errorf("previews made = %d, want only the few rows on screen", n)
	}
	last, _ := e.m.model.at(1000)
	if last.ID != 1001 {
		t.Fatalf("items are not in ID order: last = %d", last.ID)
	}
	e.m.list.ScrollToBottom()
	r := e.rows()[1001]
	if r == nil || r.thumb.Resource == nil || r.thumb.Resource.Name() != theme.MediaVideoIcon().Name() {
		t.Error("a video row should show the video icon")
	}
}

// TestPumpEndOfRunGoesAtOnce: the end of a run (EventIdle), which puts the
// links on the clipboard, is applied when it arrives, not at the next
// tick; with no tick at all the link is still copied before the queue
// closes. On the tick it waited up to 100 ms on every hotkey's way.
func TestPumpEndOfRunGoesAtOnce(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.tick = 1 << 62 // no tick during the test
	applied := make(chan string, 8)
	e.m.do = func(f func()) { f(); applied <- e.clip.last() }
	ch := make(chan uploader.Event, 3)
	done := make(chan struct{})
	go func() { e.m.Run(ch); close(done) }()
	ch <- evAdded(qItem(1, "cat.png", uploader.StateQueued, 0, 100))
	ch <- evUpdated(qItem(1, "cat.png", uploader.StateDone, 100, 100))
	ch <- evIdle()
	select {
	case got := <-applied:
		if got != "https://img.test/cat.png" {
			t.Errorf("after the first batch the clipboard holds %q, want the link", got)
		}
	case <-time.After(10 * time.Second):
		t.Error("the end of the run waited for a tick: nothing applied")
	}
	close(ch)
	<-done
}

func TestPumpBatchesEvents(t *testing.T) {
	e := newMainEnv(t, "en", false)
	calls := 0
	var evs []uploader.Event
	for i := int64(1); i <= 1000; i++ {
		evs = append(evs, evAdded(qItem(i, "f.png", uploader.StateQueued, 0, 100)))
	}
	for s := int64(0); s < 200; s++ {
		evs = append(evs, evProgress(uploader.ProgressSample{ID: 1, Sent: s, Total: 100}))
	}
	e.m.tick = 1 << 62
	e.m.do = func(f func()) { calls++; f() }
	e.runPump(evs...)
	if calls != 1 {
		t.Errorf("UI-thread calls = %d for %d events, want 1", calls, len(evs))
	}
	if it, _ := e.m.model.get(1); it.Sent != 199 {
		t.Errorf("item 1 sent = %d, want the last sample 199", it.Sent)
	}
}
