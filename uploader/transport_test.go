package uploader_test

// Connection reuse over the session's one Transport, against TLS hosts on
// loopback that offer HTTP/2 or only HTTP/1.1: the server counts the
// connections it accepts (ConnState) and the protocol of every request.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// countedHost is a fake Chevereto host that counts connections.
type countedHost struct {
	*httptest.Server
	host   *chevtest.Server
	conns  atomic.Int64
	closed atomic.Int64
	mu     sync.Mutex
	protos map[int]int    // requests by HTTP major version
	remote map[string]int // requests by client address (= by connection)
	first  chan string    // the client address of the first connection
}

// newCountedHost serves chevtest over TLS (tls) with HTTP/2 offered (h2),
// or over plain http. A hook that returns true has answered the request
// itself.
func newCountedHost(t *testing.T, tls, h2 bool, hook ...func(http.ResponseWriter, *http.Request) bool) *countedHost {
	t.Helper()
	return newCountedHostWith(t, tls, h2, nil, hook...)
}

// newCountedHostWith is newCountedHost with setup changing the server's
// settings before it starts.
func newCountedHostWith(t *testing.T, tls, h2 bool, setup func(*http.Server), hook ...func(http.ResponseWriter, *http.Request) bool) *countedHost {
	t.Helper()
	ch := &countedHost{protos: map[int]int{}, remote: map[string]int{}, first: make(chan string, 1)}
	s, handler := chevtest.Handler(chevtest.Options{Guest: true, Dir: t.TempDir()})
	ch.host = s
	ch.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch.mu.Lock()
		ch.protos[r.ProtoMajor]++
		ch.remote[r.RemoteAddr]++
		ch.mu.Unlock()
		for _, h := range hook {
			if h(w, r) {
				return
			}
		}
		handler.ServeHTTP(w, r)
	}))
	ch.Config.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateNew && ch.conns.Add(1) == 1 {
			ch.first <- c.RemoteAddr().String()
		}
		if st == http.StateClosed {
			ch.closed.Add(1)
		}
	}
	ch.EnableHTTP2 = h2
	if setup != nil {
		setup(ch.Config)
	}
	if tls {
		ch.StartTLS()
	} else {
		ch.Start()
	}
	s.SetBaseURL(ch.URL)
	t.Cleanup(func() { ch.Close(); s.Close() })
	return ch
}

// transport trusts only the host's certificate.
func (ch *countedHost) transport(jobs int) *uploader.Transport {
	cfg := uploader.TransportConfig{MaxConnsPerHost: jobs, ConnectTimeout: 5 * time.Second}
	if cert := ch.Certificate(); cert != nil {
		cfg.RootCAs = x509.NewCertPool()
		cfg.RootCAs.AddCert(cert)
	}
	return uploader.NewTransport(cfg)
}

// requests are the upload requests seen, by HTTP major version.
func (ch *countedHost) requests() map[int]int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	out := map[int]int{}
	for k, v := range ch.protos {
		out[k] = v
	}
	return out
}

// uploadBatch uploads files through a queue of jobs workers whose Resolve
// builds a new Client for every item, as the CLI's and the GUI's targets
// do, all on tr; every item must upload.
func uploadBatch(t *testing.T, ch *countedHost, tr http.RoundTripper, jobs int, files []string) {
	t.Helper()
	q, err := uploader.NewQueue(uploader.QueueConfig{
		Jobs:     jobs,
		SpoolDir: t.TempDir(),
		Resolve: func(string) (uploader.Target, error) {
			c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: ch.URL, Transport: tr, Backoff: time.Millisecond})
			if err != nil {
				return uploader.Target{}, err
			}
			return uploader.Target{Uploader: c, Host: c.Endpoint()}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range q.Events() { // the queue's one consumer
		}
	}()
	defer q.Close()
	q.Add("", uploader.Options{}, files...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("batch stuck: %v", err)
	}
	for _, it := range q.Items() {
		if it.State != uploader.StateDone {
			t.Fatalf("%s: %v %v", it.Name, it.State, it.Err)
		}
	}
}

