package cli

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// appQueue is a running app's queue over a fake host.
func appQueue(t *testing.T) (*uploader.Queue, *chevtest.Server) {
	t.Helper()
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: srv.Endpoint(), Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	q, err := uploader.NewQueue(uploader.QueueConfig{SpoolDir: t.TempDir(),
		Resolve: func(string) (uploader.Target, error) { return uploader.Target{Uploader: c, Host: srv.Endpoint()}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	go func() { // the window's pump
		for range q.Events() {
		}
	}()
	return q, srv
}

// TestHandoffUpload: request → the app's queue → the CLI's answer. Relative
// paths resolve against the sender's directory and are reported as typed;
// a failure is on the error line and the exit status; --copy goes through
// the app.
func TestHandoffUpload(t *testing.T) {
	q, srv := appQueue(t)
	dir := t.TempDir()
	writePNG(t, dir, "a.png", 6, 4)
	var copied []string
	h := Handoff{Queue: q, CopyText: func(s string) error { copied = append(copied, s); return nil }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp := h.Serve(ctx, ipc.Request{Command: ipc.CmdUpload, Cwd: dir,
		Args: []string{"--output", "markdown", "--copy", "a.png", "missing.png"}})
	if resp.OK || resp.Exit != ExitFailed {
		t.Fatalf("answer %+v, want a failure (one file is missing)", resp)
	}
	if len(resp.Lines) != 1 || !strings.HasPrefix(resp.Lines[0], "![a](http://") {
		t.Errorf("lines %q, want one Markdown link", resp.Lines)
	}
	if !strings.HasPrefix(resp.Error, "missing.png: ") {
		t.Errorf("error %q, want the source as typed first", resp.Error)
	}
	if len(copied) != 1 || copied[0] != resp.Lines[0] {
		t.Errorf("copied %q", copied)
	}
	if n, _ := srv.Stats(); n != 1 {
		t.Errorf("host got %d uploads, want 1", n)
	}
}

func TestHandoffCopyFailureIsReported(t *testing.T) {
	q, _ := appQueue(t)
	dir := t.TempDir()
	writePNG(t, dir, "a.png", 3, 3)
	h := Handoff{Queue: q, CopyText: func(string) error { return errors.New("no clipboard owner") }}
	resp := h.Serve(context.Background(), ipc.Request{Command: ipc.CmdUpload, Cwd: dir, Args: []string{"--copy", filepath.Join(dir, "a.png")}})
	if !resp.OK || resp.Exit != ExitOK || resp.Error != "--copy: no clipboard owner — the links are on stdout" {
		t.Errorf("answer %+v", resp)
	}
}

func TestHandoffCommands(t *testing.T) {
	var shots []service.Shot
	var shown, clip int
	h := Handoff{
		Capture:   func(s service.Shot) { shots = append(shots, s) },
		Show:      func() { shown++ },
		Clipboard: func() { clip++ },
	}
	ctx := context.Background()
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdCapture, Args: []string{"region", "--delay", "2"}}); !r.OK ||
		len(shots) != 1 || shots[0] != (service.Shot{Mode: capture.ModeRegion, Delay: 2 * time.Second}) {
		t.Errorf("capture: %+v, shots %+v", r, shots)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdCapture, Args: []string{"full", "--copy"}}); r.Exit != ExitUsage ||
		r.Error != `capture: unknown argument "--copy" — use full, monitor, region or window [--delay S]` || len(shots) != 1 {
		t.Errorf("capture with upload flags: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdShow}); !r.OK || shown != 1 {
		t.Errorf("show: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdClipboard}); !r.OK || clip != 1 || r.Lines[0] != "clipboard handed to the running Upshot" {
		t.Errorf("clipboard: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: "teleport"}); r.Exit != ExitUsage || r.Error != "unknown command teleport" {
		t.Errorf("unknown: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdUpload, Args: []string{"--jobs", "0", "x.png"}}); r.Exit != ExitUsage {
		t.Errorf("bad upload flags: %+v", r)
	}
}

// A handed-over `upshot record` starts the app's recording, once;
// `upshot record stop` stops it, or says there is none (for the command
// line to ask a recording of its own).
func TestHandoffRecord(t *testing.T) {
	var clips []service.Clip
	recording := false
	h := Handoff{
		Record: func(c service.Clip) bool {
			if recording {
				return false
			}
			clips, recording = append(clips, c), true
			return true
		},
		StopRecording: func() (func(context.Context) (int64, error), bool) {
			was := recording
			recording = false
			return func(context.Context) (int64, error) { return 0, capture.ErrCanceled }, was
		},
	}
	ctx := context.Background()
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecordStop}); r.OK || r.Exit != ExitNothingRecording {
		t.Errorf("stop with nothing recording: %+v", r)
	}
	r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecord, Args: []string{"region", "--gif", "--max-seconds", "5"}})
	if !r.OK || len(clips) != 1 || clips[0] != (service.Clip{Mode: record.ModeRegion, GIF: true, MaxDuration: 5 * time.Second}) {
		t.Errorf("record: %+v, clips %+v", r, clips)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecord, Args: []string{"full"}}); r.OK || r.Exit != ExitFailed ||
		!strings.Contains(r.Error, "a recording is under way already") {
		t.Errorf("a second recording: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecord, Args: []string{"full", "--copy"}}); r.Exit != ExitUsage ||
		!strings.Contains(r.Error, `record: unknown argument "--copy"`) {
		t.Errorf("record with upload flags: %+v", r)
	}
	if r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecordStop}); !r.OK || recording {
		t.Errorf("stop: %+v", r)
	}
}

