//go:build unix

package ipc

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runtimeDir points XDG_RUNTIME_DIR at a fresh directory.
func runtimeDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", d)
	return filepath.Join(d, "upshot")
}

func echo(req Request) Response {
	return Response{OK: true, Lines: append([]string{req.Command, req.Cwd}, req.Args...), Exit: 0}
}

func mustListen(t *testing.T, h func(Request) Response) *Server {
	t.Helper()
	s, err := Listen(h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestRoundTrip(t *testing.T) {
	dir := runtimeDir(t)
	s := mustListen(t, echo)
	if s.Path() != filepath.Join(dir, "upshot.sock") || SocketPath() != s.Path() {
		t.Fatalf("socket at %s, SocketPath %s, want it in %s", s.Path(), SocketPath(), dir)
	}
	req := Request{Command: CmdUpload, Args: []string{"a b.png", "ünï.jpg"}, Cwd: "/home/me/Pictures"}
	resp, err := Send(ctxFor(t, 5*time.Second), req)
	if err != nil {
		t.Fatal(err)
	}
	want := Response{OK: true, Lines: []string{"upload", "/home/me/Pictures", "a b.png", "ünï.jpg"}}
	if !reflect.DeepEqual(resp, want) {
		t.Fatalf("response %+v, want %+v", resp, want)
	}
}

func TestSecondListenIsErrRunning(t *testing.T) {
	runtimeDir(t)
	first := mustListen(t, echo)
	if _, err := Listen(echo); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Listen: %v, want ErrRunning", err)
	}
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); err != nil {
		t.Fatalf("the first instance stopped answering: %v", err)
	}
	first.Close()
	if _, err := os.Stat(first.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after Close: %v", err)
	}
	mustListen(t, echo) // the lock is free again
}

func TestStaleSocketIsRemoved(t *testing.T) {
	dir := runtimeDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "upshot.sock")
	// A socket file nobody listens on, as a killed instance leaves it.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Send to a stale socket: %v, want ErrNotRunning", err)
	}
	mustListen(t, echo)
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); err != nil {
		t.Fatalf("Send after replacing the stale socket: %v", err)
	}
}

func TestSendWithNobodyIsErrNotRunning(t *testing.T) {
	runtimeDir(t)
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Send: %v, want ErrNotRunning", err)
	}
}

func TestSocketAndDirArePrivate(t *testing.T) {
	dir := runtimeDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil { // a loose directory from elsewhere
		t.Fatal(err)
	}
	s := mustListen(t, echo)
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{s.Path(), os.ModeSocket | 0o600}, {dir, os.ModeDir | 0o700}} {
		fi, err := os.Lstat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != c.want {
			t.Errorf("%s mode %v, want %v", c.path, fi.Mode(), c.want)
		}
	}
}

func TestPeerOfAnotherUIDIsRefused(t *testing.T) {
	dir := runtimeDir(t)
	called := make(chan struct{}, 1)
	// A server that belongs to "another user": our uid is a stranger to it.
	s, err := listen(dir, func(Request) Response { called <- struct{}{}; return Response{OK: true} }, peerPolicy{uid: os.Getuid() + 1, readTimeout: readTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); err == nil {
		t.Fatal("a peer of another uid got an answer")
	}
	select {
	case <-called:
		t.Fatal("the handler ran for a peer of another uid")
	default:
	}
	// And the client refuses a server of another uid.
	other := mustListenIn(t, t.TempDir())
	_, err = send(ctxFor(t, 5*time.Second), other.Path(), Request{Command: CmdShow}, os.Getuid()+1)
	if err == nil || !strings.Contains(err.Error(), "another user") {
		t.Fatalf("send to a server of another uid: %v", err)
	}
}

func mustListenIn(t *testing.T, dir string) *Server {
	t.Helper()
	s, err := listen(dir, echo, peerPolicy{uid: os.Getuid(), readTimeout: readTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// raw sends bytes as a client and returns the server's answer.
func raw(t *testing.T, path, data string) wireResponse {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	c.(*net.UnixConn).CloseWrite()
	var resp wireResponse
	line, err := bufio.NewReader(c).ReadBytes('\n')
	if err != nil {
		t.Fatalf("no answer to %.40q: %v", data, err)
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestMalformedRequestsAreAnswered(t *testing.T) {
	runtimeDir(t)
	s := mustListen(t, func(req Request) Response {
		if req.Command == "boom" {
			panic("kaboom")
		}
		return echo(req)
	})
	tests := []struct {
		name, data, want string
	}{
		{"junk", "hello\n", "malformed request"},
		{"empty", "", "malformed request"},
		{"truncated", `{"v":1,"command":"sh`, "malformed request"},
		{"too long", `{"v":1,"command":"` + strings.Repeat("x", maxLine) + "\"}\n", "malformed request"},
		{"wrong version", `{"v":99,"command":"show"}` + "\n", "version mismatch"},
		{"no version", `{"command":"show"}` + "\n", "version mismatch"},
		{"handler panics", `{"v":1,"command":"boom"}` + "\n", "kaboom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := raw(t, s.Path(), tt.data)
			if resp.V != Version || resp.OK || resp.Exit == 0 || !strings.Contains(resp.Error, tt.want) {
				t.Fatalf("answer %+v, want an error about %q", resp, tt.want)
			}
		})
	}
	if resp := raw(t, s.Path(), `{"v":1,"command":"show"}`); !resp.OK { // no newline: EOF ends it
		t.Fatalf("a request without a final newline: %+v", resp)
	}
}

func TestSilentClientIsDroppedAndOthersServed(t *testing.T) {
	dir := runtimeDir(t)
	s, err := listen(dir, echo, peerPolicy{uid: os.Getuid(), readTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	silent, err := net.Dial("unix", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); err != nil {
		t.Fatalf("blocked by a silent client: %v", err)
	}
	_ = silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, _ := bufio.NewReader(silent).ReadBytes('\n')
	if !strings.Contains(string(line), "malformed request") {
		t.Fatalf("the silent client got %q, want a timeout answer", line)
	}
}

func TestSendGivesUpOnAServerThatNeverAnswers(t *testing.T) {
	dir := runtimeDir(t)
	release := make(chan struct{})
	defer close(release)
	mustListen(t, func(Request) Response { <-release; return Response{OK: true} })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Send(ctx, Request{Command: CmdCapture})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send: %v, want a deadline error", err)
	}
	// Canceling without a deadline works too.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	if _, err := send(ctx2, filepath.Join(dir, "upshot.sock"), Request{Command: CmdCapture}, os.Getuid()); !errors.Is(err, context.Canceled) {
		t.Fatalf("send: %v, want canceled", err)
	}
}

func TestForeignDirectoryIsRefused(t *testing.T) {
	dir := runtimeDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil { // as if someone else could write there
		t.Fatal(err)
	}
	if _, err := Send(ctxFor(t, 5*time.Second), Request{Command: CmdShow}); err == nil || !strings.Contains(err.Error(), "not a private directory") {
		t.Fatalf("Send via a world-writable dir: %v", err)
	}
}

func TestDirFallsBackToTemp(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "")
	want := filepath.Join(os.TempDir(), "upshot-"+strconv.Itoa(os.Getuid()))
	if got := Dir(); got != want {
		t.Fatalf("Dir() = %q, want %q", got, want)
	}
}
