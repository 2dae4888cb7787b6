package uploader

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"
)

// conn is the dial function of the HTTP/1.1 transport: a parked
// connection to key, else the one a dial in flight is about to park (an
// express one included), else a new one (offering only http/1.1 over TLS).
func (t *Transport) conn(ctx context.Context, key string) (net.Conn, error) {
	for {
		t.mu.Lock()
		h := t.host(key)
		if c := h.takeParked(); c != nil {
			t.mu.Unlock()
			if c.alive() {
				return c, nil
			}
			_ = c.Close() // the host closed it while it waited: take another
			continue
		}
		d := h.dial
		if d == nil {
			d = h.expressDial
		}
		if d == nil {
			h.open++
			t.mu.Unlock()
			return t.dial(ctx, key, h, []string{protoH1})
		}
		t.mu.Unlock()
		if err := wait(ctx, d); err != nil {
			return nil, err
		}
	}
}

// startDialLocked dials key's next connection in the background: an h2
// connection joins the pool, any other is parked; an https host's first
// connection also settles its protocol. An express dial (PreconnectUpload)
// offers only HTTP/1.1, settles nothing and parks its connection for the
// request that claims it. The dial is not bound to any caller's context:
// everyone waiting shares it, and a Preconnect whose caller stopped
// waiting still warms the pool. t.mu must be held.
func (t *Transport) startDialLocked(key string, h *hostConns, express bool) *pendingDial {
	d := &pendingDial{done: make(chan struct{})}
	alpn := []string{protoH2, protoH1}
	if express {
		h.expressDial, h.express = d, true
		alpn = []string{protoH1}
	} else {
		h.dial = d
		if h.proto == protoH1 {
			alpn = []string{protoH1}
		}
	}
	h.open++
	if strings.HasPrefix(key, "https://") && t.cfg.RootCAs == nil {
		go warmSystemRoots.Do(loadSystemRoots)
	}
	go func() {
		defer close(d.done)
		c, err := t.dial(context.Background(), key, h, alpn)
		if err == nil && c.proto == protoH2 {
			err = t.poolH2(key, c)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		d.err = err
		if express {
			h.expressDial = nil
			h.express = h.express && err == nil
		} else {
			h.dial = nil
		}
		if err != nil {
			return
		}
		if strings.HasPrefix(key, "https://") && !express {
			h.proto = c.proto
		}
		if c.proto != protoH2 {
			c.express = express
			t.parkLocked(h, c)
		}
	}()
	return d
}

// warmSystemRoots loads the system's certificate authorities once, as the
// first TLS dial starts: Go reads them at the first certificate it checks,
// and parsing them (~150 files in /etc/ssl/certs on Debian) took 20–40 ms
// after the host's certificate had arrived — on the way of the first
// upload. Loaded during the TCP and TLS round trips, they are ready.
var warmSystemRoots sync.Once

func loadSystemRoots() { _, _ = x509.SystemCertPool() }

// poolH2 starts HTTP/2 on c (preface and SETTINGS go out now) and pools it.
func (t *Transport) poolH2(key string, c *trackedConn) error {
	cc, err := t.h2.NewClientConn(c)
	if err != nil {
		_ = c.Close()
		return err
	}
	t.pool.add(strings.TrimPrefix(key, "https://"), cc)
	return nil
}

// dial opens a connection to key ("scheme://host:port"), with TLS and the
// ALPN protocols alpn for https. h.open has been counted for it already; a
// failed dial gives it back, a dialled connection when it closes.
func (t *Transport) dial(ctx context.Context, key string, h *hostConns, alpn []string) (*trackedConn, error) {
	scheme, addr, _ := strings.Cut(key, "://")
	nc, err := t.dialer.DialContext(ctx, "tcp", addr)
	if err == nil && scheme == "https" {
		nc, err = t.handshake(ctx, nc, addr, alpn)
	}
	if err != nil {
		t.mu.Lock()
		h.open--
		t.mu.Unlock()
		return nil, err
	}
	c := &trackedConn{Conn: nc, gone: func() {
		t.mu.Lock()
		h.open--
		t.mu.Unlock()
	}}
	if tc, ok := nc.(*tls.Conn); ok {
		c.proto = tc.ConnectionState().NegotiatedProtocol
		if c.proto == "" {
			c.proto = protoH1 // a host without ALPN speaks HTTP/1.1
		}
	}
	return c, nil
}

// handshake runs the TLS handshake on raw within the connect timeout,
// verifying the host's certificate.
func (t *Transport) handshake(ctx context.Context, raw net.Conn, addr string, alpn []string) (net.Conn, error) {
	host, _, _ := net.SplitHostPort(addr)
	tc := tls.Client(raw, t.tlsConfig(host, alpn...))
	hctx, cancel := context.WithTimeout(ctx, t.cfg.ConnectTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = raw.Close()
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("the TLS handshake with %s took longer than %s", addr, t.cfg.ConnectTimeout)
		}
		return nil, err
	}
	return tc, nil
}

