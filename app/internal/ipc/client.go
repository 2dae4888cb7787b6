//go:build unix

package ipc

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Send hands req to the running instance and returns its answer. It
// returns ErrNotRunning when no instance listens, and gives up when ctx
// ends, or after DefaultTimeout when ctx has no deadline.
func Send(ctx context.Context, req Request) (Response, error) {
	return send(ctx, SocketPath(), req, os.Getuid())
}

func send(ctx context.Context, path string, req Request, uid int) (Response, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
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
	// Deadlines make every read and write give up with ctx, even one
	// blocked on a server that never answers.
	dl, _ := ctx.Deadline()
	_ = conn.SetDeadline(dl)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	resp, err := exchange(uc, req)
	if err == nil {
		return resp, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return Response{}, fmt.Errorf("the running Upshot did not answer: %w", cerr)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) { // the socket's deadline beat ctx's timer
		return Response{}, fmt.Errorf("the running Upshot did not answer: %w", context.DeadlineExceeded)
	}
	return Response{}, err
}

// exchange writes the request and reads the response.
func exchange(conn *net.UnixConn, req Request) (Response, error) {
	b, err := json.Marshal(wireRequest{V: Version, Request: req})
	if err != nil {
		return Response{}, err
	}
	if _, err := conn.Write(append(b, '\n')); err != nil {
		return Response{}, fmt.Errorf("send to the running Upshot: %w", err)
	}
	_ = conn.CloseWrite()
	line, err := bufio.NewReader(io.LimitReader(conn, maxLine+1)).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Response{}, fmt.Errorf("read the running Upshot's answer: %w", err)
	}
	var resp wireResponse
	if err := json.Unmarshal(line, &resp); err != nil {
		return Response{}, fmt.Errorf("the running Upshot answered something unreadable: %w", err)
	}
	if resp.V != Version {
		return Response{}, errors.New(versionError(resp.V, Version))
	}
	return resp.Response, nil
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
