package ipc

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// How long the server waits for a request to arrive, and for a response to
// be taken: a stuck or hostile client must not hold a goroutine forever.
const (
	readTimeout  = 5 * time.Second
	writeTimeout = 5 * time.Second
)

// Server is the listening end, held by the running instance: a Unix
// socket on Linux, a named pipe on Windows (listen_unix.go,
// pipe_windows.go). The loop that answers requests is the same for both.
type Server struct {
	handler func(Request) Response
	ln      net.Listener
	release func() // drops the single-instance lock, after ln is closed
	path    string
	peerOK  func(net.Conn) bool // the peer is this user
	rto     time.Duration

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	closed   bool
	draining bool           // Drain: no new requests
	serving  sync.WaitGroup // requests being answered
	wg       sync.WaitGroup
}

// newServer serves ln until Close.
func newServer(ln net.Listener, path string, handler func(Request) Response, peerOK func(net.Conn) bool, rto time.Duration, release func()) *Server {
	s := &Server{handler: handler, ln: ln, release: release, path: path, peerOK: peerOK,
		rto: rto, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s
}

// Drain stops taking requests, waits up to wait for the answers being
// worked out and written, then closes as Close does: for a process that
// ends once it has answered (a command-line recording answering `upshot
// record stop` with its link).
func (s *Server) Drain(wait time.Duration) error {
	s.mu.Lock()
	s.draining = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.serving.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(wait):
	}
	return s.Close()
}

// Path is where the server listens: the socket's path, or the pipe's name.
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
	if s.release != nil {
		s.release()
	}
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
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
	if s.closed || s.draining {
		return false
	}
	s.conns[c] = struct{}{}
	s.serving.Add(1)
	return true
}

// serve answers one request.
func (s *Server) serve(c net.Conn) {
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
		s.serving.Done()
	}()
	if !s.peerOK(c) {
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
