package uploader

import (
	"os"
	"slices"
)

// snapshot copies the item so that callers never share the queue's state.
// Called with Queue.mu held.
func (e *entry) snapshot() Item {
	it := e.item
	if it.State == StateUploading {
		it.Sent = e.sent.Load()
	}
	it.Options.Tags = slices.Clone(it.Options.Tags)
	if it.Result != nil {
		r := *it.Result
		it.Result = &r
	}
	return it
}

// summary aggregates all items. Failed and canceled items count in Total but
// not in the byte totals, so the percentage reaches 100 when the rest is done.
// Called with q.mu held.
func (q *Queue) summary() Summary {
	var s Summary
	for _, e := range q.list {
		s.Total++
		switch e.item.State {
		case StateQueued, StatePreparing:
			s.Queued++
			s.Bytes += e.item.Total
		case StateUploading:
			s.Uploading++
			s.Bytes += e.item.Total
			s.SentBytes += min(e.sent.Load(), e.item.Total)
		case StateDone:
			s.Done++
			s.Bytes += e.item.Total
			s.SentBytes += e.item.Total
		case StateFailed:
			s.Failed++
		case StateCanceled:
			s.Canceled++
		}
	}
	return s
}

// emit queues an event about e with the current summary. Called with q.mu held.
func (q *Queue) emit(kind EventKind, e *entry) {
	q.ev.push(Event{Kind: kind, Item: e.snapshot(), Summary: q.summary(), Time: q.cfg.Now()})
}

// setState moves an item and keeps the count of active items, which Wait and
// the idle event use. Called with q.mu held.
func (q *Queue) setState(e *entry, s State) {
	was := !e.item.State.Final()
	e.item.State = s
	switch now := !s.Final(); {
	case was && !now:
		q.active--
		q.ended()
	case !was && now:
		q.addActive(1)
	}
}

// busy counts what Wait and the idle event wait for: active items and
// Record calls still running. Called with q.mu held.
func (q *Queue) busy() int { return q.active + q.recording }

// addActive counts n more active items, opening a new busy period (a new
// idle channel) when the queue was idle. Called with q.mu held.
func (q *Queue) addActive(n int) {
	was := q.busy()
	q.active += n
	if was == 0 && q.busy() > 0 {
		q.idle = make(chan struct{})
	}
}

// settle announces that nothing is left to do, once per busy period.
// Called with q.mu held after every change.
func (q *Queue) settle() {
	if q.busy() != 0 {
		return
	}
	select {
	case <-q.idle:
		return // already announced
	default:
	}
	close(q.idle)
	q.ev.push(Event{Kind: EventIdle, Summary: q.summary(), Time: q.cfg.Now()})
}

// Cancel stops an item: a waiting one at once, a running one by canceling
// its context (it then ends StateCanceled, not failed).
func (q *Queue) Cancel(id int64) {
	q.mu.Lock()
	var ref jref
	if e, ok := q.byID[id]; ok && q.cancelLocked(e) {
		ref = e.jref
	}
	q.settle()
	q.mu.Unlock()
	q.jr.finish(ref, opRemoved)
}

// CancelAll cancels every item that is not finished.
func (q *Queue) CancelAll() {
	q.mu.Lock()
	var refs []jref
	for _, e := range q.list {
		if q.cancelLocked(e) {
			refs = append(refs, e.jref)
		}
	}
	q.settle()
	q.mu.Unlock()
	for _, r := range refs {
		q.jr.finish(r, opRemoved)
	}
}

// cancelLocked cancels e if it is not finished. It reports whether e is
// canceled already (a waiting item); a running item is only signaled and
// its worker records the end state. Called with q.mu held.
func (q *Queue) cancelLocked(e *entry) bool {
	switch {
	case e.item.State.Final():
		return false
	case e.cancel != nil:
		e.canceled = true
		e.cancel()
		return false
	default:
		e.item.Note = "canceled"
		q.setState(e, StateCanceled)
		q.emit(EventUpdated, e)
		return true
	}
}

// Retry queues a failed or canceled item again, with the same source. It
// refuses (false) an item whose failure is Permanent.
func (q *Queue) Retry(id int64) bool {
	q.mu.Lock()
	e, ok := q.byID[id]
	ok = ok && q.retryLocked(e)
	q.mu.Unlock()
	if ok {
		q.rejournal(e)
	}
	return ok
}

// RetryFailed queues every failed item a retry may help again and returns
// how many (a permanent failure stays as it is).
func (q *Queue) RetryFailed() int {
	q.mu.Lock()
	var again []*entry
	for _, e := range q.list {
		if e.item.State == StateFailed && q.retryLocked(e) {
			again = append(again, e)
		}
	}
	q.mu.Unlock()
	for _, e := range again {
		q.rejournal(e)
	}
	return len(again)
}

// retryLocked requeues e when it failed for a reason a retry may get past,
// or was canceled. Called with q.mu held.
func (q *Queue) retryLocked(e *entry) bool {
	if q.closed || e.addErr || !e.item.Retryable() || e.cancel != nil {
		return false
	}
	e.item.Err, e.item.Note, e.item.Sent = nil, "", 0
	e.canceled = false
	q.setState(e, StateQueued)
	q.emit(EventUpdated, e)
	q.cond.Broadcast()
	return true
}

// rejournal records a retried item again if a cancel had marked it finished
// (failed items never leave the journal).
func (q *Queue) rejournal(e *entry) {
	q.mu.Lock()
	ref := e.jref
	n := newItem{source: e.item.Source, profile: e.item.Profile, dest: e.item.Dest, opts: e.item.Options, owned: e.owned}
	id := e.item.ID
	q.mu.Unlock()
	if q.jr == nil || e.item.Source == "" || (ref.file != nil && q.jr.isLive(ref)) {
		return
	}
	if items := []newItem{n}; q.journalAdd(items, id) == nil {
		q.mu.Lock()
		e.jref = items[0].jref
		q.mu.Unlock()
	}
}

// Remove deletes an item from the queue, canceling it if it runs, and
// deletes an owned capture file.
func (q *Queue) Remove(id int64) {
	q.mu.Lock()
	e, ok := q.byID[id]
	if !ok {
		q.mu.Unlock()
		return
	}
	q.unlink(e)
	running := e.cancel != nil
	if running {
		e.removed = true
		e.cancel()
	}
	q.settle()
	q.mu.Unlock()
	q.jr.finish(e.jref, opRemoved)
	if !running {
		q.cleanup(e, true)
	}
}

// ClearFinished removes the items that uploaded.
func (q *Queue) ClearFinished() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range slices.Clone(q.list) {
		if e.item.State == StateDone {
			q.unlink(e)
		}
	}
}

// unlink takes e out of the list and announces it. Called with q.mu held.
func (q *Queue) unlink(e *entry) {
	if i := slices.Index(q.list, e); i >= 0 {
		q.list = slices.Delete(q.list, i, i+1)
	}
	delete(q.byID, e.item.ID)
	if !e.item.State.Final() {
		q.active--
	}
	q.ev.push(Event{Kind: EventRemoved, Item: e.snapshot(), Summary: q.summary(), Time: q.cfg.Now()})
	q.ended()
}

// cleanup deletes what an item leaves behind once nobody will retry it: the
// stdin spool and, when owned is set and the file is the app's, the capture.
func (q *Queue) cleanup(e *entry, owned bool) {
	q.mu.Lock()
	spool := e.stdin
	e.stdin = nil
	q.mu.Unlock()
	if spool != nil {
		os.Remove(spool.Path)
	}
	if owned && e.owned {
		os.Remove(e.item.Source)
	}
}
