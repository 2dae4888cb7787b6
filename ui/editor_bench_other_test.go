//go:build !linux

package ui

import "time"

// threadClock has no per-thread CPU clock here: it reports zero.
func threadClock() (now func() time.Duration, done func()) {
	return func() time.Duration { return 0 }, func() {}
}
