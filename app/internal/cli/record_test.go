package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
)

func TestParseRecord(t *testing.T) {
	tests := []struct {
		args  []string
		clip  service.Clip
		rest  []string
		error string
	}{
		{args: []string{"full"}, clip: service.Clip{Mode: record.ModeFull}},
		{args: []string{"region", "--gif", "--max-seconds", "3", "--fps=15", "--delay", "2"},
			clip: service.Clip{Mode: record.ModeRegion, GIF: true, MaxDuration: 3 * time.Second, FPS: 15, Delay: 2 * time.Second}},
		{args: []string{"--host", "http://h", "window", "-max-seconds=0.5", "--copy"},
			clip: service.Clip{Mode: record.ModeWindow, MaxDuration: 500 * time.Millisecond}, rest: []string{"--host", "http://h", "--copy"}},
		{args: []string{"monitor", "--gif=false"}, clip: service.Clip{Mode: record.ModeMonitor}},
		{args: []string{"full", "--fps", "0"}, error: `--fps "0": give a frame rate from 1 to 120`},
		{args: []string{"full", "--max-seconds", "-1"}, error: "--max-seconds"},
		{args: []string{"full", "--fps"}, error: "--fps needs a number"},
		{args: []string{"full", "--delay", "x"}, error: "give seconds"},
		{args: []string{"--gif"}, error: "record: say full, monitor, region or window (or stop)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			clip, rest, err := ParseRecord(tt.args)
			if tt.error != "" {
				if err == nil || !strings.Contains(err.Error(), tt.error) {
					t.Fatalf("ParseRecord = %v, want an error with %q", err, tt.error)
				}
				return
			}
			if err != nil || clip != tt.clip || !reflect.DeepEqual(rest, tt.rest) {
				t.Errorf("ParseRecord = %+v %q %v, want %+v %q", clip, rest, err, tt.clip, tt.rest)
			}
		})
	}
}

// stubRecording is a recording that has written path and ends, with res,
// when stopped.
type stubRecording struct {
	res  *record.Result
	stop chan struct{}
}

func (r *stubRecording) Stop() {
	select {
	case <-r.stop:
	default:
		close(r.stop)
	}
}
func (r *stubRecording) Wait() (*record.Result, error) { <-r.stop; return r.res, nil }
func (r *stubRecording) Done() <-chan struct{}         { return r.stop }
func (r *stubRecording) Elapsed() time.Duration        { return time.Second }

// mp4Bytes is enough of an MP4 for the upload's type check.
var mp4Bytes = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 2000)...)

// recordEnv is captureEnv with a recorder whose recordings are fake MP4s
// (fitted as Fitted says), and a recorder socket in memory.
func recordEnv(t *testing.T, fitted string) (Env, *strings.Builder, *strings.Builder, *[]record.Options, func(ipc.Request) ipc.Response) {
	env, _, out, errb, _ := captureEnv(t, nil)
	env.Send = func(context.Context, ipc.Request) (ipc.Response, error) { return ipc.Response{}, ipc.ErrNotRunning }
	var started []record.Options
	env.Record = func(_ context.Context, o record.Options) (service.Recording, error) {
		started = append(started, o)
		path := filepath.Join(o.Dir, "Recording x.mp4")
		if err := os.MkdirAll(o.Dir, 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, mp4Bytes, 0o600); err != nil {
			return nil, err
		}
		return &stubRecording{res: &record.Result{Path: path, Fitted: fitted}, stop: make(chan struct{})}, nil
	}
	handler := make(chan func(ipc.Request) ipc.Response, 1)
	env.ListenRecorder = func(h func(ipc.Request) ipc.Response) (io.Closer, error) {
		handler <- h
		return io.NopCloser(nil), nil
	}
	return env, out, errb, &started, func(r ipc.Request) ipc.Response { h := <-handler; handler <- h; return h(r) }
}

