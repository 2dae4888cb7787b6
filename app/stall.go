package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// startStallProbe measures how long the UI thread takes to run a tiny task
// posted every 10 ms — the longest wait is the longest stall a user would
// feel. It is off unless UPSHOT_STALL_LOG names a file, where the maximum
// (in ms) is rewritten every second; `make bench` reads it.
func startStallProbe() {
	path := os.Getenv("UPSHOT_STALL_LOG")
	if path == "" {
		return
	}
	var worst atomic.Int64
	go func() {
		// Start once the window is up: creating it is start-up, not a stall.
		up := make(chan struct{})
		fyne.Do(func() { close(up) })
		<-up
		time.Sleep(time.Second)
		last := time.Now()
		for {
			start := time.Now()
			done := make(chan struct{})
			fyne.Do(func() {
				if d := time.Since(start); int64(d) > worst.Load() {
					worst.Store(int64(d))
				}
				close(done)
			})
			<-done
			if time.Since(last) > time.Second {
				last = time.Now()
				_ = os.WriteFile(path, []byte(fmt.Sprintf("%d\n", time.Duration(worst.Load()).Milliseconds())), 0o600)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
}
