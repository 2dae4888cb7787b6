package uploader

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestWaitForReturnsWhileOthersRun: the hand-off's items finish while an
// item of the window's own keeps uploading; WaitFor returns for them
// without the queue ever going idle.
func TestWaitForReturnsWhileOthersRun(t *testing.T) {
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		if filepath.Base(f.Source) == "img000.png" {
			return blockUntilCanceled(ctx) // the window's long upload
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, nil)
	paths := writeImages(t, t.TempDir(), 4)
	busy := q.Add("", Options{}, paths[0])
	ids := q.Add("", Options{}, paths[1:]...)
	removed := q.Add("", Options{}, filepath.Join(t.TempDir(), "missing.png"))[0]
	q.Remove(removed)
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	items, err := q.WaitFor(ctx, append(ids, removed))
	if err != nil {
		t.Fatalf("WaitFor: %v", err)
	}
	for i, it := range items[:3] {
		if it.ID != ids[i] || it.State != StateDone {
			t.Errorf("item %d = %d %v, want %d done", i, it.ID, it.State, ids[i])
		}
	}
	if r := items[3]; r.ID != removed || r.State != StateCanceled {
		t.Errorf("removed item = %+v, want it canceled", r)
	}
	if it, _ := q.Item(busy[0]); it.State.Final() {
		t.Fatalf("the long upload ended (%v); the test proves nothing", it.State)
	}
}

// TestWaitForGivesUpWithContext: a context that ends returns what there
// is, with the context's error.
func TestWaitForGivesUpWithContext(t *testing.T) {
	up := &fakeUploader{fn: func(ctx context.Context, _ *File, _ int) (*Result, error) { return blockUntilCanceled(ctx) }}
	q := newTestQueue(t, up, nil)
	ids := q.Add("", Options{}, writeImages(t, t.TempDir(), 2)...)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var items []Item
	go func() {
		var err error
		items, err = q.WaitFor(ctx, ids)
		done <- err
	}()
	cancel()
	err := receive(t, done, "WaitFor to give up")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitFor = %v, want context.Canceled", err)
	}
	if len(items) != 2 || items[0].ID != ids[0] || items[1].ID != ids[1] || items[1].State.Final() {
		t.Errorf("items = %+v, want both, still running", items)
	}
}
