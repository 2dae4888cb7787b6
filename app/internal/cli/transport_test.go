package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
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

// TestTargetsShareTransport: the GUI's targets — rebuilt when Settings
// saves — and every Resolve of them upload over the session's one
// Transport: the kept connection carries every upload.
func TestTargetsShareTransport(t *testing.T) {
	srv, conns := connHost(t)
	dir := t.TempDir()
	file := writePNG(t, dir, "a.png", 8, 8)
	paths := PathsFor(func(k string) string {
		return map[string]string{"XDG_DATA_HOME": filepath.Join(dir, "data")}[k]
	})
	env := Env{Version: "test", Transport: uploader.NewTransport(uploader.TransportConfig{MaxConnsPerHost: 3}),
		Secrets: func(string) (profile.Secrets, bool, error) { return memSecrets{}, false, nil }}
	for round := range 3 { // the first load, then two Settings saves
		cfg := profile.New()
		cfg.Profiles = []profile.Profile{{Name: "local", Host: srv.URL + "/api/1/upload"}}
		cfg.Default = "local"
		tg, err := NewTargets(cfg, paths, "", "", env, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			target, err := tg.Resolve("")
			if err != nil {
				t.Fatal(err)
			}
			f, err := uploader.Inspect(file, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := target.Uploader.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("6 uploads through 3 builds of the targets made %d connections, want 1", n)
	}
}

// TestTargetsPreconnect: Preconnect opens the connection to the chosen
// host before any upload, and the upload takes it.
func TestTargetsPreconnect(t *testing.T) {
	srv, conns := connHost(t)
	testEnv(t) // an isolated config and data dir
	tr := uploader.NewTransport(uploader.TransportConfig{})
	env := Env{Version: "test", Getenv: func(string) string { return "" }, Transport: tr}
	if err := Preconnect(context.Background(), env, []string{"--host", srv.URL, "--title", "x"}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the host accepts after the client's connect returned
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("after Preconnect the host saw %d connections, want 1", n)
	}
	h := hostFlags{host: srv.URL}
	tg, err := buildTargets(profile.New(), PathsFor(func(string) string { return "" }), h, env, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	target, err := tg.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(writePNG(t, t.TempDir(), "a.png", 8, 8), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := target.Uploader.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("the upload after Preconnect made %d connections in all, want 1 (the pre-dialled one)", n)
	}
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
