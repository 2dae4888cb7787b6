package ui

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// countTemplates counts the list's CreateItem calls: Fyne's list makes a
// template row on every whole-list refresh, so the count tells whether a
// batch refreshed the whole list.
func countTemplates(e *mainEnv) *int {
	n := 0
	create := e.m.list.CreateItem
	e.m.list.CreateItem = func() fyne.CanvasObject { n++; return create() }
	return &n
}

func queued(n int64) []uploader.Event {
	evs := make([]uploader.Event, 0, n)
	for i := int64(1); i <= n; i++ {
		evs = append(evs, evAdded(qItem(i, "f"+strings.Repeat("x", int(i%7))+".png", uploader.StateQueued, 0, 100)))
	}
	return evs
}

func TestUpdatesRebindShownRowsWithoutRefreshingTheList(t *testing.T) {
	tests := []struct {
		name    string
		updated []int64 // item IDs finished in one batch
	}{
		{"one row on screen", []int64{1}},
		{"one row off screen", []int64{300}},
		{"many rows, on and off screen", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 150, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newMainEnv(t, "en", false)
			e.m.applyBatch(queued(300))
			templates := countTemplates(e)
			var evs []uploader.Event
			for _, id := range tt.updated {
				evs = append(evs, evUpdated(qItem(id, "done.png", uploader.StateDone, 100, 100)))
			}
			e.m.applyBatch(evs)
			if *templates != 0 {
				t.Errorf("the whole list was refreshed %d times for updates only", *templates)
			}
			for _, id := range tt.updated {
				pos, _ := e.m.model.pos(id)
				e.m.list.ScrollTo(pos)
				r := e.rows()[id]
				if r == nil {
					t.Fatalf("row of item %d is not on screen after scrolling to it", id)
				}
				if want := "Uploaded · https://img.test/done.png"; r.status.Text != want || !r.status.Visible() {
					t.Errorf("row %d status = %q (shown %v), want %q", id, r.status.Text, r.status.Visible(), want)
				}
			}
		})
	}
}

func TestRemovedAndAddedRowsRefreshTheList(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(queued(20))
	templates := countTemplates(e)
	e.m.applyBatch([]uploader.Event{{Kind: uploader.EventRemoved, Item: uploader.Item{ID: 1}}})
	if *templates == 0 {
		t.Error("removing a row did not refresh the list: positions shifted")
	}
	if _, ok := e.m.model.rows.byID[1]; ok {
		t.Error("the removed item still has a bound row")
	}
	if r := e.rows()[2]; r == nil || r.name.Text != qItem(2, "fxx.png", 0, 0, 0).Name {
		t.Errorf("item 2 is not shown after item 1 was removed")
	}
}

func TestThumbReadyShowsPreviewInItsRow(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(queued(3))
	templates := countTemplates(e)
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	e.m.thumbReady(thumbResult{path: "/pics/fxx.png", img: img}) // item 2's source
	if *templates != 0 {
		t.Errorf("a preview refreshed the whole list %d times", *templates)
	}
	rows := e.rows()
	if rows[2] == nil || rows[2].thumb.Image != img {
		t.Error("item 2 does not show its decoded preview")
	}
	if rows[1] == nil || rows[1].thumb.Image == img {
		t.Error("item 1 shows a preview that is not its own")
	}
}

func TestBoundRowsFollowRecycling(t *testing.T) {
	b := newBoundRows()
	r1, r2 := &queueRow{}, &queueRow{}
	steps := []struct {
		id   int64
		row  *queueRow
		want map[int64]*queueRow
	}{
		{1, r1, map[int64]*queueRow{1: r1}},
		{2, r2, map[int64]*queueRow{1: r1, 2: r2}},
		{3, r1, map[int64]*queueRow{2: r2, 3: r1}}, // r1 recycled: item 1 is no longer shown
		{2, r1, map[int64]*queueRow{2: r1}},        // r1 now shows item 2; r2's old entry is replaced
	}
	for i, s := range steps {
		b.bound(s.id, s.row)
		s.row.id = s.id // what bind does
		if len(b.byID) != len(s.want) {
			t.Fatalf("step %d: %d entries, want %d", i, len(b.byID), len(s.want))
		}
		for id, r := range s.want {
			if b.byID[id] != r {
				t.Errorf("step %d: item %d bound to the wrong row", i, id)
			}
		}
	}
	b.forget(2)
	if len(b.byID) != 0 {
		t.Errorf("after forget: %d entries, want 0", len(b.byID))
	}
}

// ensure the status label keeps its importance in step with its text when
// a row goes from failed back to waiting with a note.
func TestRowStatusImportanceFollowsState(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch([]uploader.Event{evAdded(qItem(1, "a.png", uploader.StateFailed, 0, 100))})
	r := e.rows()[1]
	if r == nil || r.status.Importance != widget.DangerImportance {
		t.Fatal("a failed row does not show its error in the danger colour")
	}
	it := qItem(1, "a.png", uploader.StateQueued, 0, 100)
	it.Note = "the host asked to slow down"
	e.m.applyBatch([]uploader.Event{evUpdated(it)})
	if r.status.Text != it.Note || r.status.Importance != widget.WarningImportance {
		t.Errorf("status = %q (importance %v), want the note as a warning", r.status.Text, r.status.Importance)
	}
}
