package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader/chevtest"
)

// connHost is a guest fake host that counts the TCP connections it accepts.
func connHost(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	s, handler := chevtest.Handler(chevtest.Options{Guest: true, Dir: t.TempDir()})
	srv := httptest.NewUnstartedServer(handler)
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	s.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); s.Close() })
	return srv, &conns
}

// TestUploadReusesConnections: `upshot upload --jobs 4` of 40 files opens
// at most 4 connections to the host; it used to open one per file (40).
func TestUploadReusesConnections(t *testing.T) {
	srv, conns := connHost(t)
	cli, _ := testEnv(t)
	dir := t.TempDir()
	for i := range 40 {
		writePNG(t, dir, fmt.Sprintf("f%02d.png", i), 4+i, 3)
	}
	r := cli("", "upload", "--host", srv.URL, "--jobs", "4", dir)
	if r.code != ExitOK || len(lines(r.stdout)) != 40 {
		t.Fatalf("upload: exit %d, %d links; stderr %s", r.code, len(lines(r.stdout)), r.stderr)
	}
	if n := conns.Load(); n < 1 || n > 4 {
		t.Errorf("40 files at --jobs 4 made %d connections, want 1…4", n)
	}
}

// TestCapturePreconnect: the capture's pre-connect opens the connection to
// the host its upload flags choose before anything is sent, and the
// upload, on the same Env, takes it: one connection in all.
func TestCapturePreconnect(t *testing.T) {
	srv, conns := connHost(t)
	dir := t.TempDir()
	env := sessionEnv(Env{Version: "test", Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string {
		return map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_DATA_HOME": filepath.Join(dir, "data")}[k]
	}})
	upload := []string{"--host", srv.URL, "--title", "shot"}
	preconnect(context.Background(), env, upload)
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the host accepts after the client's connect returned
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("after the pre-connect the host saw %d connections, want 1", n)
	}
	if code := uploadOwned(context.Background(), env, upload, writePNG(t, dir, "shot.png", 8, 8), "the screenshot"); code != ExitOK {
		t.Fatalf("upload: exit %d", code)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("the upload after the pre-connect made %d connections in all, want 1 (the pre-dialled one)", n)
	}
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