// `upshot record stop` in another terminal stops the recording, which
// then uploads: the link is printed by both, and the file is gone.
func TestRecordHereStoppedFromAnotherTerminal(t *testing.T) {
	env, out, errb, started, stop := recordEnv(t, "re-encoded to 4.8 MB: 10 fps")
	answer := make(chan ipc.Response, 1)
	go func() {
		for { // until the recording has started: before, there is nothing to stop
			resp := stop(ipc.Request{Command: ipc.CmdRecordStop})
			if !strings.Contains(resp.Error, "has not started yet") {
				answer <- resp
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	code := Run(context.Background(), []string{"record", "full", "--max-size", "5MB", "--fps", "20"}, env)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	link := strings.TrimSpace(out.String())
	if !strings.HasPrefix(link, "http://") || !strings.HasSuffix(link, ".mp4") {
		t.Fatalf("stdout %q, want the recording's link", link)
	}
	resp := <-answer
	if !resp.OK || !reflect.DeepEqual(resp.Lines, []string{link}) {
		t.Errorf("record stop's answer %+v, want the link %q", resp, link)
	}
	if o := (*started)[0]; o.SizeLimit != 5_000_000 || o.FPS != 20 || o.Format != record.FormatMP4 || o.Target.Mode != record.ModeFull {
		t.Errorf("recorded with %+v", o)
	}
	for _, want := range []string{"recording the screen — press Ctrl+C", "re-encoded to 4.8 MB (10 fps) to fit the host's 5 MB limit"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q lacks %q", errb, want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir((*started)[0].Dir), "recordings", "*")); len(left) != 0 {
		t.Errorf("the uploaded recording was kept: %v", left)
	}
}

// A Ctrl+C (the command's context ends) stops the recording and still
// uploads it.
func TestRecordHereCtrlCUploads(t *testing.T) {
	env, out, errb, _, _ := recordEnv(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	rec := env.Record
	env.Record = func(c context.Context, o record.Options) (service.Recording, error) {
		r, err := rec(c, o)
		cancel() // the user presses Ctrl+C as soon as it runs
		return r, err
	}
	if code := Run(ctx, []string{"record", "window", "--output", "url"}, env); code != ExitOK || !strings.HasPrefix(out.String(), "http://") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errb)
	}
}

// Mistakes in the upload flags are found before anything is recorded.
func TestRecordUsageErrorRecordsNothing(t *testing.T) {
	env, _, errb, started, _ := recordEnv(t, "")
	if code := Run(context.Background(), []string{"record", "full", "--output", "nonsense"}, env); code != ExitUsage {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if len(*started) != 0 || !strings.Contains(errb.String(), `--output "nonsense"`) {
		t.Errorf("started %d recordings; stderr %q", len(*started), errb)
	}
}

// `upshot record stop`: the app's recording first, then a command line's;
// with neither, a clear message and exit 1.
func TestRecordStop(t *testing.T) {
	env, out, errb, _, _ := recordEnv(t, "")
	var asked []string
	env.Send = func(context.Context, ipc.Request) (ipc.Response, error) {
		asked = append(asked, "app")
		return ipc.Response{Error: "not recording", Exit: ExitNothingRecording}, nil
	}
	env.SendRecorder = func(context.Context, ipc.Request) (ipc.Response, error) {
		asked = append(asked, "cli")
		return ipc.Response{}, ipc.ErrNotRunning
	}
	if code := Run(context.Background(), []string{"record", "stop"}, env); code != ExitFailed ||
		!strings.Contains(errb.String(), "upshot: nothing is recording: start a recording with") {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	if !reflect.DeepEqual(asked, []string{"app", "cli"}) {
		t.Errorf("asked %q, want the app, then a command line", asked)
	}
	env.SendRecorder = func(context.Context, ipc.Request) (ipc.Response, error) {
		return ipc.Response{OK: true, Lines: []string{"http://h/v.mp4"}}, nil
	}
	errb.Reset()
	if code := Run(context.Background(), []string{"record", "stop"}, env); code != ExitOK || out.String() != "http://h/v.mp4\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errb)
	}
	env.SendRecorder = func(context.Context, ipc.Request) (ipc.Response, error) { return ipc.Response{}, errors.New("boom") }
	if code := Run(context.Background(), []string{"record", "stop", "now"}, env); code != ExitUsage {
		t.Errorf("record stop now: exit %d", code)
	}
}

// Without upload flags, a running app takes the recording over; the
// command then waits for the recording's end there and prints its link,
// with the status of a recording made here. Ctrl+C ends only the wait.
func TestRecordHandsOff(t *testing.T) {
	env, out, errb, started, _ := recordEnv(t, "")
	var sent []ipc.Request
	answer := ipc.Response{OK: true, Lines: []string{"http://h/v.mp4"}}
	env.Send = func(ctx context.Context, r ipc.Request) (ipc.Response, error) {
		sent = append(sent, r)
		if r.Command == ipc.CmdRecordWait {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("the wait for the link has no deadline: Send's default minute would cut a long recording short")
			}
			if answer.Exit < 0 {
				<-ctx.Done() // recording on in the app when the user presses Ctrl+C
				return ipc.Response{}, ctx.Err()
			}
			return answer, nil
		}
		return ipc.Response{OK: true, Lines: []string{"recording handed to the running Upshot"}}, nil
	}
	if code := Run(context.Background(), []string{"record", "region", "--gif"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if len(sent) != 2 || sent[0].Command != ipc.CmdRecord || !reflect.DeepEqual(sent[0].Args, []string{"region", "--gif"}) ||
		sent[1].Command != ipc.CmdRecordWait || len(*started) != 0 {
		t.Errorf("sent %+v; recorded here %d times", sent, len(*started))
	}
	if out.String() != "http://h/v.mp4\n" || !strings.Contains(errb.String(), "recording handed to the running Upshot") {
		t.Errorf("stdout %q, stderr %q; want the link on stdout and the hand-off on stderr", out, errb)
	}

	out.Reset()
	errb.Reset()
	answer = ipc.Response{Error: "the recording: boom", Exit: ExitFailed}
	if code := Run(context.Background(), []string{"record", "full"}, env); code != ExitFailed || out.Len() != 0 ||
		!strings.Contains(errb.String(), "upshot: the recording: boom") {
		t.Errorf("a failed recording: exit %d, stdout %q, stderr %q", code, out, errb)
	}

	errb.Reset()
	answer.Exit = -1
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if code := Run(ctx, []string{"record", "full"}, env); code != ExitFailed ||
		!strings.Contains(errb.String(), "the running Upshot goes on recording") || strings.Contains(errb.String(), "recording here") {
		t.Errorf("Ctrl+C while waiting: exit %d, stderr %q", code, errb)
	}
}

func TestLeftoverLine(t *testing.T) {
	now := time.Date(2026, 12, 2, 18, 0, 0, 0, time.Local)
	if got := leftoverLine(now.Add(-4*time.Hour+2*time.Minute), 12400*time.Millisecond, now); got != "a recording from 14:02 was interrupted (12 s kept)" {
		t.Errorf("today: %q", got)
	}
	if got := leftoverLine(now.AddDate(0, 0, -1), 3*time.Second, now); !strings.Contains(got, "from 2026-12-01 18:00 was") {
		t.Errorf("yesterday: %q", got)
	}
}
