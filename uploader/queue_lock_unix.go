//go:build unix

package uploader

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// tryLock takes an exclusive, non-blocking flock on f. The lock belongs to
// the open file, so it also excludes other queues of the same process, and
// the kernel drops it when the process dies.
func tryLock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// pidAlive reports whether a process with this pid exists and is not a
// zombie (a killed child its parent has not reaped yet).
func pidAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	if err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if st, ok := procStat(pid); ok && len(st) > 0 && st[0] == "Z" {
		return false
	}
	return true
}

// procStart is the process start time in clock ticks since boot (Linux), so
// that a recycled pid is not taken for the journal's owner; "0" when unknown.
func procStart(pid int) string {
	st, ok := procStat(pid)
	if !ok || len(st) < 20 {
		return "0"
	}
	return st[19] // field 22 of /proc/<pid>/stat
}

// procStat returns the fields of /proc/<pid>/stat after the command name
// (field 3, the state, first).
func procStat(pid int) ([]string, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may contain spaces and parens
	if i < 0 {
		return nil, false
	}
	return strings.Fields(s[i+1:]), true
}

// openShared opens an existing journal file for reading and writing.
func openShared(path string, _ bool) (*os.File, error) { return os.OpenFile(path, os.O_RDWR, 0) }

// createTemp is os.CreateTemp.
func createTemp(dir, pattern string) (*os.File, error) { return os.CreateTemp(dir, pattern) }
