package uploader

import "time"

// Pauses: of one host, when it asks to slow down (flood protection), and
// of the whole queue, when the user asks (the window's Pause, the tray).
//
// When the user pauses the queue, uploads already sending finish: an HTTP upload cannot be suspended in the
// middle of its body — the host would time the connection out, and
// canceling it would throw away what was sent only to send it again. Items
// still waiting stay queued, and journaled: a quit while paused offers
// them again on the next start, which starts unpaused.

// Pause holds the items that have not started until Unpause; uploads
// already on their way finish. An EventHold says so.
func (q *Queue) Pause() { q.setHeld(true) }

// Unpause lets the workers start waiting items again.
func (q *Queue) Unpause() { q.setHeld(false) }

// Paused reports whether the queue is paused.
func (q *Queue) Paused() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.held
}

func (q *Queue) setHeld(held bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.held == held || q.closed {
		return
	}
	q.held = held
	q.ev.push(Event{Kind: EventHold, Held: held, Summary: q.summary(), Time: q.cfg.Now()})
	if !held {
		q.cond.Broadcast()
	}
}

// hostPaused reports whether host is in a flood pause.
func (q *Queue) hostPaused(host string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.paused[host] != nil
}

// hostPause is a flood pause of one host.
type hostPause struct {
	until time.Time
	timer *time.Timer
}

// pause holds every item of host for d; then the workers look again.
// Called with q.mu held.
func (q *Queue) pause(host string, d time.Duration) {
	if p := q.paused[host]; p != nil {
		p.timer.Stop()
	}
	p := &hostPause{until: q.cfg.Now().Add(d)}
	p.timer = q.afterFunc(d, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.paused[host] == p {
			delete(q.paused, host)
			q.cond.Broadcast()
		}
	})
	q.paused[host] = p
}

// pauseNote says until when host is paused. Called with q.mu held.
func (q *Queue) pauseNote(host string) string {
	if p := q.paused[host]; p != nil {
		return "host asks to slow down — retrying at " + p.until.Format("15:04:05")
	}
	return "host asks to slow down"
}
