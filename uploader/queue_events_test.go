package uploader

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
)

func TestEmitterNeverDropsStateEvents(t *testing.T) {
	em := newEmitter(4)
	for i := range 50 {
		for range 100 {
			em.push(Event{Kind: EventProgress})
		}
		em.push(Event{Kind: EventUpdated, Item: Item{ID: int64(i)}})
	}
	em.close()
	var updates []int64
	progress := 0
	for ev := range em.out {
		switch ev.Kind {
		case EventUpdated:
			updates = append(updates, ev.Item.ID)
		case EventProgress:
			progress++
		}
	}
	if len(updates) != 50 {
		t.Fatalf("%d updates delivered, want all 50", len(updates))
	}
	for i, id := range updates {
		if id != int64(i) {
			t.Fatalf("updates out of order: %v", updates)
		}
	}
	if progress > 5000/2 {
		t.Errorf("%d progress events delivered to a stalled consumer; they should be coalesced", progress)
	}
}

func TestQueueEventsCarrySummaryAndProgress(t *testing.T) {
	files := writeImages(t, t.TempDir(), 2)
	release := make(chan struct{})
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		<-release
		return okResult(f), nil
	}}
	var half atomic.Int64
	wrapped := uploaderFunc(func(ctx context.Context, f *File, o Options, sent *atomic.Int64) (*Result, error) {
		half.Store(f.Size / 2)
		sent.Store(f.Size / 2) // the client counts bytes as they go out
		return up.fn(ctx, f, 0)
	})
	q := newTestQueue(t, wrapped, func(c *QueueConfig) { c.Jobs = 2 })
	ids := q.Add("", Options{}, files...)
	var (
		added    int
		sawHalf  bool
		idle     Event
		lastKind EventKind
	)
	for ev := range q.Events() {
		if ev.Kind != EventIdle && ev.Summary.Total != len(ids) && ev.Kind != EventAdded {
			t.Errorf("%v event with summary total %d, want %d", ev.Kind, ev.Summary.Total, len(ids))
		}
		switch ev.Kind {
		case EventAdded:
			added++
			if ev.Summary.Total != added {
				t.Errorf("Added event #%d carries total %d", added, ev.Summary.Total)
			}
		case EventProgress:
			for _, s := range ev.Progress {
				if s.Sent == half.Load() && s.Total > 0 && !sawHalf {
					sawHalf = true
					close(release)
				}
			}
		}
		lastKind = ev.Kind
		if ev.Kind == EventIdle {
			idle = ev
			break
		}
	}
	if !sawHalf {
		t.Error("no progress sample showed the bytes sent")
	}
	if lastKind != EventIdle || idle.Summary.Done != 2 || idle.Summary.Percent() != 100 {
		t.Errorf("idle event %+v, want 2 done at 100%%", idle.Summary)
	}
}

// uploaderFunc adapts a function to Uploader.
type uploaderFunc func(ctx context.Context, f *File, o Options, sent *atomic.Int64) (*Result, error)

func (u uploaderFunc) Upload(ctx context.Context, f *File, o Options, sent *atomic.Int64) (*Result, error) {
	return u(ctx, f, o, sent)
}

func TestQueueCloseClosesEvents(t *testing.T) {
	files := writeImages(t, t.TempDir(), 3)
	started := make(chan string, 3)
	q := newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.Jobs = 1 })
	q.Add("", Options{}, files...)
	receive(t, started, "the first upload")
	q.Close()
	q.Close() // idempotent
	n := 0
	for range q.Events() {
		n++
	}
	if n == 0 {
		t.Error("no events delivered before the channel closed")
	}
	for _, it := range q.Items() {
		if it.State != StateCanceled {
			t.Errorf("%s after Close: %v, want canceled", it.Name, it.State)
		}
	}
	if err := q.Wait(context.Background()); err != nil {
		t.Errorf("Wait after Close: %v", err)
	}
}

func TestQueueIdleAfterBatchThatFailedAtOnce(t *testing.T) {
	q := newTestQueue(t, &fakeUploader{}, nil)
	missing := t.TempDir() + "/gone"
	os.Mkdir(missing, 0o700) // an empty folder: Expand reports it, nothing to upload
	q.Add("", Options{}, missing)
	for {
		ev := receive(t, q.Events(), "events")
		if ev.Kind == EventIdle {
			if ev.Summary.Failed != 1 || ev.Summary.Outcome() != OutcomeNone {
				t.Errorf("idle summary %+v, want 1 failed, outcome none", ev.Summary)
			}
			return
		}
	}
}
