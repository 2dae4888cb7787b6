package annotate

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// Autosaver writes a document to its file in the background, atomically,
// so that saving never holds up the editor: each Save replaces what is
// waiting to be written, and the writer always writes the latest.
type Autosaver struct {
	path  string
	onErr func(error)

	mu      sync.Mutex
	cond    *sync.Cond
	pending []byte
	writing bool
	closed  bool
	err     error // the last write's
	stopped chan struct{}
}

// NewAutosaver starts a writer for path. onErr, when not nil, is called
// from the writer's goroutine when a write fails, and with nil when one
// succeeds after a failure.
func NewAutosaver(path string, onErr func(error)) *Autosaver {
	a := &Autosaver{path: path, onErr: onErr, stopped: make(chan struct{})}
	a.cond = sync.NewCond(&a.mu)
	go a.run()
	return a
}

// Path is the file the saver writes.
func (a *Autosaver) Path() string { return a.path }

// Save queues b to be written. It does not block.
func (a *Autosaver) Save(b []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.pending = b
	a.cond.Broadcast()
}

// Flush waits until everything saved so far is written and returns the
// last write's error.
func (a *Autosaver) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	for a.pending != nil || a.writing {
		a.cond.Wait()
	}
	return a.err
}

// Close writes what is waiting and stops the writer.
func (a *Autosaver) Close() error {
	err := a.Flush()
	a.mu.Lock()
	a.closed = true
	a.cond.Broadcast()
	a.mu.Unlock()
	<-a.stopped
	return err
}

// Discard stops the writer, dropping what is waiting, and removes the file:
// the edits are finished (uploaded) or thrown away.
func (a *Autosaver) Discard() error {
	a.mu.Lock()
	a.pending = nil
	a.closed = true
	a.cond.Broadcast()
	a.mu.Unlock()
	<-a.stopped
	if err := os.Remove(a.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove saved edits: %w", err)
	}
	return nil
}

func (a *Autosaver) run() {
	defer close(a.stopped)
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		for a.pending == nil && !a.closed {
			a.cond.Wait()
		}
		if a.pending == nil {
			return
		}
		b := a.pending
		a.pending, a.writing = nil, true
		a.mu.Unlock()
		err := fsx.WriteFileAtomic(a.path, b, 0o600)
		if err != nil {
			err = fmt.Errorf("save edits to %s: %w", a.path, err)
		}
		a.mu.Lock()
		report := err != nil || a.err != nil
		a.writing, a.err = false, err
		a.cond.Broadcast()
		if report && a.onErr != nil {
			a.mu.Unlock()
			a.onErr(err)
			a.mu.Lock()
		}
	}
}
