package ipc

// These run under Wine on Linux (make wine-unit) and on Windows.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func echo(req Request) Response {
	return Response{OK: true, Lines: append([]string{req.Command, req.Cwd}, req.Args...), Exit: 0}
}

// pipePath is a pipe name no other test uses.
func pipePath(t *testing.T) string {
	return fmt.Sprintf(`\\.\pipe\upshot-test-%s-%d`, t.Name(), time.Now().UnixNano())
}

func mustListenPipe(t *testing.T, path string, h func(Request) Response, rto time.Duration) *Server {
	t.Helper()
	s, err := listenPipe(path, h, rto)
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

func TestPipeRoundTrip(t *testing.T) {
	path := pipePath(t)
	mustListenPipe(t, path, echo, readTimeout)
	req := Request{Command: CmdUpload, Args: []string{"a b.png", "ünï.jpg"}, Cwd: `C:\Users\me\Pictures`}
	resp, err := sendPipe(ctxFor(t, 10*time.Second), path, req)
	if err != nil {
		t.Fatal(err)
	}
	want := Response{OK: true, Lines: []string{"upload", `C:\Users\me\Pictures`, "a b.png", "ünï.jpg"}}
	if !reflect.DeepEqual(resp, want) {
		t.Fatalf("response %+v, want %+v", resp, want)
	}
}

func TestPipeNameIsPerUserAndDataFolder(t *testing.T) {
	sid, err := currentUser()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("APPDATA", `C:\Users\a\AppData\Roaming`)
	a := PipeName()
	if !strings.HasPrefix(a, `\\.\pipe\upshot-`+sid.String()+"-") || !strings.HasPrefix(sid.String(), "S-1-") {
		t.Fatalf("PipeName() = %q for SID %s", a, sid)
	}
	t.Setenv("APPDATA", `c:\users\A\appdata\roaming`)
	if PipeName() != a {
		t.Errorf("the same folder spelt in another case gives another pipe: %q, %q", PipeName(), a)
	}
	t.Setenv("APPDATA", `D:\Profiles\b`)
	if PipeName() == a {
		t.Errorf("two data folders share the pipe %q", a)
	}
}

func TestPipeSecondListenIsErrRunning(t *testing.T) {
	path := pipePath(t)
	first := mustListenPipe(t, path, echo, readTimeout)
	if _, err := listenPipe(path, echo, readTimeout); !errors.Is(err, ErrRunning) {
		t.Fatalf("second listen: %v, want ErrRunning", err)
	}
	if _, err := sendPipe(ctxFor(t, 10*time.Second), path, Request{Command: CmdShow}); err != nil {
		t.Fatalf("the first instance stopped answering: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := sendPipe(ctxFor(t, 10*time.Second), path, Request{Command: CmdShow}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("send after Close: %v, want ErrNotRunning", err)
	}
	mustListenPipe(t, path, echo, readTimeout) // the name is free again
}

func TestPipeSendWithNobodyIsErrNotRunning(t *testing.T) {
	if _, err := sendPipe(ctxFor(t, 10*time.Second), pipePath(t), Request{Command: CmdShow}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("send: %v, want ErrNotRunning", err)
	}
}

func TestPipeServesClientsAtOnce(t *testing.T) {
	path := pipePath(t)
	release := make(chan struct{})
	mustListenPipe(t, path, func(r Request) Response {
		if r.Command == "wait" {
			<-release
		}
		return echo(r)
	}, readTimeout)
	waiting := make(chan error, 1)
	go func() {
		_, err := sendPipe(ctxFor(t, 20*time.Second), path, Request{Command: "wait"})
		waiting <- err
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := sendPipe(ctxFor(t, 20*time.Second), path, Request{Command: CmdShow, Cwd: fmt.Sprint(i)})
			if err == nil && (len(resp.Lines) != 2 || resp.Lines[1] != fmt.Sprint(i)) {
				err = fmt.Errorf("client %d got %v", i, resp.Lines)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	close(release)
	if err := <-waiting; err != nil {
		t.Fatalf("the waiting client: %v", err)
	}
}

// rawPipe sends bytes as a client and returns the server's answer.
func rawPipe(t *testing.T, path, data string) wireResponse {
	t.Helper()
	c, err := dialPipe(ctxFor(t, 10*time.Second), path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if data != "" {
		if _, err := c.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	line, err := bufio.NewReader(c).ReadBytes('\n')
	if err != nil {
		t.Fatalf("no answer to %.40q: %v", data, err)
	}
	var resp wireResponse
	if err := json.Unmarshal(line, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestPipeMalformedRequestsAreAnswered(t *testing.T) {
	path := pipePath(t)
	mustListenPipe(t, path, func(req Request) Response {
		if req.Command == "boom" {
			panic("kaboom")
		}
		return echo(req)
	}, 500*time.Millisecond)
	tests := []struct{ name, data, want string }{
		{"junk", "hello\n", "malformed request"},
		{"silent", "", "malformed request"}, // no end of stream on a pipe: the read deadline ends it
		{"wrong version", `{"v":99,"command":"show"}` + "\n", "version mismatch"},
		{"handler panics", `{"v":1,"command":"boom"}` + "\n", "kaboom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rawPipe(t, path, tt.data)
			if resp.V != Version || resp.OK || resp.Exit == 0 || !strings.Contains(resp.Error, tt.want) {
				t.Fatalf("answer %+v, want an error about %q", resp, tt.want)
			}
		})
	}
}

func TestPipeSendGivesUpOnAServerThatNeverAnswers(t *testing.T) {
	path := pipePath(t)
	release := make(chan struct{})
	defer close(release)
	mustListenPipe(t, path, func(Request) Response { <-release; return Response{OK: true} }, readTimeout)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := sendPipe(ctx, path, Request{Command: CmdCapture}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("send: %v, want a deadline error", err)
	}
}
