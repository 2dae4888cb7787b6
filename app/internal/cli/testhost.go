package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/localhost"
)

// StartTestHost serves the local Chevereto-compatible host on addr
// (loopback unless the caller says otherwise). The GUI uses it as the
// first-run default.
func StartTestHost(addr string, opts localhost.Options) (*localhost.Server, error) {
	return localhost.Start(addr, opts)
}

// runTestHost is `upshot testhost`: a local host for trying the app with no
// account, and for the end-to-end tests.
func runTestHost(ctx context.Context, args []string, env Env) error {
	var addr, key, dir, maxSize string
	var faults localhost.Faults
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
		dir = filepath.Join(env.paths("").Data, "testhost")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("test host: %w", err)
	}
	opts := localhost.Options{Key: key, Guest: key == "", Dir: dir, Faults: faults}
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
	fmt.Fprintf(env.Stdout, "Upshot test host: %s (files in %s)\n", h.Endpoint(), dir)
	<-ctx.Done()
	h.Close()
	return nil
}
