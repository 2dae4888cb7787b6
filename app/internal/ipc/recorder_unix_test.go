//go:build unix

package ipc

import (
	"errors"
	"testing"
	"time"
)

// A command-line recording listens beside the running app, not in its
// place: each end answers its own requests, and a second recording is
// refused.
func TestRecorderEndpointBesideTheApp(t *testing.T) {
	runtimeDir(t)
	if _, err := SendRecorder(ctxFor(t, 5*time.Second), Request{Command: CmdRecordStop}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("SendRecorder with no recording: %v, want ErrNotRunning", err)
	}
	app := mustListen(t, func(Request) Response { return Response{OK: true, Lines: []string{"app"}} })
	defer app.Close()
	rec, err := ListenRecorder(func(Request) Response { return Response{OK: true, Lines: []string{"recorder"}} })
	if err != nil {
		t.Fatalf("ListenRecorder beside the app: %v", err)
	}
	defer rec.Close()
	if _, err := ListenRecorder(echo); !errors.Is(err, ErrRunning) {
		t.Errorf("a second ListenRecorder: %v, want ErrRunning", err)
	}
	for _, c := range []struct {
		send func() (Response, error)
		want string
	}{
		{func() (Response, error) {
			return SendRecorder(ctxFor(t, 5*time.Second), Request{Command: CmdRecordStop})
		}, "recorder"},
		{func() (Response, error) { return Send(ctxFor(t, 5*time.Second), Request{Command: CmdRecordStop}) }, "app"},
	} {
		resp, err := c.send()
		if err != nil || len(resp.Lines) != 1 || resp.Lines[0] != c.want {
			t.Errorf("answer %+v, %v; want %q", resp, err, c.want)
		}
	}
}
