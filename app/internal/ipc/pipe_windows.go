package ipc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// A named pipe rather than an AF_UNIX socket: Windows cleans a pipe's name
// up when its last handle closes (no stale socket file after a crash), its
// first instance is the single-instance lock (FILE_FLAG_FIRST_PIPE_INSTANCE),
// its DACL lets only this user open it, and both ends can ask which process
// — so which user — is at the other end, which AF_UNIX on Windows cannot.
// Wine, where the Windows build is tested, has no AF_UNIX at all.

// pipeBuf is each direction's buffer: a request or an answer is one line.
const pipeBuf = 64 << 10

// pipeAddr is a pipe's name as a net.Addr.
type pipeAddr string

func (a pipeAddr) Network() string { return "pipe" }
func (a pipeAddr) String() string  { return string(a) }

// pipeConn is one end of a connected pipe. The handle is overlapped, so
// os.File runs its I/O through Go's poller: reads and writes honour
// deadlines (Go 1.24 and later).
type pipeConn struct {
	*os.File
	h    windows.Handle
	addr pipeAddr
}

func newPipeConn(h windows.Handle, name string) *pipeConn {
	return &pipeConn{File: os.NewFile(uintptr(h), name), h: h, addr: pipeAddr(name)}
}

func (c *pipeConn) LocalAddr() net.Addr  { return c.addr }
func (c *pipeConn) RemoteAddr() net.Addr { return c.addr }

// pipeListener hands out one connected pipe instance per Accept and keeps
// one instance waiting between them, so that the name (and the lock) stay
// taken for as long as it listens.
type pipeListener struct {
	name *uint16
	path string
	sa   *windows.SecurityAttributes
	quit windows.Handle // event set by Close: ends a waiting Accept

	lock windows.Handle // the instance mutex, held while listening

	mu     sync.Mutex
	next   windows.Handle // the instance for the next Accept, 0 when none
	closed bool
}

