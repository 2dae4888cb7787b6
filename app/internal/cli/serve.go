package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
)

// Handoff is the receiving end of a hand-off: the running app answers a
// command line another `upshot` passed it with what that command would
// have printed, doing the work in its own queue and window.
type Handoff struct {
	// Queue is the app's queue: handed-over uploads show in its window.
	Queue *uploader.Queue
	// Capture starts the capture flow in the app (it returns at once).
	Capture func(service.Shot)
	// Clipboard uploads the clipboard in the app (it returns at once).
	Clipboard func()
	// Show raises the window.
	Show func()
	// CopyText puts text on the clipboard through the app (for --copy).
	CopyText func(string) error
	// Record starts a recording in the app (it returns at once); false
	// when one is under way already.
	Record func(service.Clip) bool
	// StopRecording stops the app's recording, which then uploads there;
	// false when none runs.
	StopRecording func() bool
}

// Serve answers one request; it runs on the IPC server's goroutine and may
// wait for uploads until ctx ends.
func (h Handoff) Serve(ctx context.Context, req ipc.Request) ipc.Response {
	switch req.Command {
	case ipc.CmdCapture:
		shot, rest, err := ParseCapture(req.Args)
		if err == nil && len(rest) > 0 {
			err = fmt.Errorf("capture: unknown argument %q — use full, monitor, region or window [--delay S]", rest[0])
		}
		if err != nil {
			return ipc.Response{Error: err.Error(), Exit: ExitUsage}
		}
		h.Capture(shot)
		return ipc.Response{OK: true, Lines: []string{"capture handed to the running Upshot"}}
	case ipc.CmdUpload:
		return h.upload(ctx, req)
	case ipc.CmdShow:
		h.Show()
		return ipc.Response{OK: true}
	case ipc.CmdClipboard:
		h.Clipboard()
		return ipc.Response{OK: true, Lines: []string{"clipboard handed to the running Upshot"}}
	case ipc.CmdRecord:
		return h.record(req)
	case ipc.CmdRecordStop:
		if h.StopRecording == nil || !h.StopRecording() {
			return ipc.Response{Error: errNothingRecording.Error(), Exit: ExitNothingRecording}
		}
		return ipc.Response{OK: true, Lines: []string{"recording stopped: it uploads in the running Upshot, and the link goes on the clipboard"}}
	}
	return ipc.Response{Error: "unknown command " + req.Command, Exit: ExitUsage}
}

// record starts a handed-over recording in the app.
func (h Handoff) record(req ipc.Request) ipc.Response {
	clip, rest, err := ParseRecord(req.Args)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("record: unknown argument %q — use full, monitor, region or window [--gif] [--max-seconds N] [--fps N] [--delay S]", rest[0])
	}
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	if h.Record == nil || !h.Record(clip) {
		return ipc.Response{Error: `a recording is under way already: stop it with "upshot record stop", the hotkey or the tray`, Exit: ExitFailed}
	}
	return ipc.Response{OK: true, Lines: []string{`recording handed to the running Upshot: stop it with "upshot record stop", the hotkey or the tray`}}
}

// upload runs a handed-over upload in the app's queue (the rows show in
// its window) and answers once every item has finished.
func (h Handoff) upload(ctx context.Context, req ipc.Request) ipc.Response {
	r, err := ParseUpload(req.Args, Env{Stderr: io.Discard, Getenv: func(string) string { return "" }})
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	sources := make([]string, len(r.Sources))
	typed := make(map[string]string, len(r.Sources)) // absolute → as the user typed it
	for i, s := range r.Sources {
		sources[i] = s
		if !strings.Contains(s, "://") && !filepath.IsAbs(s) {
			sources[i] = filepath.Join(req.Cwd, s)
		}
		typed[sources[i]] = s
	}
	ids := h.Queue.Add("", r.Options(), sources...)
	items, _ := h.Queue.WaitFor(ctx, ids) // on timeout, report them as they are
	for i := range items {
		if s, ok := typed[items[i].Source]; ok { // a folder's files keep their own paths
			items[i].Source = s
		}
	}
	rep, err := service.MakeReport(items, r.Output())
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	errs := make([]string, 0, len(rep.Failures))
	for _, f := range rep.Failures {
		errs = append(errs, f.String())
	}
	if text := service.CopyText(items, r.Output(), rep); r.Copy() && text != "" {
		if err := h.CopyText(text); err != nil {
			errs = append(errs, fmt.Sprintf("--copy: %v — the links are on stdout", err))
		}
	}
	return ipc.Response{OK: rep.OK(), Lines: rep.Lines, Error: strings.Join(errs, "\n"), Exit: exitStatus(rep)}
}
