package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// TestHost is a running local Chevereto-compatible host.
type TestHost struct {
	URL string // site base URL
	srv *http.Server
	ln  net.Listener
}

// Close stops the host.
func (h *TestHost) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return h.srv.Shutdown(ctx)
}

// StartTestHost serves the fake Chevereto host on addr (loopback unless the
// caller says otherwise). The GUI uses it as the first-run default.
func StartTestHost(addr string, opts chevtest.Options) (*TestHost, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("test host: listen on %s: %w", addr, err)
	}
	s, handler := chevtest.Handler(opts)
	base := "http://" + ln.Addr().String()
	s.SetBaseURL(base)
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &TestHost{URL: base, srv: srv, ln: ln}, nil
}

// runTestHost is `upshot testhost`: a local host for trying the app with no
// account, and for the end-to-end tests.
func runTestHost(ctx context.Context, args []string, env Env) error {
	var addr, key, dir, maxSize string
	var faults chevtest.Faults
	fs := newFlags("testhost", env)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (loopback unless you say otherwise)")
	fs.StringVar(&key, "key", "", "the API key it accepts (empty: guest uploads, no key needed)")
	fs.StringVar(&dir, "dir", "", "where uploaded files are kept (default: the data dir's testhost/)")
	fs.StringVar(&maxSize, "max-size", "", "size limit, e.g. 5MB (default none)")
	fs.Float64Var(&faults.HTML500, "fail-rate", 0, "fraction of uploads answered with an HTTP 500 page (fault injection)")
	fs.Float64Var(&faults.Drop, "drop-rate", 0, "fraction of uploads whose connection is dropped (fault injection)")
	fs.DurationVar(&faults.Delay, "delay", 0, "delay before each answer")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("testhost: unexpected argument %q", rest[0])
	}
	if dir == "" {
		dir = filepath.Join(resolvePaths("", env).Data, "testhost")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("test host: %w", err)
	}
	opts := chevtest.Options{Key: key, Guest: key == "", Dir: dir, Faults: faults}
	if maxSize != "" {
		n, err := uploader.ParseSize(maxSize)
		if err != nil {
			return usagef("--max-size %q: %v", maxSize, err)
		}
		opts.MaxSize = n
	}
	h, err := StartTestHost(addr, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Upshot test host: %s/api/1/upload (files in %s)\n", h.URL, dir)
	<-ctx.Done()
	if err := h.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