// TestTransportReusesConnections: a 40-file batch at 4 jobs opens at most
// 4 connections over HTTP/1.1 (TLS or plain) and exactly 1 over HTTP/2,
// which every request then uses; a second batch on the same Transport
// opens none.
func TestTransportReusesConnections(t *testing.T) {
	files := flPNGs(t, 40)
	tests := []struct {
		name      string
		tls, h2   bool
		maxConns  int64
		wantProto int
	}{
		{"HTTP/1.1 over TLS", true, false, 4, 1},
		{"HTTP/2 over TLS", true, true, 1, 2},
		{"plain http (HTTP/1.1)", false, false, 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := newCountedHost(t, tt.tls, tt.h2)
			tr := ch.transport(4)
			uploadBatch(t, ch, tr, 4, files)
			first := ch.conns.Load()
			if first < 1 || first > tt.maxConns {
				t.Errorf("40 files at 4 jobs made %d connections, want 1…%d", first, tt.maxConns)
			}
			uploadBatch(t, ch, tr, 4, files[:12])
			if n := ch.conns.Load(); n != first {
				t.Errorf("a second batch opened %d more connections, want 0 (kept ones reused)", n-first)
			}
			if got := ch.requests(); got[tt.wantProto] != 52 || len(got) != 1 {
				t.Errorf("requests by HTTP version: %v, want all 52 over HTTP/%d", got, tt.wantProto)
			}
		})
	}
}

// TestTransportPreconnect: Preconnect dials TCP + TLS before any request,
// and the first upload goes over that very connection: 1 connection in
// total. A second Preconnect with the connection open does nothing.
func TestTransportPreconnect(t *testing.T) {
	for _, h2 := range []bool{true, false} {
		ch := newCountedHost(t, true, h2)
		tr := ch.transport(4)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := tr.Preconnect(ctx, ch.URL+"/api/1/upload"); err != nil {
			t.Fatalf("h2 %v: preconnect: %v", h2, err)
		}
		var dialled string
		select {
		case dialled = <-ch.first:
		case <-ctx.Done():
			t.Fatalf("h2 %v: the host saw no connection after Preconnect returned", h2)
		}
		if n := len(ch.requests()); n != 0 {
			t.Fatalf("h2 %v: Preconnect sent requests: %v", h2, ch.requests())
		}
		c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: ch.URL, Transport: tr})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Preconnect(ctx); err != nil {
			t.Fatalf("h2 %v: second preconnect: %v", h2, err)
		}
		uploadBatch(t, ch, tr, 1, flPNGs(t, 1))
		ch.mu.Lock()
		used := ch.remote[dialled]
		ch.mu.Unlock()
		if n := ch.conns.Load(); n != 1 || used != 1 {
			t.Errorf("h2 %v: %d connections, the pre-dialled one carried %d uploads; want 1 and 1", h2, n, used)
		}
	}
}

