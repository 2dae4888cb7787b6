//go:build !unix

package uploader

import "os"

// tryLock is a no-op where flock is not available: the journal then relies
// on the owner's pid and the claiming rename alone.
func tryLock(*os.File) error { return nil }

// pidAlive reports whether a process with this pid exists.
func pidAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// procStart is unknown on this platform.
func procStart(int) string { return "0" }
