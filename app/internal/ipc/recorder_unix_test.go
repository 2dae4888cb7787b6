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

// Drain lets an answer being worked out reach its client, where Close
// would drop the connection under it, and takes no new requests.
func TestDrainDeliversTheAnswerUnderWay(t *testing.T) {
	runtimeDir(t)
	release, inHandler := make(chan struct{}), make(chan struct{})
	srv, err := ListenRecorder(func(Request) Response {
		close(inHandler)
		<-release
		return Response{OK: true, Lines: []string{"http://h/v.mp4"}}
	})
	if err != nil {
		t.Fatal(err)
	}
	answer := make(chan error, 1)
	go func() {
		resp, err := SendRecorder(ctxFor(t, 10*time.Second), Request{Command: CmdRecordStop})
		if err == nil && (len(resp.Lines) != 1 || resp.Lines[0] != "http://h/v.mp4") {
			err = errors.New("wrong answer")
		}
		answer <- err
	}()
	<-inHandler
	drained := make(chan error, 1)
	go func() { drained <- srv.Drain(10 * time.Second) }()
	time.Sleep(50 * time.Millisecond) // Drain has begun
	if _, err := SendRecorder(ctxFor(t, 2*time.Second), Request{Command: CmdRecordStop}); err == nil {
		t.Error("a draining server took a new request")
	}
	close(release)
	if err := <-answer; err != nil {
		t.Errorf("the answer under way: %v", err)
	}
	if err := <-drained; err != nil {
		t.Errorf("Drain: %v", err)
	}
}
