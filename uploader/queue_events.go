package uploader

import (
	"sync"
	"time"
)

// emitter delivers events in order through a buffered channel without ever
// blocking the producer: events wait in an unbounded slice and one sender
// goroutine moves them to the channel. While the consumer lags, consecutive
// progress events collapse into the newest one; the other kinds are never
// dropped.
type emitter struct {
	out  chan Event
	wake chan struct{} // capacity 1: "there is something to send"

	mu      sync.Mutex
	pending []Event
	closing bool
}

func newEmitter(buffer int) *emitter {
	em := &emitter{out: make(chan Event, buffer), wake: make(chan struct{}, 1)}
	go em.run()
	return em
}

// push queues an event; it never blocks.
func (em *emitter) push(ev Event) {
	em.mu.Lock()
	switch n := len(em.pending); {
	case em.closing:
		em.mu.Unlock()
		return
	case ev.Kind == EventProgress && n > 0 && em.pending[n-1].Kind == EventProgress:
		em.pending[n-1] = ev // coalesce: only the newest sample matters
	default:
		em.pending = append(em.pending, ev)
	}
	em.mu.Unlock()
	select {
	case em.wake <- struct{}{}:
	default:
	}
}

// congested reports whether the consumer is behind, so that the ticker can
// skip a sample instead of filling the buffer with stale progress.
func (em *emitter) congested() bool {
	return len(em.out) > cap(em.out)/2
}

// close delivers what is pending, then closes the channel.
func (em *emitter) close() {
	em.mu.Lock()
	em.closing = true
	em.mu.Unlock()
	select {
	case em.wake <- struct{}{}:
	default:
	}
}

func (em *emitter) run() {
	for {
		em.mu.Lock()
		batch, closing := em.pending, em.closing
		em.pending = nil
		em.mu.Unlock()
		for _, ev := range batch {
			em.out <- ev
		}
		if len(batch) > 0 {
			continue
		}
		if closing {
			close(em.out)
			return
		}
		<-em.wake
	}
}

// ticker samples the byte counts of all uploading items every SampleEvery
// and sends them as one progress event; workers never report progress
// themselves.
func (q *Queue) ticker() {
	defer q.wg.Done()
	t := time.NewTicker(q.cfg.SampleEvery)
	defer t.Stop()
	for {
		select {
		case <-q.ctx.Done():
			return
		case <-t.C:
			q.sample()
		}
	}
}

// sample emits one progress event if any item is uploading.
func (q *Queue) sample() {
	if q.ev.congested() {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var samples []ProgressSample
	for _, e := range q.list {
		if e.item.State == StateUploading {
			sent := min(e.sent.Load(), e.item.Total)
			samples = append(samples, ProgressSample{ID: e.item.ID, Sent: sent, Total: e.item.Total})
		}
	}
	if len(samples) > 0 {
		q.ev.push(Event{Kind: EventProgress, Progress: samples, Summary: q.summary(), Time: q.cfg.Now()})
	}
}
