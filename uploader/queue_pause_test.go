package uploader

import (
	"context"
	"testing"
	"time"
)

// Paused, the queue lets the running upload finish, starts nothing else,
// and keeps the waiting items journaled; unpaused, they go.
func TestQueuePauseHoldsWaitingItems(t *testing.T) {
	dir, jdir := t.TempDir(), t.TempDir()
	files := writeImages(t, dir, 4)
	started := make(chan string, 4)
	release := make(chan struct{})
	up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		started <- f.Source
		if f.Source == files[0] {
			<-release
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, func(c *QueueConfig) { c.Jobs, c.JournalDir = 2, jdir })
	first := q.Add("p", Options{}, files[0])[0]
	receive(t, started, "the first upload")
	q.Pause()
	q.Add("p", Options{}, files[1:3]...)
	close(release)
	waitUntil(t, func() bool { it, _ := q.Item(first); return it.State == StateDone }, "the running upload to finish")
	select {
	case src := <-started:
		t.Fatalf("%s started while the queue was paused", src)
	case <-time.After(100 * time.Millisecond): // a chance for a wrong start; the pass does not depend on it
	}
	if s := q.Summary(); !q.Paused() || s.Queued != 2 || s.Done != 1 {
		t.Fatalf("paused %v, summary %+v; want paused with 2 queued, 1 done", q.Paused(), s)
	}
	q.Unpause()
	waitIdle(t, q)
	if s := q.Summary(); s.Done != 3 || q.Paused() {
		t.Errorf("after Unpause: %+v, paused %v; want 3 done", s, q.Paused())
	}

	// Paused at quit: the waiting item is offered again next time.
	q.Pause()
	q.Add("p", Options{}, files[3])
	q.Close()
	q2 := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := q2.Pending(); n != 1 {
		t.Errorf("Pending after a quit while paused = %d, want 1", n)
	}
}

// Pause and Unpause are announced once each, with the state.
func TestQueuePauseEvents(t *testing.T) {
	q := newTestQueue(t, &fakeUploader{}, nil)
	q.Pause()
	q.Pause() // no second event
	q.Unpause()
	for _, want := range []bool{true, false} {
		ev := receive(t, q.Events(), "a hold event")
		if ev.Kind != EventHold || ev.Held != want {
			t.Fatalf("event %v held %v, want EventHold held %v", ev.Kind, ev.Held, want)
		}
	}
}
