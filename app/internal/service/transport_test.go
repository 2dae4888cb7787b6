package service

import (
	"context"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
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

// pngFile writes a small PNG and inspects it for upload.
func pngFile(t *testing.T) *uploader.File {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.png")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	f.Close()
	file, err := uploader.Inspect(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// TestTargetsShareTransport: the GUI's targets — rebuilt when Settings
// saves — and every Resolve of them upload over the session's one
// Transport: the kept connection carries every upload.
func TestTargetsShareTransport(t *testing.T) {
	srv, conns := connHost(t)
	p := ResolvePaths(filepath.Join(t.TempDir(), "config.toml"), func(string) string { return "" })
	deps := Deps{Version: "test", Transport: uploader.NewTransport(uploader.TransportConfig{MaxConnsPerHost: 3}),
		Secrets: func(string) (profile.Secrets, bool, error) { return mapSecrets{}, false, nil }}
	file := pngFile(t)
	for round := range 3 { // the first load, then two Settings saves
		cfg := profile.New()
		if err := cfg.Put(profile.Profile{Name: "local", Host: srv.URL + "/api/1/upload"}); err != nil {
			t.Fatal(err)
		}
		cfg.Default = "local"
		tg, err := NewTargets(cfg, p, TargetSpec{}, deps, nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			target, err := tg.Resolve("")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := target.Uploader.Upload(context.Background(), file, uploader.Options{}, nil); err != nil {
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
	p := ResolvePaths(filepath.Join(t.TempDir(), "config.toml"), func(string) string { return "" })
	tg, err := NewTargets(profile.New(), p, TargetSpec{Host: srv.URL}, Deps{Version: "test"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tg.Preconnect(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the host accepts after the client's connect returned
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("after Preconnect the host saw %d connections, want 1", n)
	}
	target, err := tg.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := target.Uploader.Upload(context.Background(), pngFile(t), uploader.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("the upload after Preconnect made %d connections in all, want 1 (the pre-dialled one)", n)
	}
	if err := tg.Preconnect(context.Background(), "nosuch"); err == nil {
		t.Error("Preconnect to an unknown profile: no error")
	}
}

// TestCaptureFlowConnects: the flow starts connecting once the delay is
// over, while the shot is taken — before the file is queued.
func TestCaptureFlowConnects(t *testing.T) {
	connected := make(chan struct{})
	f := CaptureFlow{
		Shoot: func(capture.Mode) (*image.RGBA, error) { return screen(), nil },
		Dir:   t.TempDir(),
		Sleep: func(context.Context, time.Duration) error {
			select {
			case <-connected:
				t.Error("connecting started before the delay was over")
			default:
			}
			return nil
		},
		Connect: func(context.Context) { close(connected) },
		Queue: func(string) error {
			select {
			case <-connected:
			case <-time.After(10 * time.Second):
				t.Error("the file was queued and no connection was started")
			}
			return nil
		},
	}
	if _, err := f.Run(context.Background(), Shot{Mode: capture.ModeFull, Delay: time.Second}); err != nil {
		t.Fatal(err)
	}
}

// TestOpenBatchConnectsAhead: a command line's batch starts connecting to
// its host as it opens — before any file is added — and its upload takes
// that connection.
func TestOpenBatchConnectsAhead(t *testing.T) {
	srv, conns := connHost(t)
	dir := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": filepath.Join(dir, "data")}
	b, err := OpenBatch(BatchSpec{Config: filepath.Join(dir, "config.toml"), Target: TargetSpec{Host: srv.URL}, Jobs: 2, MaxSize: -1},
		Deps{Version: "test", Getenv: func(k string) string { return env[k] }}, func(Warning) {})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("the opened batch made %d connections before any file, want 1", n)
	}
	ids := b.Queue.Add("", uploader.Options{}, pngFile(t).Path)
	items, err := b.Finish(context.Background(), ids)
	if err != nil || len(items) != 1 || items[0].State != uploader.StateDone {
		t.Fatalf("upload: %+v %v", items, err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("the batch made %d connections in all, want 1 (the one made ahead)", n)
	}
}
