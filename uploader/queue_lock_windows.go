package uploader

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/windows"
)

// The journal renames and deletes files it holds open, and locks them. On
// Windows a file opened without FILE_SHARE_DELETE can be neither renamed
// nor deleted while open, which os.OpenFile does not ask for: journal
// files are opened here with every share flag, and locked with LockFileEx.

// tryLock takes an exclusive lock, without waiting, on one byte far past
// the end of f: Windows locks are mandatory, and a lock on the data would
// stop others reading it. The lock belongs to this handle and ends with it,
// or with the process.
func tryLock(f *os.File) error {
	ol := new(windows.Overlapped)
	ol.OffsetHigh = 0x7fffffff
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
}

// openShared opens path for reading and writing so that it can be renamed
// and deleted while open.
func openShared(path string, create bool) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	disp := uint32(syscall.OPEN_EXISTING)
	if create {
		disp = syscall.CREATE_NEW
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE|syscall.FILE_SHARE_DELETE, nil, disp, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// createTemp is os.CreateTemp(dir, pattern) through openShared.
func createTemp(dir, pattern string) (*os.File, error) {
	before, after, _ := strings.Cut(pattern, "*")
	for range 100 {
		f, err := openShared(filepath.Join(dir, before+strconv.FormatUint(uint64(rand.Uint32()), 10)+after), true)
		if os.IsExist(err) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("create a file in %s: too many tries", dir)
}

// pidAlive reports whether a process with this pid runs (an exited one
// whose handle someone still holds does not count).
func pidAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	var code uint32
	const stillActive = 259
	return windows.GetExitCodeProcess(h, &code) == nil && code == stillActive
}

// procStart is the process creation time (100 ns since 1601), so that a
// recycled pid is not taken for the journal's owner; "0" when unknown.
func procStart(pid int) string {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return "0"
	}
	defer windows.CloseHandle(h)
	var created, exited, kernel, user windows.Filetime
	if windows.GetProcessTimes(h, &created, &exited, &kernel, &user) != nil {
		return "0"
	}
	return strconv.FormatInt(created.Nanoseconds()/100, 10)
}
