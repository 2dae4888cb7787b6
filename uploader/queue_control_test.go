package uploader

import (
	"context"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// blockingUploader reports each started upload and blocks until canceled.
func blockingUploader(started chan<- string) *fakeUploader {
	return &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		started <- f.Source
		return blockUntilCanceled(ctx)
	}}
}

func TestQueueCancel(t *testing.T) {
	files := writeImages(t, t.TempDir(), 2)
	started := make(chan string, 2)
	q := newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.Jobs = 1 })
	ids := q.Add("", Options{}, files...)
	receive(t, started, "the first upload")
	q.Cancel(ids[1]) // waiting: canceled at once
	if it, _ := q.Item(ids[1]); it.State != StateCanceled {
		t.Fatalf("queued item after Cancel: %v, want canceled", it.State)
	}
	q.Cancel(ids[0]) // running: its context is canceled
	waitIdle(t, q)
	for _, id := range ids {
		it, _ := q.Item(id)
		if it.State != StateCanceled || it.Err != nil {
			t.Errorf("item %d = %v err %v, want canceled without error", id, it.State, it.Err)
		}
	}
	if s := q.Summary(); s.Canceled != 2 || s.Outcome() != OutcomeNone {
		t.Errorf("summary %+v, want 2 canceled and outcome none", s)
	}
}

func TestQueueCancelAll(t *testing.T) {
	files := writeImages(t, t.TempDir(), 6)
	started := make(chan string, 6)
	up := blockingUploader(started)
	q := newTestQueue(t, up, func(c *QueueConfig) { c.Jobs = 2 })
	q.Add("", Options{}, files...)
	receive(t, started, "an upload")
	receive(t, started, "a second upload")
	q.CancelAll()
	waitIdle(t, q)
	for _, it := range q.Items() {
		if it.State != StateCanceled {
			t.Errorf("%s: %v, want canceled", it.Name, it.State)
		}
	}
	if n := up.calls.Load(); n != 2 {
		t.Errorf("%d uploads started, want only the 2 running ones", n)
	}
}

func TestQueueRetry(t *testing.T) {
	files := writeImages(t, t.TempDir(), 3)
	var mu sync.Mutex
	tries := map[string]int{}
	up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		mu.Lock()
		defer mu.Unlock()
		if tries[f.Source]++; tries[f.Source] == 1 {
			return nil, &APIError{Kind: KindNetwork, Message: "connection reset"}
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, nil)
	ids := q.Add("", Options{}, files...)
	waitIdle(t, q)
	if s := q.Summary(); s.Failed != 3 {
		t.Fatalf("summary %+v, want 3 failed first", s)
	}
	if !q.Retry(ids[1]) {
		t.Fatal("Retry of a failed item returned false")
	}
	waitIdle(t, q)
	if it, _ := q.Item(ids[1]); it.State != StateDone || it.Source != files[1] || it.Attempts != 2 {
		t.Fatalf("retried item = %v %s attempts %d, want done, same source, 2 attempts", it.State, it.Source, it.Attempts)
	}
	if q.Retry(ids[1]) {
		t.Error("Retry of a done item returned true")
	}
	if n := q.RetryFailed(); n != 2 {
		t.Errorf("RetryFailed = %d, want 2", n)
	}
	waitIdle(t, q)
	if s := q.Summary(); s.Done != 3 || s.Outcome() != OutcomeAllDone {
		t.Errorf("summary %+v, want all 3 done", s)
	}
}

func TestQueueRemove(t *testing.T) {
	dir := t.TempDir()
	files := writeImages(t, dir, 3)
	started := make(chan string, 3)
	q := newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.Jobs = 1 })
	ids := q.Add("", Options{}, files[:2]...)
	owned := q.AddOwned("", Options{}, files[2])
	receive(t, started, "the first upload")
	q.Remove(ids[1]) // waiting
	q.Remove(owned)  // waiting, owned: its file goes too
	q.Remove(ids[0]) // running
	waitIdle(t, q)
	if items := q.Items(); len(items) != 0 {
		t.Errorf("items after removing all: %+v", items)
	}
	if _, err := os.Stat(files[2]); !os.IsNotExist(err) {
		t.Errorf("owned capture still there after Remove: %v", err)
	}
	if _, err := os.Stat(files[0]); err != nil {
		t.Errorf("a user's file was deleted by Remove: %v", err)
	}
	if _, ok := q.Item(ids[0]); ok {
		t.Error("removed running item still found")
	}
}

