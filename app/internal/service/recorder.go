package service

import (
	"errors"
	"sync"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// Recorder writes finished uploads to the history at path. A history that
// cannot be written is reported once through warn and does not fail the
// upload. Writes from this process's workers take turns: the store's file
// lock polls every 50 ms, so contending with ourselves would cost each
// upload that much.
func Recorder(path string, warn func(Warning)) func(uploader.Item) {
	write := entryWriter(path, warn)
	return func(it uploader.Item) {
		write(history.FromResult(it.Profile, it)) // hashing and the preview need no lock
	}
}

// entryWriter writes entries to the history at path, one call at a time,
// in one transaction per call.
func entryWriter(path string, warn func(Warning)) func(...history.Entry) {
	var (
		mu     sync.Mutex
		warned bool
	)
	return func(es ...history.Entry) {
		mu.Lock()
		defer mu.Unlock()
		h := History{Path: path}
		err := h.Add(es...)
		// A history busy past the store's wait (readers in other processes,
		// a slow machine) is tried again for a while: giving up would lose
		// the entries of uploads that worked.
		for try := 1; errors.Is(err, bolterrors.ErrTimeout) && try < busyTries; try++ {
			time.Sleep(time.Second)
			err = h.Add(es...)
		}
		if err != nil && !warned {
			warned = true
			warn(Warning{Kind: WarnHistory, Err: err})
		}
	}
}

// maxRecordBatch bounds the entries written in one transaction.
const maxRecordBatch = 256

// busyTries is how many times Recorder tries a busy history (each try
// waits up to the store's 5 s for the lock) before it reports it.
const busyTries = 12

// AsyncRecorder is Recorder for a command-line batch: a worker hands a
// finished item over and goes on to its next upload, while one goroutine
// hashes, makes the preview and writes the history, in the order items
// finished (the history's fsyncs held every worker ~2 ms an item). The
// items that finished while it wrote are written together, in one
// transaction: a batch of 200 files over a fast link costs a few opens
// and syncs of the history, not 200. flush waits until every item handed
// over is written; call it once the queue is closed, before the process
// exits.
func AsyncRecorder(path string, warn func(Warning)) (record func(uploader.Item), flush func()) {
	write := entryWriter(path, warn)
	items := make(chan uploader.Item, 256)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for it := range items {
			batch := []history.Entry{history.FromResult(it.Profile, it)}
			// The only receiver: what len counts can be taken without waiting.
			for len(batch) < maxRecordBatch && len(items) > 0 {
				it := <-items
				batch = append(batch, history.FromResult(it.Profile, it))
			}
			write(batch...)
		}
	}()
	var once sync.Once
	return func(it uploader.Item) { items <- it }, func() { once.Do(func() { close(items) }); <-done }
}
