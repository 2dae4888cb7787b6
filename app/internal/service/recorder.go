package service

import (
	"sync"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// Recorder writes finished uploads to the history at path. A history that
// cannot be written is reported once through warn and does not fail the
// upload. Writes from this process's workers take turns: the store's file
// lock polls every 50 ms, so contending with ourselves would cost each
// upload that much.
func Recorder(path string, warn func(Warning)) func(uploader.Item) {
	var (
		mu     sync.Mutex
		warned bool
	)
	return func(it uploader.Item) {
		e := history.FromResult(it.Profile, it) // hashing and the preview need no lock
		mu.Lock()
		defer mu.Unlock()
		db, err := history.Open(path)
		if err == nil {
			_, err = db.Add(e)
			db.Close()
		}
		if err != nil && !warned {
			warned = true
			warn(Warning{Kind: WarnHistory, Err: err})
		}
	}
}