// TestTransportPreconnectUpload: a screenshot's pre-connection to an h2
// host carries its upload over HTTP/1.1 (no 64 KB first-flight window to
// wait out) and closes after it; with more, the session's h2 connection
// opens beside it and carries what follows, and a later screenshot finds
// it open and dials nothing. To an HTTP/1.1 host it is Preconnect's one
// connection. A pre-connection no request claimed before the idle
// connections closed leaves the next upload on h2.
func TestTransportPreconnectUpload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	settle := func(t *testing.T, ch *countedHost, want int64) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ch.conns.Load() < want && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond) // the host accepts after the client's connect returned
		}
		if n := ch.conns.Load(); n != want {
			t.Fatalf("the host saw %d connections, want %d", n, want)
		}
	}
	upload := func(t *testing.T, ch *countedHost, tr *uploader.Transport) {
		t.Helper()
		uploadBatch(t, ch, tr, 1, flPNGs(t, 1))
	}
	tests := []struct {
		name        string
		h2, more    bool
		conns       int64       // after the pre-connection
		first, next map[int]int // requests by HTTP major version after one upload, after two
		total       int64       // connections after both
	}{
		{"h2 host, the app", true, true, 2, map[int]int{1: 1}, map[int]int{1: 1, 2: 1}, 2},
		{"h2 host, one command", true, false, 1, map[int]int{1: 1}, map[int]int{1: 1, 2: 1}, 2},
		// A new host's protocol is not known: the app's second connection
		// offers h2 and finds HTTP/1.1, parked for the next upload.
		{"new HTTP/1.1 host", false, true, 2, map[int]int{1: 1}, map[int]int{1: 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := newCountedHost(t, true, tt.h2)
			tr := ch.transport(4)
			if err := tr.PreconnectUpload(ctx, ch.URL+"/api/1/upload", tt.more); err != nil {
				t.Fatal(err)
			}
			settle(t, ch, tt.conns)
			upload(t, ch, tr)
			if got := ch.requests(); !maps.Equal(got, tt.first) {
				t.Errorf("the screenshot went over %v, want %v (by HTTP major version)", got, tt.first)
			}
			if tt.h2 {
				for deadline := time.Now().Add(5 * time.Second); ch.closed.Load() == 0 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				if ch.closed.Load() != 1 {
					t.Errorf("%d connections closed after the screenshot, want 1: the HTTP/1.1 one was for it alone", ch.closed.Load())
				}
			}
			if tt.h2 && tt.more { // the next screenshot: the h2 connection is open
				if err := tr.PreconnectUpload(ctx, ch.URL+"/api/1/upload", true); err != nil {
					t.Fatal(err)
				}
			}
			upload(t, ch, tr)
			if got := ch.requests(); !maps.Equal(got, tt.next) {
				t.Errorf("after a second upload the requests were %v, want %v", got, tt.next)
			}
			if n := ch.conns.Load(); n != tt.total {
				t.Errorf("%d connections in all, want %d", n, tt.total)
			}
		})
	}
	t.Run("unclaimed", func(t *testing.T) {
		ch := newCountedHost(t, true, true)
		tr := ch.transport(4)
		if err := tr.PreconnectUpload(ctx, ch.URL+"/api/1/upload", true); err != nil {
			t.Fatal(err)
		}
		settle(t, ch, 2)
		tr.CloseIdleConnections()
		upload(t, ch, tr)
		if got := ch.requests(); !maps.Equal(got, map[int]int{2: 1}) {
			t.Errorf("after the idle connections closed the upload went over %v, want HTTP/2", got)
		}
	})
}

// TestTransportParkedConnectionClosedByHost: a host that closes a
// connection which sent no request in time (ReadHeaderTimeout here) — a
// region picked slowly after the pre-connection — does not fail the
// upload: the closed connection is noticed and a new one carries it, on
// the first attempt. Before, the POST went into the closed connection.
func TestTransportParkedConnectionClosedByHost(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		ch := newCountedHostWith(t, true, h2, func(s *http.Server) { s.ReadHeaderTimeout = 100 * time.Millisecond })
		tr := ch.transport(4)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := tr.PreconnectUpload(ctx, ch.URL+"/api/1/upload", false); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); ch.closed.Load() == 0 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond) // the host gives up on the connection
		}
		if ch.closed.Load() == 0 {
			t.Fatalf("h2 %v: the host did not close the idle pre-connection", h2)
		}
		c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: ch.URL, Transport: tr, Retries: -1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Upload(ctx, ctFile(t, "png", 64, 48), uploader.Options{}, nil); err != nil {
			t.Errorf("h2 %v: the upload after the host closed the pre-connection failed: %v", h2, err)
		}
		if n := ch.conns.Load(); n != 2 {
			t.Errorf("h2 %v: %d connections, want 2 (the closed one and its replacement)", h2, n)
		}
	}
}

