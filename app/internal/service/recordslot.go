package service

import (
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
	return true
}

// Set records the recording that runs (RecordFlow.Started).
func (s *RecordSlot) Set(rec Recording) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec = rec
}

// End frees the slot.
func (s *RecordSlot) End() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy, s.rec = false, nil
}

// Stop stops the recording that runs; false when none does (none was
// begun, or it is still starting: its region not chosen yet).
func (s *RecordSlot) Stop() bool {
	s.mu.Lock()
	rec := s.rec
	s.mu.Unlock()
	if rec == nil {
		return false
	}
	rec.Stop()
	return true
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
