//go:build unix

package ipc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// Send hands req to the running instance and returns its answer. It
// returns ErrNotRunning when no instance listens, and gives up when ctx
// ends, or after DefaultTimeout when ctx has no deadline.
func Send(ctx context.Context, req Request) (Response, error) {
	return send(ctx, SocketPath(), req, os.Getuid())
}

func send(ctx context.Context, path string, req Request, uid int) (Response, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	if err := checkDir(filepath.Dir(path)); err != nil {
		return Response{}, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return Response{}, ErrNotRunning
		}
		return Response{}, fmt.Errorf("reach the running Upshot at %s: %w", path, err)
	}
	defer conn.Close()
	uc := conn.(*net.UnixConn)
	if peer, err := peerUID(uc); err != nil || peer != uid {
		return Response{}, fmt.Errorf("%s is served by another user (uid %d): refusing to talk to it", path, peer)
	}
	return roundTrip(ctx, uc, req)
}

// checkDir refuses a socket directory another user could control.
func checkDir(dir string) error {
	perm, ours, err := ownDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return ErrNotRunning
	}
	if err != nil {
		return err
	}
	if !ours || perm&0o022 != 0 {
		return fmt.Errorf("%s is not a private directory of this user: remove it and start Upshot again", dir)
	}
	return nil
}
