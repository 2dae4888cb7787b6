package service

import (
	"context"
	"sync"
	"time"
)

// RecordSlot is the one recording a process makes at a time: the hotkey
// pressed again, the tray and `upshot record stop` reach it here. Its
// zero value is empty and ready.
type RecordSlot struct {
	mu   sync.Mutex
	busy bool // a recording is being prepared, made or finished
	rec  Recording
	run  *slotRun // the flow under way, for StopAndWait; nil when none
	last *slotRun // the last flow to end, for Wait
}

// slotRun is the end of one recording's flow, for those who stopped it.
type slotRun struct {
	done   chan struct{} // closed by End
	queued int64         // the queue item the file became (Queued); 0: none
	err    error         // the flow's error (End)
}

// Begin takes the slot for a new recording; false when one is under way.
// The caller calls End once the recording's flow is over.
func (s *RecordSlot) Begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy {
		return false
	}
	s.busy = true
	s.run = &slotRun{done: make(chan struct{})}
	return true
}

// Set records the recording that runs (RecordFlow.Started).
func (s *RecordSlot) Set(rec Recording) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec = rec
}

// Queued records the queue item that the recording's file became, for
// StopAndWait (RecordFlow.Queue, where the queue gives items numbers).
func (s *RecordSlot) Queued(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != nil {
		s.run.queued = id
	}
}

// End frees the slot once the flow is over; err is what it returned.
func (s *RecordSlot) End(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != nil {
		s.run.err = err
		close(s.run.done)
		s.last = s.run
	}
	s.busy, s.rec, s.run = false, nil, nil
}

// Stop stops the recording that runs; false when none does (none was
// begun, or it is still starting: its region not chosen yet).
func (s *RecordSlot) Stop() bool {
	_, ok := s.StopAndWait()
	return ok
}

// StopAndWait is Stop, with a wait for the end of the stopped recording's
// flow (see Wait).
func (s *RecordSlot) StopAndWait() (wait func(ctx context.Context) (int64, error), ok bool) {
	s.mu.Lock()
	rec, run := s.rec, s.run
	s.mu.Unlock()
	if rec == nil || run == nil {
		return nil, false
	}
	rec.Stop()
	return run.wait, true
}

// Wait is a wait for the end of the recording's flow under way (still
// starting, recording or finishing), else of the last one that ended: it
// gives the queue item the file became (0 when none was queued — too big,
// failed, canceled) and the flow's error, or ctx's. ok is false when this
// slot has seen no recording.
func (s *RecordSlot) Wait() (wait func(ctx context.Context) (int64, error), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := s.run
	if run == nil {
		run = s.last
	}
	if run == nil {
		return nil, false
	}
	return run.wait, true
}

// wait waits for the flow's end or ctx.
func (r *slotRun) wait(ctx context.Context) (int64, error) {
	select {
	case <-r.done:
		return r.queued, r.err // written before done closed
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Busy reports whether a recording is under way, and how long the one
// that runs has been recording (0 while it starts or finishes).
func (s *RecordSlot) Busy() (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec == nil {
		return s.busy, 0
	}
	select {
	case <-s.rec.Done():
		return s.busy, 0
	default:
	}
	return s.busy, s.rec.Elapsed()
}

// Recording reports whether a recording runs (and can be stopped).
func (s *RecordSlot) Recording() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec == nil {
		return false
	}
	select {
	case <-s.rec.Done():
		return false
	default:
		return true
	}
}