// TestTransportPreconnectRefused: a host that is down fails Preconnect
// with the connection error, and nothing is left counted as open: the
// next Preconnect dials again.
func TestTransportPreconnectRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	tr := uploader.NewTransport(uploader.TransportConfig{})
	for i := range 2 {
		err := tr.Preconnect(context.Background(), "https://"+addr+"/api/1/upload")
		if err == nil {
			t.Fatalf("preconnect %d to a closed port succeeded", i+1)
		}
	}
	if err := tr.Preconnect(context.Background(), "ftp://example.com/"); uploader.KindOf(err) != uploader.KindEndpoint {
		t.Errorf("preconnect to ftp: %v, want a KindEndpoint error", err)
	}
}

// TestTransportDrainsAnswers: an answer the client does not use in full (a
// redirect page) is read to its end, so its HTTP/1.1 connection serves the
// next upload instead of being dropped.
func TestTransportDrainsAnswers(t *testing.T) {
	var n atomic.Int64
	ch := newCountedHost(t, true, false, func(w http.ResponseWriter, r *http.Request) bool {
		if n.Add(1) > 1 {
			return false
		}
		_, _ = io.Copy(io.Discard, r.Body) // the whole request came: the client is done writing
		w.Header().Set("Location", "/elsewhere")
		w.WriteHeader(http.StatusFound)
		_, _ = w.Write(make([]byte, 8<<10)) // a page the client does not read
		return true
	})
	tr := ch.transport(1)
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: ch.URL, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(flPNGs(t, 1)[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upload(context.Background(), f, uploader.Options{}, nil); uploader.KindOf(err) != uploader.KindRedirected {
		t.Fatalf("first upload: %v, want the redirect reported", err)
	}
	if _, err := c.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
		t.Fatalf("second upload: %v", err)
	}
	if got := ch.conns.Load(); got != 1 {
		t.Errorf("%d connections for two uploads in a row, want 1", got)
	}
}

// TestTransportHostDropsHTTP2: a host that stops offering h2 (its TLS now
// chooses http/1.1) gets the next uploads over HTTP/1.1, the first on the
// connection the pool dialled for HTTP/2 and could not use. (An attempt
// that starts on the closed h2 connection before the client noticed it
// closing is retried.)
func TestTransportHostDropsHTTP2(t *testing.T) {
	ch := &countedHost{protos: map[int]int{}, remote: map[string]int{}, first: make(chan string, 1)}
	s, handler := chevtest.Handler(chevtest.Options{Guest: true, Dir: t.TempDir()})
	ch.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch.mu.Lock()
		ch.protos[r.ProtoMajor]++
		ch.mu.Unlock()
		handler.ServeHTTP(w, r)
	}))
	ch.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			ch.conns.Add(1)
		}
	}
	var h2 atomic.Bool
	h2.Store(true)
	ch.EnableHTTP2 = true
	ch.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		if h2.Load() {
			return nil, nil // the server's own config: h2
		}
		c := ch.TLS.Clone() // made by StartTLS, before any connection
		c.GetConfigForClient, c.NextProtos = nil, []string{"http/1.1"}
		return c, nil
	}}
	ch.StartTLS()
	s.SetBaseURL(ch.URL)
	t.Cleanup(func() { ch.Close(); s.Close() })

	tr := ch.transport(2)
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: ch.URL, Transport: tr, Retries: 2, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(flPNGs(t, 1)[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, before := range []bool{true, false, false} {
		h2.Store(before)
		if i == 1 {
			ch.CloseClientConnections() // the host restarted without h2
		}
		if _, err := c.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
			t.Fatalf("upload %d (h2 offered: %v): %v", i+1, before, err)
		}
	}
	if got := ch.requests(); got[2] != 1 || got[1] != 2 {
		t.Errorf("requests by HTTP version: %v, want 1 over HTTP/2, then 2 over HTTP/1.1", got)
	}
	if n := ch.conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (the h2 one, then one HTTP/1.1 kept)", n)
	}
}
