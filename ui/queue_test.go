package ui

import (
	"errors"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// failedWith is a synthetic failed item with err as its reason.
func failedWith(id int64, name string, err error) uploader.Item {
	it := qItem(id, name, uploader.StateFailed, 0, 10)
	it.Err = err
	return it
}

var notAnImage = &uploader.APIError{Kind: uploader.KindUnsupported,
	Message: "notes.png is not an image or video (content looks like text/plain); accepted: JPG, PNG"}

// Issue 15 §5: retrying the one bad file while eleven uploaded rows sit in
// the list ends on what the list shows, and the notification says what
// failed — not "No files were uploaded" above "11 links copied".
func TestHeaderTellsWhatTheListShowsAfterARetry(t *testing.T) {
	e := newMainEnv(t, "en", false)
	var evs []uploader.Event
	for i := int64(1); i <= 12; i++ {
		evs = append(evs, evAdded(qItem(i, nthName(int(i-1)), uploader.StateQueued, 0, 10)))
	}
	for i := int64(1); i <= 11; i++ {
		evs = append(evs, evUpdated(qItem(i, nthName(int(i-1)), uploader.StateDone, 10, 10)))
	}
	bad := errors.New("the host has a problem, try again later")
	evs = append(evs, evUpdated(failedWith(12, "bad.png", bad)), evIdle())
	e.m.applyBatch(evs)
	if h, n := e.m.Header(), e.m.notice.Text; h != "Note: some files couldn't be uploaded" || n != "11 links copied to the clipboard" {
		t.Fatalf("after the batch: header %q, notice %q", h, n)
	}

	e.m.applyBatch([]uploader.Event{evUpdated(qItem(12, "bad.png", uploader.StateQueued, 0, 10))})
	if e.m.notice.Visible() {
		t.Errorf("the retry started and the notice still says %q about the last run", e.m.notice.Text)
	}
	e.m.applyBatch([]uploader.Event{evUpdated(failedWith(12, "bad.png", bad)), evIdle()})
	if h := e.m.Header(); h != "Note: some files couldn't be uploaded" {
		t.Errorf("header after the failed retry = %q, want what the list shows (some couldn't be uploaded)", h)
	}
	want := []string{"Upshot: 11 links copied to the clipboard", "Upshot: bad.png couldn't be uploaded: " + bad.Error()}
	if !slices.Equal(e.notes, want) {
		t.Errorf("notifications = %q\nwant %q", e.notes, want)
	}
	if !e.m.report.Visible() {
		t.Error("the error report link is hidden while a failed row is listed")
	}
}

// A failure no retry can fix is not offered for a retry: not on its row,
// not by Retry failed, not in the error report.
func TestNoRetryForPermanentFailures(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch([]uploader.Event{
		evAdded(qItem(1, "notes.png", uploader.StateQueued, 0, 0)),
		evUpdated(failedWith(1, "notes.png", notAnImage)),
		evIdle(),
	})
	if r := e.rows()[1]; r == nil || r.retryBtn.Visible() {
		t.Error("the row of a file that is not an image offers Retry")
	}
	if !e.m.retryFailed.Disabled() {
		t.Error("Retry failed is enabled with only a permanent failure listed")
	}
	e.m.showErrorReport()
	if b := dialogButtons(e.w.Canvas().Overlays().Top()); slices.Contains(b, "Retry failed") {
		t.Errorf("the error report offers Retry failed for a permanent failure: %q", b)
	}

	// A network failure may pass: it keeps its Retry.
	e.m.applyBatch([]uploader.Event{
		evAdded(qItem(2, "cat.png", uploader.StateQueued, 0, 0)),
		evUpdated(failedWith(2, "cat.png", &uploader.APIError{Kind: uploader.KindNetwork, Message: "connection refused"})),
		evIdle(),
	})
	if r := e.rows()[2]; r == nil || !r.retryBtn.Visible() || e.m.retryFailed.Disabled() {
		t.Error("a network failure is not offered for a retry")
	}
}

// dialogButtons lists the button texts of a dialog, and checks that they
// sit in one row.
func dialogButtons(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Visible() && b.Text != "" {
			out = append(out, b.Text)
		}
	}
	return out
}

// The error report's buttons are the dialog's button row: Copy report,
// Retry failed, Close, side by side.
func TestErrorReportButtonsInOneRow(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(doneWithErrorScene())
	e.m.showErrorReport()
	overlay := e.w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog")
	}
	ys := map[string]float32{}
	for _, c := range test.LaidOutObjects(overlay) {
		if b, ok := c.(*widget.Button); ok && b.Visible() && b.Text != "" {
			ys[b.Text] = fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Y
		}
	}
	want := []string{"Copy report", "Retry failed", "Close"}
	if got := dialogButtons(overlay); !slices.Equal(got, want) {
		t.Fatalf("buttons %q, want %q", got, want)
	}
	if ys["Close"] != ys["Copy report"] || ys["Retry failed"] != ys["Copy report"] {
		t.Errorf("buttons are not in one row: %v", ys)
	}
}

// After "Clear finished" the notice about the cleared rows' links goes.
func TestClearFinishedClearsTheLinksNotice(t *testing.T) {
	e := newMainEnv(t, "en", true)
	e.m.AddSources(writeTestPNGs(t, "a.png")...)
	e.pumpUntil(t, func() bool { return e.m.notice.Text == "1 link copied to the clipboard" })
	test.Tap(e.m.clearFinished)
	e.pumpUntil(t, func() bool { return e.m.model.len() == 0 })
	if e.m.notice.Visible() || e.m.Header() != "Drop files to upload" {
		t.Errorf("after Clear finished: header %q, notice %q (visible %v)", e.m.Header(), e.m.notice.Text, e.m.notice.Visible())
	}
}

// pumpUntil applies the real queue's events until cond holds.
func (e *mainEnv) pumpUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case ev := <-e.q.Events():
			e.m.applyBatch([]uploader.Event{ev})
		case <-deadline:
			t.Fatalf("timed out; header %q, notice %q", e.m.Header(), e.m.notice.Text)
		}
	}
}

// An accepted URL empties the field without leaving it marked invalid.
func TestAddURLLeavesNoErrorMark(t *testing.T) {
	e := newMainEnv(t, "en", true)
	test.Type(e.m.urlEntry, "https://example.com/cat.png")
	e.m.addURL()
	if e.m.urlEntry.Text != "" {
		t.Fatalf("the field kept %q", e.m.urlEntry.Text)
	}
	if err := e.m.urlEntry.Validate(); err != nil {
		t.Errorf("the empty field is marked invalid after a successful add: %v", err)
	}
	test.Type(e.m.urlEntry, "not a link")
	e.m.addURL()
	if e.m.urlEntry.Validate() == nil {
		t.Error("a wrong address is not marked")
	}
}

// A capture that lands below a long list is scrolled to.
func TestNewBatchIsScrolledTo(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(queued(40))
	if e.rows()[1] == nil {
		t.Fatal("the first batch is not shown from its start")
	}
	capture := qItem(41, "Screenshot.png", uploader.StateQueued, 0, 0)
	capture.Batch = 2
	e.m.applyBatch([]uploader.Event{evAdded(capture)})
	if e.rows()[41] == nil {
		t.Error("the new capture's row is below the fold")
	}
	// Later rows of a batch already scrolled to do not move the list.
	e.m.list.ScrollToTop()
	late := qItem(42, "late.png", uploader.StateQueued, 0, 0)
	late.Batch = 2
	e.m.applyBatch([]uploader.Event{evAdded(late)})
	if e.rows()[1] == nil {
		t.Error("a row of the same batch scrolled the list again")
	}
}
