package netlink

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestLinkProtocols: through the link a client reaches the backend over
// TLS with the CA it made, on HTTP/2 when offered and HTTP/1.1 when not;
// a 300 KB body arrives whole, and the relay counts one connection per
// client.
func TestLinkProtocols(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, "%d", n)
	}))
	defer backend.Close()
	body := make([]byte, 300<<10)
	for _, h2 := range []bool{true, false} {
		l, err := Start(backend.URL, 10*time.Millisecond, h2)
		if err != nil {
			t.Fatal(err)
		}
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: l.Certs.Pool}, ForceAttemptHTTP2: true}
		for range 3 {
			resp, err := (&http.Client{Transport: tr}).Post(l.URL+"/api/1/upload", "application/octet-stream", bytes.NewReader(body))
			if err != nil {
				t.Fatalf("h2 %v: %v", h2, err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			want := 1
			if h2 {
				want = 2
			}
			if resp.ProtoMajor != want || string(got) != fmt.Sprint(len(body)) {
				t.Errorf("h2 %v: HTTP/%d, backend read %s bytes; want HTTP/%d and %d", h2, resp.ProtoMajor, got, want, len(body))
			}
		}
		tr.CloseIdleConnections()
		if n := l.Relay.Accepts(); n != 1 {
			t.Errorf("h2 %v: relay accepted %d connections for one kept-alive client, want 1", h2, n)
		}
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	}
}

// echoServer echoes every connection back until it closes.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

// TestRelayDelaysAndKeepsBytes: a megabyte of random bytes comes back
// intact through the relay, no sooner than the handshake's round trip plus
// one round trip of data; Drop ends the connection.
func TestRelayDelaysAndKeepsBytes(t *testing.T) {
	const rtt = 80 * time.Millisecond
	r, err := StartRelay(echoServer(t), rtt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	start := time.Now()
	c, err := net.Dial("tcp", r.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	data := make([]byte, 1<<20)
	_, _ = rand.Read(data)
	go func() { _, _ = c.Write(data) }()
	got := make([]byte, len(data))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("bytes changed on the way")
	}
	if took := time.Since(start); took < 2*rtt {
		t.Errorf("echo through the relay took %v, less than the 2×%v it holds bytes", took, rtt)
	}
	if r.Accepts() != 1 {
		t.Errorf("accepts = %d, want 1", r.Accepts())
	}
	r.Drop()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("the connection still reads after Drop")
	}
}
