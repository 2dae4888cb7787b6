package uploader

// One Transport serves a whole session: the CLI run or the GUI's life.
// Before it, every queue item built a Client and so an http.Transport of its
// own, and 40 files opened 40 TCP connections, each paying TCP and TLS
// handshakes again; over a real link that doubled the time of a batch.
//
// How requests travel:
//   - plain http, or through a proxy: net/http's HTTP/1.1 transport,
//     keep-alive (plain http stays HTTP/1.1);
//   - https: the first connection to a host offers ALPN h2 and http/1.1 and
//     decides the host's protocol for the session. An h2 host gets one
//     multiplexed connection (x/net/http2 over h2Pool, which dials once per
//     host even when a whole batch starts at the same moment); a host
//     without h2 gets HTTP/1.1 keep-alive connections, at most
//     MaxConnsPerHost.
//   - Preconnect dials TCP + TLS ahead of a request (while a screenshot is
//     taken): an h2 connection joins the pool at once, an HTTP/1.1 one is
//     parked until the next dial to that host takes it.
//   - PreconnectUpload, for one upload that should start at once (a
//     screenshot), dials an HTTP/1.1 connection for it even when the host
//     speaks h2 (see there), and, when the session goes on, the host's h2
//     connection beside it.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/net/http2"
)

// TransportConfig configures a Transport. Zero values take the defaults.
type TransportConfig struct {
	ConnectTimeout time.Duration // TCP connect, then the TLS handshake: default 10s each
	// MaxConnsPerHost caps the HTTP/1.1 connections to one host (HTTP/2
	// uses one). Give it the queue's jobs: a batch then never opens more
	// connections than it has workers, even when a slow handshake finishes
	// after another connection came free. 0 = no cap.
	MaxConnsPerHost int
	// RootCAs, when set, are the only authorities trusted (tests). Nil =
	// the system's, which SSL_CERT_FILE and SSL_CERT_DIR may point
	// elsewhere. Certificates are always verified.
	RootCAs *x509.CertPool
}

// Protocols offered by ALPN.
const (
	protoH2 = "h2"
	protoH1 = "http/1.1"
)

// parkedLifetime is how long a pre-dialled connection waits for its
// request before it is closed: longer than picking a region, shorter than
// the time servers give a connection to send its first request.
const parkedLifetime = 30 * time.Second

// errNotH2 says a host that offered HTTP/2 chose HTTP/1.1 for a new
// connection: its requests go over HTTP/1.1 from then on.
var errNotH2 = errors.New("the host no longer offers HTTP/2")

// Transport is an http.RoundTripper that keeps connections for a whole
// session and can open one ahead of a request (Preconnect). It is safe for
// concurrent use. Give the same Transport to every Client of a session
// (ClientConfig.Transport).
type Transport struct {
	cfg      TransportConfig
	h1       *http.Transport
	h2       *http2.Transport
	pool     *h2Pool
	dialer   *net.Dialer
	sessions tls.ClientSessionCache

	mu    sync.Mutex
	hosts map[string]*hostConns // by "scheme://host:port"
}

// hostConns is what the Transport knows of one host's connections.
type hostConns struct {
	proto  string         // https: the protocol the host chose; "" = not known yet
	open   int            // connections open or being dialled
	dial   *pendingDial   // a dial whose connection goes to the pool or is parked
	parked []*trackedConn // HTTP/1.1 and plain connections dialled ahead
	// express: an HTTP/1.1 connection that PreconnectUpload dialled for
	// the next request is parked or being dialled (expressDial), and no
	// request has claimed it yet.
	express     bool
	expressDial *pendingDial
}

// pendingDial is a dial in flight; done is closed once its connection is
// pooled (h2) or parked.
type pendingDial struct {
	done chan struct{}
	err  error
}

// NewTransport makes a Transport with no connection open yet.
func NewTransport(cfg TransportConfig) *Transport {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	t := &Transport{
		cfg:      cfg,
		dialer:   &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second},
		sessions: tls.NewLRUClientSessionCache(64),
		hosts:    map[string]*hostConns{},
	}
	t.h1 = &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			return t.conn(ctx, "http://"+addr)
		},
		DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			return t.conn(ctx, "https://"+addr)
		},
		// Through a proxy net/http does the TLS itself, with this config.
		TLSClientConfig:     t.tlsConfig("", protoH1),
		TLSHandshakeTimeout: cfg.ConnectTimeout,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{}, // h2 is t.h2's
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: max(16, cfg.MaxConnsPerHost),
		MaxConnsPerHost:     cfg.MaxConnsPerHost,
		IdleConnTimeout:     90 * time.Second,
	}
	t.pool = &h2Pool{t: t, conns: map[string][]*http2.ClientConn{}}
	t.h2 = &http2.Transport{
		ConnPool: t.pool, // which dials: the transport's own dialling is never used
		DialTLSContext: func(context.Context, string, string, *tls.Config) (net.Conn, error) {
			return nil, errors.New("uploader: HTTP/2 connections come from the pool")
		},
		IdleConnTimeout: 90 * time.Second,
		ReadIdleTimeout: 30 * time.Second, // ping a quiet connection: a dead one is noticed before an upload
		PingTimeout:     10 * time.Second,
	}
	return t
}