// tlsConfig verifies the server's certificate for host (the system's roots
// unless RootCAs says) and resumes earlier sessions with it.
func (t *Transport) tlsConfig(host string, alpn ...string) *tls.Config {
	return &tls.Config{
		ServerName:         host,
		RootCAs:            t.cfg.RootCAs,
		NextProtos:         alpn,
		ClientSessionCache: t.sessions,
		MinVersion:         tls.VersionTLS12,
	}
}

// parkLocked keeps c until a dial takes it or parkedLifetime passes.
// t.mu must be held.
func (t *Transport) parkLocked(h *hostConns, c *trackedConn) {
	h.parked = append(h.parked, c)
	c.expiry = time.AfterFunc(parkedLifetime, func() {
		t.mu.Lock()
		i := slices.Index(h.parked, c)
		if i >= 0 {
			h.parked = slices.Delete(h.parked, i, i+1)
			if c.express {
				h.express = false // unclaimed: the next request goes the usual way
			}
		}
		t.mu.Unlock()
		if i >= 0 {
			_ = c.Close()
		}
	})
}

// takeParked removes and returns a parked connection, or nil. t.mu must
// be held.
func (h *hostConns) takeParked() *trackedConn {
	if len(h.parked) == 0 {
		return nil
	}
	c := h.parked[0]
	h.parked = h.parked[1:]
	c.expiry.Stop()
	if c.express {
		h.express = false // taken by whichever request came first
	}
	return c
}

// trackedConn is a connection the Transport counts until it closes.
type trackedConn struct {
	net.Conn
	proto   string      // the ALPN protocol of a TLS connection
	express bool        // dialled by PreconnectUpload for one request
	gone    func()      // called once, on the first Close
	once    sync.Once   // guards gone
	expiry  *time.Timer // closes the connection while it is parked
}

// alive reports whether the host has not closed c while it was parked. A
// host gives a new connection only so long to send its first request
// (Go's ReadHeaderTimeout, Apache's RequestReadTimeout: 10–60 s), and a
// region picked slowly can outlast that; a POST sent into the closed
// connection would fail, not be retried. A read that must return within
// a millisecond tells (a deadline already past would not even look): a
// timeout means nothing came (alive), the end or any byte means it is no
// use (an HTTP/1.1 host sends nothing before a request).
func (c *trackedConn) alive() bool {
	if c.Conn.SetReadDeadline(time.Now().Add(time.Millisecond)) != nil {
		return false
	}
	var b [1]byte
	_, err := c.Conn.Read(b[:])
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return c.Conn.SetReadDeadline(time.Time{}) == nil
	}
	return false
}

// Close closes the connection and stops counting it.
func (c *trackedConn) Close() error {
	c.once.Do(c.gone)
	return c.Conn.Close()
}

// ConnectionState is the TLS state, which the HTTP/2 transport reads.
func (c *trackedConn) ConnectionState() tls.ConnectionState {
	if tc, ok := c.Conn.(*tls.Conn); ok {
		return tc.ConnectionState()
	}
	return tls.ConnectionState{}
}
