package localhost

import (
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

type fault int

const (
	faultNone fault = iota
	faultHTML500
	faultDrop
)

// drawFault decides the fault of one API request. One draw per request
// keeps the sequence reproducible for a given seed and request order.
func (s *Server) drawFault(f Faults) fault {
	if f.HTML500 <= 0 && f.Drop <= 0 {
		return faultNone
	}
	s.mu.Lock()
	v := s.rng.Float64()
	s.mu.Unlock()
	switch {
	case v < f.HTML500:
		return faultHTML500
	case v < f.HTML500+f.Drop:
		return faultDrop
	}
	return faultNone
}

// fail counts a failed API request for Stats.
func (s *Server) fail() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails++
}

// pause waits d; false when the request or the server ended first. (While
// the body is unread Go cannot notice a client hang-up, so Close matters.)
func (s *Server) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// dropConn reads a little of the body, then resets the connection without
// an answer, so the client sees the failure in the middle of its upload.
func dropConn(w http.ResponseWriter, r *http.Request) {
	_, _ = io.CopyN(io.Discard, r.Body, 64<<10)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: resets the stream instead
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // RST, not FIN: unread data makes it a reset anyway
	}
	_ = conn.Close()
}

// writeHTML500 answers like a crashed PHP script behind a web server.
func writeHTML500(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, `<!DOCTYPE html>
<html><head><title>500 Internal Server Error</title></head>
<body><h1>Internal Server Error</h1>
<p><b>Fatal error</b>: Uncaught Error: Call to a member function getBaseName() on null in
/var/www/html/app/legacy/routes/api.php:157</p>
<hr><address>Apache/2.4.62 (Debian) Server at 127.0.0.1 Port 80</address>
</body></html>
`)
}