// A handed-over `upshot record stop` answers as a command line's recording
// does: once the clip has uploaded in the app's queue, with its link and
// exit status; a recording that ended without a file says why, and one
// stopped before it started says there is nothing to upload.
func TestHandoffRecordStopPrintsTheLink(t *testing.T) {
	q, _ := appQueue(t)
	clip := writePNG(t, t.TempDir(), "clip.png", 6, 4) // the queue takes any file the host does
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stopWith := func(id func() int64, err error) Handoff {
		return Handoff{Queue: q, StopRecording: func() (func(context.Context) (int64, error), bool) {
			return func(context.Context) (int64, error) { return id(), err }, true
		}}
	}
	h := stopWith(func() int64 { return q.AddOwned("", uploader.Options{}, clip) }, nil)
	r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecordStop})
	if !r.OK || r.Exit != ExitOK || len(r.Lines) != 1 || !strings.HasPrefix(r.Lines[0], "http://") {
		t.Errorf("stop: %+v, want OK and the clip's link", r)
	}
	tooBig := &record.TooBigError{Path: "/rec/clip.mp4", Limit: 5 << 20}
	r = stopWith(func() int64 { return 0 }, tooBig).Serve(ctx, ipc.Request{Command: ipc.CmdRecordStop})
	if r.OK || r.Exit != ExitFailed || !strings.Contains(r.Error, tooBig.Error()) {
		t.Errorf("stop of a clip too big to fit: %+v, want exit %d and %q", r, ExitFailed, tooBig.Error())
	}
	r = stopWith(func() int64 { return 0 }, capture.ErrCanceled).Serve(ctx, ipc.Request{Command: ipc.CmdRecordStop})
	if !r.OK || r.Exit != ExitOK || len(r.Lines) != 0 || !strings.Contains(r.Error, "nothing to upload") {
		t.Errorf("stop before the recording started: %+v, want exit 0, no link and the word on stderr", r)
	}
}

// Ctrl+C while the running app has a handed-over upload ends the command
// with a word that the app goes on, and the command does not upload the
// files itself as well (it used to say "did not answer; uploading here"
// and start its own upload: twice the uploads, or a journal to resume).
func TestInterruptedHandOffIsNotRedoneHere(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_DATA_HOME": filepath.Join(dir, "data")}
	var out, errb strings.Builder
	asked := 0
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }, Version: "test",
		Send: func(ctx context.Context, req ipc.Request) (ipc.Response, error) {
			asked++
			<-ctx.Done() // the app is uploading when the user presses Ctrl+C
			return ipc.Response{}, ctx.Err()
		},
	}
	file := writePNG(t, dir, "a.png", 4, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	code := Run(ctx, []string{"upload", file}, env)
	want := "upshot: stopped waiting for the running Upshot, which goes on uploading in its window\n"
	if code != ExitFailed || errb.String() != want || out.String() != "" || asked != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q, asked %d; want exit %d and only %q", code, out.String(), errb.String(), asked, ExitFailed, want)
	}
}

// A handed `upshot record` waits with CmdRecordWait: the answer is the
// clip's link once it has uploaded; with no recording seen, an error.
func TestHandoffRecordWait(t *testing.T) {
	q, _ := appQueue(t)
	clip := writePNG(t, t.TempDir(), "clip.png", 6, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	none := Handoff{Queue: q, WaitRecording: func() (func(context.Context) (int64, error), bool) { return nil, false }}
	if r := none.Serve(ctx, ipc.Request{Command: ipc.CmdRecordWait}); r.OK || r.Exit != ExitFailed {
		t.Errorf("wait with no recording: %+v", r)
	}
	h := Handoff{Queue: q, WaitRecording: func() (func(context.Context) (int64, error), bool) {
		return func(context.Context) (int64, error) { return q.AddOwned("", uploader.Options{}, clip), nil }, true
	}}
	r := h.Serve(ctx, ipc.Request{Command: ipc.CmdRecordWait})
	if !r.OK || r.Exit != ExitOK || len(r.Lines) != 1 || !strings.HasPrefix(r.Lines[0], "http://") {
		t.Errorf("wait: %+v, want OK and the clip's link", r)
	}
}
