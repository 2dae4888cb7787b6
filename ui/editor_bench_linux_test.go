package ui

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPU is Linux's CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPU = 3

// threadClock returns a function that reads the CPU time the calling
// goroutine's thread has used, to the nanosecond; the goroutine stays on
// that thread until done is called. On a busy machine it measures the work
// of a step, which wall-clock time mixes with waiting for a core.
func threadClock() (now func() time.Duration, done func()) {
	runtime.LockOSThread()
	return func() time.Duration {
		var ts syscall.Timespec
		if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPU, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
			return 0
		}
		return time.Duration(ts.Nano())
	}, runtime.UnlockOSThread
}
