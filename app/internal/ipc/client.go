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
	"time"
)

// withDefaultTimeout gives ctx DefaultTimeout when it has no deadline.
func withDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, DefaultTimeout)
}

// roundTrip sends req on conn, a connection to a checked peer, and reads
// the answer; every read and write gives up when ctx ends.
func roundTrip(ctx context.Context, conn net.Conn, req Request) (Response, error) {
	// Deadlines make every read and write give up with ctx, even one
	// blocked on a server that never answers.
	dl, _ := ctx.Deadline()
	_ = conn.SetDeadline(dl)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	resp, err := exchange(conn, req)
	if err == nil {
		return resp, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return Response{}, fmt.Errorf("the running Upshot did not answer: %w", cerr)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) { // the connection's deadline beat ctx's timer
		return Response{}, fmt.Errorf("the running Upshot did not answer: %w", context.DeadlineExceeded)
	}
	return Response{}, err
}

// exchange writes the request and reads the response. The request is one
// line, so the server needs no end of stream; a socket is half-closed all
// the same (a pipe cannot be).
func exchange(conn net.Conn, req Request) (Response, error) {
	b, err := json.Marshal(wireRequest{V: Version, Request: req})
	if err != nil {
		return Response{}, err
	}
	if _, err := conn.Write(append(b, '\n')); err != nil {
		return Response{}, fmt.Errorf("send to the running Upshot: %w", err)
	}
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
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
