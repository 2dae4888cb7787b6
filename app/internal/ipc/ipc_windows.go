package ipc

import (
	"context"
	"fmt"
	"hash/fnv"
	"net"
	"os"
	"strings"
	"time"
)

// PipeName is the pipe the running instance listens on:
// \\.\pipe\upshot-<the user's SID>-<a hash of %APPDATA%>. Pipe names are
// machine-wide: the SID keeps two users' instances apart, and the data
// folder two profiles of one account (the instance is the one that owns
// %APPDATA%\Upshot: its history and its unfinished uploads).
func PipeName() string {
	name := `\\.\pipe\upshot`
	if sid, err := currentUser(); err == nil {
		name += "-" + sid.String()
	}
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(os.Getenv("APPDATA"))))
	return fmt.Sprintf("%s-%08x", name, h.Sum32())
}

// Listen makes this process the running instance: it creates the pipe,
// which only one process can, and serves each request by calling handler
// on its own goroutine. It returns ErrRunning when another instance is
// running.
func Listen(handler func(Request) Response) (*Server, error) {
	return listenPipe(PipeName(), handler, readTimeout)
}

func listenPipe(path string, handler func(Request) Response, rto time.Duration) (*Server, error) {
	ln, err := listenPipePath(path)
	if err != nil {
		return nil, err
	}
	peerOK := func(c net.Conn) bool {
		pc, ok := c.(*pipeConn)
		return ok && sameUser(pc, true)
	}
	return newServer(ln, path, handler, peerOK, rto, ln.unlock), nil
}

// Send hands req to the running instance and returns its answer. It
// returns ErrNotRunning when no instance listens, and gives up when ctx
// ends, or after DefaultTimeout when ctx has no deadline.
func Send(ctx context.Context, req Request) (Response, error) {
	return sendPipe(ctx, PipeName(), req)
}

func sendPipe(ctx context.Context, path string, req Request) (Response, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	conn, err := dialPipe(ctx, path)
	if err != nil {
		return Response{}, err
	}
	defer conn.Close()
	if !sameUser(conn, false) {
		return Response{}, fmt.Errorf("%s is served by another user: refusing to talk to it", path)
	}
	return roundTrip(ctx, conn, req)
}
