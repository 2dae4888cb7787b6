//go:build unix

package ipc

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// How long the server waits for a request to arrive, and for a response to
// be taken: a stuck or hostile client must not hold a goroutine forever.
const (
	readTimeout  = 5 * time.Second
	writeTimeout = 5 * time.Second
)

// Server is the listening end, held by the running instance.
type Server struct {
	handler func(Request) Response
	ln      *net.UnixListener
	lock    *os.File // flock held for the Server's life: the single-instance lock
	path    string
	uid     int
	rto     time.Duration

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

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
	if err := privateDir(dir); err != nil {
		return nil, err
	}
	lock, err := takeLock(filepath.Join(dir, "upshot.lock"))
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "upshot.sock")
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
	s := &Server{handler: handler, ln: ln, lock: lock, path: path, uid: p.uid,
		rto: p.readTimeout, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
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

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Close stops listening, removes the socket, drops open connections and
// releases the instance lock. Handlers still running finish on their own.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	err := s.ln.Close() // also removes the socket file
	s.wg.Wait()
	s.lock.Close()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors: do not spin
			continue
		}
		if !s.track(c) {
			c.Close()
			return
		}
		go s.serve(c)
	}
}

// track records an open connection; false once the server is closed.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

// serve answers one request.
func (s *Server) serve(c *net.UnixConn) {
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	if uid, err := peerUID(c); err != nil || uid != s.uid {
		return // not our user: say nothing
	}
	_ = c.SetReadDeadline(time.Now().Add(s.rto))
	resp := s.answer(bufio.NewReader(io.LimitReader(c, maxLine+1)))
	_ = c.SetWriteDeadline(time.Now().Add(writeTimeout))
	b, _ := json.Marshal(wireResponse{V: Version, Response: resp})
	_, _ = c.Write(append(b, '\n'))
}

// answer reads the request and runs the handler.
func (s *Server) answer(r *bufio.Reader) (resp Response) {
	line, err := r.ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Response{Error: fmt.Sprintf("malformed request: %v", err), Exit: 2}
	}
	var req wireRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return Response{Error: fmt.Sprintf("malformed request: %v", err), Exit: 2}
	}
	if req.V != Version {
		return Response{Error: versionError(Version, req.V), Exit: 2}
	}
	defer func() {
		if p := recover(); p != nil {
			resp = Response{Error: fmt.Sprintf("the running Upshot failed on %q: %v", req.Command, p), Exit: 1}
		}
	}()
	return s.handler(req.Request)
}

// versionError says that the running Upshot and this one speak different
// protocol versions; both ends use it.
func versionError(running, this int) string {
	return fmt.Sprintf("IPC version mismatch (running Upshot speaks %d, this one %d): quit Upshot and start it again", running, this)
}
