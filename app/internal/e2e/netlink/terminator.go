package netlink

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"time"
)

// Terminator is a TLS front end on loopback that proxies to a plain-http
// backend, keeping its own connections to the backend alive.
type Terminator struct {
	Addr string // host:port it listens on
	srv  *http.Server
	h1   atomic.Int64 // requests that came over HTTP/1.x
	h2   atomic.Int64 // over HTTP/2
}

// Requests are the requests served so far over HTTP/1.x and over HTTP/2.
func (t *Terminator) Requests() (h1, h2 int64) { return t.h1.Load(), t.h2.Load() }

// StartTerminator serves TLS with cert on a free loopback port, offering
// HTTP/2 when h2 is set (and HTTP/1.1 always), and forwards every request
// to backend with its body streamed.
func StartTerminator(backend string, cert tls.Certificate, h2 bool) (*Terminator, error) {
	target, err := url.Parse(backend)
	if err != nil || target.Host == "" {
		return nil, errors.New("netlink: backend must be an http URL")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target); pr.SetXForwarded() },
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        256,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     90 * time.Second,
		},
	}
	protos := new(http.Protocols)
	protos.SetHTTP1(true)
	protos.SetHTTP2(h2)
	t := &Terminator{Addr: ln.Addr().String()}
	t.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ProtoMajor == 2 {
				t.h2.Add(1)
			} else {
				t.h1.Add(1)
			}
			proxy.ServeHTTP(w, r)
		}),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		Protocols:         protos,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       75 * time.Second, // nginx's keepalive_timeout
		// Windows as large as a front end tuned for uploads gives, so that
		// flow control does not throttle four 270 KB uploads in flight.
		HTTP2: &http.HTTP2Config{MaxConcurrentStreams: 128,
			MaxReceiveBufferPerConnection: 16 << 20, MaxReceiveBufferPerStream: 8 << 20},
	}
	go func() { _ = t.srv.ServeTLS(ln, "", "") }()
	return t, nil
}

// Close stops the terminator and its connections.
func (t *Terminator) Close() error { return t.srv.Close() }