func TestQueueClearFinished(t *testing.T) {
	files := writeImages(t, t.TempDir(), 2)
	up := &fakeUploader{fn: func(_ context.Context, f *File, call int) (*Result, error) {
		if f.Source == files[1] {
			return nil, &APIError{Kind: KindDenied, Message: "Request denied"}
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, nil)
	ids := q.Add("", Options{}, files...)
	waitIdle(t, q)
	q.ClearFinished()
	items := q.Items()
	if len(items) != 1 || items[0].ID != ids[1] {
		t.Errorf("after ClearFinished: %+v, want only the failed item", items)
	}
}

// pauseControl replaces the flood-pause timer so the test ends it on cue.
type pauseControl struct {
	mu     sync.Mutex
	lift   func()
	length time.Duration
}

func (p *pauseControl) install(q *Queue) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.afterFunc = func(d time.Duration, f func()) *time.Timer {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.lift, p.length = f, d
		return time.AfterFunc(time.Hour, func() {})
	}
}

func TestQueueFloodPausesOnlyThatHost(t *testing.T) {
	files := writeImages(t, t.TempDir(), 4) // 0,1 → host a; 2,3 → host b
	var lifted atomic.Bool
	var early atomic.Int64 // host-a uploads after the first, before the pause ended
	paused := make(chan struct{})
	upA := &fakeUploader{fn: func(_ context.Context, f *File, call int) (*Result, error) {
		if call == 1 {
			return nil, &APIError{Kind: KindRateLimited, Message: "Flooding detected", RetryAfter: 90 * time.Second}
		}
		if !lifted.Load() {
			early.Add(1)
		}
		return okResult(f), nil
	}}
	upB := &fakeUploader{}
	clock := time.Date(2025, 1, 2, 10, 40, 35, 0, time.Local)
	q := newTestQueue(t, nil, func(c *QueueConfig) {
		c.Jobs = 1
		c.Now = func() time.Time { return clock }
		c.Resolve = func(p string) (Target, error) {
			if p == "a" {
				return Target{Uploader: upA, Host: "a.example"}, nil
			}
			return Target{Uploader: upB, Host: "b.example"}, nil
		}
	})
	var pc pauseControl
	pc.install(q)
	go func() {
		for ev := range q.Events() {
			if ev.Kind == EventPaused {
				close(paused)
			}
		}
	}()
	a := q.Add("a", Options{}, files[:2]...)
	b := q.Add("b", Options{}, files[2:]...)
	receive(t, paused, "EventPaused")
	waitUntil(t, func() bool { it, _ := q.Item(b[1]); return it.State == StateDone }, "host b to go on")
	for _, id := range a {
		if it, _ := q.Item(id); it.State != StateQueued || !strings.Contains(it.Note, "retrying at 10:42:05") {
			t.Errorf("host-a item %d = %v %q, want queued with the pause in its note", id, it.State, it.Note)
		}
	}
	pc.mu.Lock()
	d, lift := pc.length, pc.lift
	pc.mu.Unlock()
	if d != 90*time.Second {
		t.Errorf("pause length %v, want the host's RetryAfter 90s", d)
	}
	lifted.Store(true)
	lift()
	waitIdle(t, q)
	if s := q.Summary(); s.Done != 4 || early.Load() != 0 || upA.calls.Load() != 3 {
		t.Errorf("summary %+v, early uploads %d, host-a calls %d; want 4 done, 0 early, 3 calls",
			s, early.Load(), upA.calls.Load())
	}
}

func TestQueueFloodDefaultWait(t *testing.T) {
	file := writeImages(t, t.TempDir(), 1)
	up := &fakeUploader{fn: func(_ context.Context, f *File, call int) (*Result, error) {
		if call == 1 {
			return nil, &APIError{Kind: KindRateLimited, HTTPStatus: 429}
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, nil)
	var pc pauseControl
	pc.install(q)
	q.Add("", Options{}, file...)
	waitUntil(t, func() bool { pc.mu.Lock(); defer pc.mu.Unlock(); return pc.lift != nil }, "the pause")
	pc.mu.Lock()
	d, lift := pc.length, pc.lift
	pc.mu.Unlock()
	if d != time.Minute {
		t.Errorf("pause without RetryAfter = %v, want 1m", d)
	}
	lift()
	waitIdle(t, q)
	if s := q.Summary(); s.Done != 1 || s.Failed != 0 {
		t.Errorf("summary %+v, want the item done after the pause, never failed", s)
	}
}

// waitUntil polls a condition that must become true soon; the guard only
// turns a hang into a failure.
func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