// RoundTrip sends req over the host's protocol, on a kept connection when
// there is one. It implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" || t.proxied(req) {
		return t.h1.RoundTrip(req)
	}
	key := "https://" + canonicalAddr(req.URL)
	if t.claimExpress(key) {
		one := req.WithContext(req.Context())
		one.Close = true // the connection was for this request; h2 or new ones carry the next
		return t.h1.RoundTrip(one)
	}
	proto, err := t.protocol(req.Context(), key)
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // RoundTrip always closes the body
		}
		return nil, err
	}
	if proto != protoH2 {
		return t.h1.RoundTrip(req)
	}
	resp, err := t.h2.RoundTrip(req)
	if errors.Is(err, errNotH2) {
		return t.h1.RoundTrip(req) // no byte was sent: the pool found no connection
	}
	return resp, err
}

// Preconnect opens a connection (TCP, then TLS for https) to the host of
// rawURL without sending a request, so that the next request finds it
// ready. It does nothing when a connection to the host is already open or
// being opened, or when a proxy is in the way. It waits for the dial or
// ctx; the dial itself is bounded by the connect timeout and goes on when
// ctx ends first.
func (t *Transport) Preconnect(ctx context.Context, rawURL string) error {
	return t.preconnect(ctx, rawURL, false, false)
}

// PreconnectUpload is Preconnect for one upload that should leave as soon
// as it is made: a screenshot's, whose handshakes overlap the capture.
// When no connection to an https host is open and the host speaks HTTP/2
// (or is new), the connection it dials offers only HTTP/1.1, and the next
// request goes over it and closes it. A new HTTP/2 connection holds a
// request's first flight to 64 KB, the initial flow-control window, until
// the host's SETTINGS arrive a round trip after the TLS handshake: for a
// screenshot over 64 KB that is 3 round trips before the rest of the file
// may leave; over HTTP/1.1, 2. more says that the session goes on (the
// app): the host's HTTP/2 connection is dialled beside it, for what
// follows. Otherwise (plain http, an HTTP/1.1 host, a connection already
// open) it is Preconnect.
func (t *Transport) PreconnectUpload(ctx context.Context, rawURL string, more bool) error {
	return t.preconnect(ctx, rawURL, true, more)
}

// preconnect is Preconnect, or PreconnectUpload when upload is set.
func (t *Transport) preconnect(ctx context.Context, rawURL string, upload, more bool) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidf(KindEndpoint, "cannot connect ahead to %q: not an http(s) address", Clip(rawURL, 200))
	}
	if t.proxied(&http.Request{Method: http.MethodPost, URL: u, Header: http.Header{}}) {
		return nil
	}
	key := u.Scheme + "://" + canonicalAddr(u)
	t.mu.Lock()
	h := t.host(key)
	if h.open > 0 {
		t.mu.Unlock()
		return nil
	}
	express := upload && u.Scheme == "https" && h.proto != protoH1
	d := t.startDialLocked(key, h, express)
	if express && more {
		t.startDialLocked(key, h, false)
	}
	t.mu.Unlock()
	return wait(ctx, d)
}

// claimExpress reports whether key's express connection (PreconnectUpload)
// waits for a request, and claims it for the caller's.
func (t *Transport) claimExpress(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.hosts[key]
	if h == nil || !h.express {
		return false
	}
	h.express = false
	return true
}

// CloseIdleConnections closes the connections that carry no request,
// parked ones included.
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	var parked []*trackedConn
	for _, h := range t.hosts {
		parked, h.parked = append(parked, h.parked...), nil
		h.express = h.express && h.expressDial != nil
	}
	t.mu.Unlock()
	for _, c := range parked {
		_ = c.Close()
	}
	t.h1.CloseIdleConnections()
	t.pool.closeIdle()
}

// proxied reports whether a proxy from the environment carries req.
func (t *Transport) proxied(req *http.Request) bool {
	p, err := t.h1.Proxy(req)
	return err == nil && p != nil
}

// protocol is the protocol of an https host, dialling the host's first
// connection (and parking it for the request) when it is not known yet.
// Requests that arrive during that dial wait for it rather than dial too:
// an h2 host then gets one connection, not one per worker.
func (t *Transport) protocol(ctx context.Context, key string) (string, error) {
	for {
		t.mu.Lock()
		h := t.host(key)
		if h.proto != "" {
			t.mu.Unlock()
			return h.proto, nil
		}
		d := h.dial
		if d == nil {
			d = t.startDialLocked(key, h, false)
		}
		t.mu.Unlock()
		if err := wait(ctx, d); err != nil {
			return "", err
		}
	}
}

// host is key's entry. t.mu must be held.
func (t *Transport) host(key string) *hostConns {
	h := t.hosts[key]
	if h == nil {
		h = &hostConns{}
		t.hosts[key] = h
	}
	return h
}

// wait waits for d or ctx.
func wait(ctx context.Context, d *pendingDial) error {
	select {
	case <-d.done:
		return d.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// canonicalAddr is u's host:port, with the scheme's port when u has none.
func canonicalAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}
