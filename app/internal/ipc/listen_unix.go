//go:build unix

package ipc

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Dir is the directory of the socket: $XDG_RUNTIME_DIR/upshot, else
// <tmp>/upshot-<uid>.
func Dir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "upshot")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("upshot-%d", os.Getuid()))
}

// SocketPath is where the running instance listens.
func SocketPath() string { return filepath.Join(Dir(), "upshot.sock") }

// Listen makes this process the running instance: it takes the instance
// lock, removes a socket left by an instance that died, and serves each
// request by calling handler on its own goroutine. It returns ErrRunning
// when another instance is running.
func Listen(handler func(Request) Response) (*Server, error) {
	return listen(Dir(), handler, peerPolicy{uid: os.Getuid(), readTimeout: readTimeout})
}

// peerPolicy is whom a server talks to, and how long it waits for them.
type peerPolicy struct {
	uid         int
	readTimeout time.Duration
}

func listen(dir string, handler func(Request) Response, p peerPolicy) (*Server, error) {
	return listenNamed(dir, "upshot", handler, p)
}

// listenNamed listens on dir/name.sock under the lock dir/name.lock: the
// running instance is "upshot", a command-line recording "record".
func listenNamed(dir, name string, handler func(Request) Response, p peerPolicy) (*Server, error) {
	if err := privateDir(dir); err != nil {
		return nil, err
	}
	lock, err := takeLock(filepath.Join(dir, name+".lock"))
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name+".sock")
	// We hold the lock, so a socket here belongs to an instance that died.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		lock.Close()
		return nil, fmt.Errorf("remove the old socket %s: %w", path, err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err == nil {
		err = os.Chmod(path, 0o600) // the directory is private already; belt and braces
	}
	if err != nil {
		if ln != nil {
			ln.Close()
		}
		lock.Close()
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	peerOK := func(c net.Conn) bool {
		uc, ok := c.(*net.UnixConn)
		if !ok {
			return false
		}
		uid, err := peerUID(uc)
		return err == nil && uid == p.uid
	}
	return newServer(ln, path, handler, peerOK, p.readTimeout, func() { lock.Close() }), nil
}

// privateDir creates dir 0700, or checks that an existing one is ours and
// private: in the shared temporary directory another user could have made
// it first to catch our requests.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	perm, ours, err := ownDir(dir)
	if err != nil {
		return err
	}
	if !ours {
		return fmt.Errorf("%s is not a directory of this user: remove it and start Upshot again", dir)
	}
	if perm != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// ownDir reports whether dir is a directory — not a link to one — owned by
// this user, and its permission bits.
func ownDir(dir string) (perm os.FileMode, ours bool, err error) {
	fi, err := os.Lstat(dir)
	if err != nil {
		return 0, false, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return fi.Mode().Perm(), fi.IsDir() && ok && int(st.Uid) == os.Getuid(), nil
}

// takeLock takes the instance lock, or returns ErrRunning.
func takeLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the instance lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrRunning
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}