// takeLock creates the instance mutex of the pipe path, or returns
// ErrRunning when another process holds it. The first pipe instance is a
// lock of its own on Windows, but Wine ignores FILE_FLAG_FIRST_PIPE_INSTANCE;
// the mutex works on both, and goes with its process.
func takeLock(path string) (windows.Handle, error) {
	name, err := windows.UTF16PtrFromString(`Global\` + strings.ReplaceAll(strings.TrimPrefix(path, `\\.\pipe\`), `\`, "-") + ".lock")
	if err != nil {
		return 0, err
	}
	h, err := windows.CreateMutex(nil, false, name)
	switch {
	case errors.Is(err, windows.ERROR_ALREADY_EXISTS), errors.Is(err, windows.ERROR_ACCESS_DENIED):
		if h != 0 {
			windows.CloseHandle(h)
		}
		return 0, ErrRunning
	case err != nil:
		return 0, fmt.Errorf("the instance lock of %s: %w", path, err)
	}
	return h, nil
}

// listenPipe creates the first instance of the pipe path, which only the
// current user may open. It returns ErrRunning when the pipe exists.
func listenPipePath(path string) (*pipeListener, error) {
	self, err := currentUser()
	if err != nil {
		return nil, err
	}
	sd, err := windows.SecurityDescriptorFromString("D:P(A;;GA;;;" + self.String() + ")")
	if err != nil {
		return nil, fmt.Errorf("pipe security for %s: %w", path, err)
	}
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	lock, err := takeLock(path)
	if err != nil {
		return nil, err
	}
	l := &pipeListener{name: name, path: path, lock: lock,
		sa: &windows.SecurityAttributes{Length: uint32(unsafe.Sizeof(windows.SecurityAttributes{})), SecurityDescriptor: sd}}
	l.next, err = l.instance(true)
	if err == nil {
		l.quit, err = windows.CreateEvent(nil, 1, 0, nil)
	}
	switch {
	case errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_PIPE_BUSY):
		err = ErrRunning
	case err != nil:
		err = fmt.Errorf("listen on %s: %w", path, err)
	}
	if err != nil {
		l.release()
		return nil, err
	}
	return l, nil
}

// instance creates one instance of the pipe; the first one fails when
// the name is taken already.
func (l *pipeListener) instance(first bool) (windows.Handle, error) {
	flags := uint32(windows.PIPE_ACCESS_DUPLEX | windows.FILE_FLAG_OVERLAPPED)
	if first {
		flags |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	mode := uint32(windows.PIPE_TYPE_BYTE | windows.PIPE_READMODE_BYTE | windows.PIPE_WAIT | windows.PIPE_REJECT_REMOTE_CLIENTS)
	return windows.CreateNamedPipe(l.name, flags, mode, windows.PIPE_UNLIMITED_INSTANCES, pipeBuf, pipeBuf, 0, l.sa)
}

// Accept waits for a client on the waiting instance and puts a new one in
// its place.
func (l *pipeListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, net.ErrClosed
	}
	h := l.next
	l.next = 0
	l.mu.Unlock()
	var err error
	if h == 0 { // the last replacement failed: try again
		if h, err = l.instance(false); err != nil {
			return nil, fmt.Errorf("pipe %s: %w", l.path, err)
		}
	}
	if err := l.connect(h); err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	next, err := l.instance(false)
	l.mu.Lock()
	switch {
	case l.closed && err == nil:
		windows.CloseHandle(next)
	case err == nil:
		l.next = next
	}
	l.mu.Unlock()
	return newPipeConn(h, l.path), nil
}

// connect waits until a client opens instance h, or Close.
func (l *pipeListener) connect(h windows.Handle) error {
	ev, err := windows.CreateEvent(nil, 1, 0, nil)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(ev)
	ov := windows.Overlapped{HEvent: ev}
	switch err := windows.ConnectNamedPipe(h, &ov); {
	case err == nil, errors.Is(err, windows.ERROR_PIPE_CONNECTED):
		return nil
	case !errors.Is(err, windows.ERROR_IO_PENDING):
		return fmt.Errorf("pipe %s: %w", l.path, err)
	}
	var n uint32
	which, err := windows.WaitForMultipleObjects([]windows.Handle{ev, l.quit}, false, windows.INFINITE)
	if err != nil || which != windows.WAIT_OBJECT_0 {
		_ = windows.CancelIoEx(h, &ov)
		_ = windows.GetOverlappedResult(h, &ov, &n, true) // ov must outlive the I/O
		return net.ErrClosed
	}
	if err := windows.GetOverlappedResult(h, &ov, &n, false); err != nil && !errors.Is(err, windows.ERROR_PIPE_CONNECTED) {
		return fmt.Errorf("pipe %s: %w", l.path, err)
	}
	return nil
}

// release closes what listenPipePath opened, the lock last.
func (l *pipeListener) release() {
	for _, h := range []windows.Handle{l.next, l.quit, l.lock} {
		if h != 0 {
			windows.CloseHandle(h)
		}
	}
	l.next, l.quit, l.lock = 0, 0, 0
}

// Close ends a waiting Accept and closes the waiting instance; connected
// ones are the Server's to close, and the lock is unlock's to drop.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	_ = windows.SetEvent(l.quit)
	if l.next != 0 {
		windows.CloseHandle(l.next)
		l.next = 0
	}
	return nil
}

// unlock drops the instance lock and the quit event, once the server has
// stopped accepting (Server.Close calls it after ln.Close).
func (l *pipeListener) unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.release()
}

// Addr is the pipe's name.
func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.path) }

// dialPipe opens the pipe path. Every instance busy means the server is
// between two Accepts: wait for it until ctx ends.
func dialPipe(ctx context.Context, path string) (*pipeConn, error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	// SECURITY_IDENTIFICATION: a server may learn who we are, never act as us.
	const flags = windows.FILE_FLAG_OVERLAPPED | windows.SECURITY_SQOS_PRESENT | windows.SECURITY_IDENTIFICATION
	for {
		h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING, flags, 0)
		switch {
		case err == nil:
			return newPipeConn(h, path), nil
		case errors.Is(err, windows.ERROR_FILE_NOT_FOUND):
			return nil, ErrNotRunning
		case !errors.Is(err, windows.ERROR_PIPE_BUSY):
			return nil, fmt.Errorf("reach the running Upshot at %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("the running Upshot did not answer: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// currentUser is the SID this process runs as.
func currentUser() (*windows.SID, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("who runs Upshot: %w", err)
	}
	return u.User.Sid.Copy()
}

// processUser is the SID process pid runs as.
func processUser(pid uint32) (*windows.SID, error) {
	p, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(p)
	var tok windows.Token
	if err := windows.OpenProcessToken(p, windows.TOKEN_QUERY, &tok); err != nil {
		return nil, err
	}
	defer tok.Close()
	u, err := tok.GetTokenUser()
	if err != nil {
		return nil, err
	}
	return u.User.Sid.Copy()
}

// sameUser reports whether the process at the other end of c (the client
// when server is true) runs as this process's user.
func sameUser(c *pipeConn, server bool) bool {
	var pid uint32
	var err error
	if server {
		err = windows.GetNamedPipeClientProcessId(c.h, &pid)
	} else {
		err = windows.GetNamedPipeServerProcessId(c.h, &pid)
	}
	if err != nil {
		return false
	}
	peer, err := processUser(pid)
	if err != nil {
		return false
	}
	self, err := currentUser()
	return err == nil && windows.EqualSid(peer, self)
}
