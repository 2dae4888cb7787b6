package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
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
	// Edit opens the editor in the app on the image at path and waits
	// until it uploads — it returns the edited picture's file, saved for
	// the upload — or closes (service.ErrEditClosed).
	Edit func(ctx context.Context, path string) (string, error)
	// CopyText puts text on the clipboard through the app (for --copy).
	CopyText func(string) error
	// Record starts a recording in the app (it returns at once); false
	// when one is under way already.
	Record func(service.Clip) bool
	// StopRecording stops the app's recording, which then uploads there
	// (service.RecordSlot.StopAndWait); wait gives the queue item its file
	// became. ok is false when nothing records.
	StopRecording func() (wait recordingWait, ok bool)
	// WaitRecording is the wait for the recording under way, else the last
	// one (service.RecordSlot.Wait); ok is false when there was none.
	WaitRecording func() (wait recordingWait, ok bool)
}

// recordingWait waits for the end of a recording's flow in the app and
// gives the queue item its file became (service.RecordSlot).
type recordingWait = func(context.Context) (int64, error)

// ask calls an optional recording hook of the Handoff: false when unset.
func ask(hook func() (recordingWait, bool)) (recordingWait, bool) {
	if hook == nil {
		return nil, false
	}
	return hook()
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
	case ipc.CmdEdit:
		return h.edit(ctx, req)
	case ipc.CmdShow:
		h.Show()
		return ipc.Response{OK: true}
	case ipc.CmdClipboard:
		h.Clipboard()
		return ipc.Response{OK: true, Lines: []string{"clipboard handed to the running Upshot"}}
	case ipc.CmdRecord:
		return h.record(req)
	case ipc.CmdRecordStop:
		return h.recordStop(ctx)
	case ipc.CmdRecordWait:
		wait, ok := ask(h.WaitRecording)
		if !ok {
			return ipc.Response{Error: errNothingRecording.Error(), Exit: ExitFailed}
		}
		return h.recordAnswer(ctx, wait, "the recording is still uploading in the running Upshot, which puts the link on the clipboard")
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

// stopWait is how long a handed-over `upshot record stop` waits for the
// recording's link: less than the client waits for an answer.
const stopWait = ipc.DefaultTimeout - 5*time.Second

// recordStop stops the app's recording and answers as a command line's
// recording does: with its link once it has uploaded (the app's queue
// copies it), or, when that takes longer than the client waits, with the
// word that it still uploads.
func (h Handoff) recordStop(ctx context.Context) ipc.Response {
	wait, ok := ask(h.StopRecording)
	if !ok {
		return ipc.Response{Error: errNothingRecording.Error(), Exit: ExitNothingRecording}
	}
	ctx, cancel := context.WithTimeout(ctx, stopWait)
	defer cancel()
	return h.recordAnswer(ctx, wait, "recording stopped; it is still uploading in the running Upshot, which puts the link on the clipboard")
}

// recordAnswer waits for a recording's flow and then for its upload, and
// answers with the link and the exit status of `upshot capture`; when ctx
// ends first it answers with still (the app goes on).
func (h Handoff) recordAnswer(ctx context.Context, wait recordingWait, still string) ipc.Response {
	stillUploading := ipc.Response{OK: true, Lines: []string{still}}
	id, err := wait(ctx)
	switch {
	case ctx.Err() != nil:
		return stillUploading
	case id == 0 && errors.Is(err, capture.ErrCanceled):
		// Exit 0 as for a canceled capture; the word goes to stderr, not
		// among the links.
		return ipc.Response{OK: true, Error: "the recording was canceled before it started: nothing to upload"}
	case id == 0 && err != nil:
		return ipc.Response{Error: "the recording: " + err.Error(), Exit: ExitFailed}
	case id == 0:
		return ipc.Response{Error: "the recording was not queued for upload", Exit: ExitFailed}
	}
	if _, err := h.Queue.WaitFor(ctx, []int64{id}); err != nil {
		return stillUploading
	}
	r, err := parseHanded([]string{"--", "recording"})
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	return h.answer(ctx, r, nil, []int64{id})
}

// upload runs a handed-over upload in the app's queue (the rows show in
// its window) and answers once every item has finished.
func (h Handoff) upload(ctx context.Context, req ipc.Request) ipc.Response {
	r, err := parseHanded(req.Args)
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	sources := make([]string, len(r.Sources))
	typed := make(map[string]string, len(r.Sources)) // absolute → as the user typed it
	for i, s := range r.Sources {
		sources[i] = resolve(req.Cwd, s)
		typed[sources[i]] = s
	}
	return h.answer(ctx, r, typed, h.Queue.Add("", r.Options(), sources...))
}

// edit opens a handed-over `upshot edit` in the app's editor and, once it
// uploads, answers like `upshot capture`: the link printed and copied.
func (h Handoff) edit(ctx context.Context, req ipc.Request) ipc.Response {
	e, err := ParseEdit(req.Args, handedEnv())
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	if h.Edit == nil {
		return ipc.Response{Error: "this Upshot has no editor", Exit: ExitFailed}
	}
	abs := resolve(req.Cwd, e.File)
	if err := service.CheckEditable(abs); err != nil {
		return ipc.Response{Error: relabel(err, abs, e.File), Exit: ExitUsage}
	}
	edited, err := h.Edit(ctx, abs)
	if err != nil {
		if !errors.Is(err, service.ErrEditClosed) {
			err = errors.New(relabel(err, abs, e.File))
		}
		return ipc.Response{Error: fmt.Sprintf("%s: %v", e.File, err), Exit: ExitFailed}
	}
	r, err := parseHanded(append(append([]string{"--copy"}, e.Upload...), "--", edited))
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: ExitUsage}
	}
	resp := h.answer(ctx, r, map[string]string{edited: edited}, []int64{h.Queue.AddOwned("", r.Options(), edited)})
	if resp.Exit != ExitOK {
		kept := fmt.Sprintf("the edited image is kept at %s — upload it again with \"upshot upload\"", edited)
		resp.Error = strings.TrimPrefix(resp.Error+"\n"+kept, "\n")
	}
	return resp
}

// handedEnv is the Env a handed-over command line is parsed in: the
// sender's environment is not the app's, and errors go in the answer.
func handedEnv() Env { return Env{Stderr: io.Discard, Getenv: func(string) string { return "" }} }

func parseHanded(args []string) (*UploadRequest, error) { return ParseUpload(args, handedEnv()) }

// resolve is source as the running app reads it: relative to the
// sender's working directory.
func resolve(cwd, s string) string {
	if !strings.Contains(s, "://") && s != "-" {
		return resolveIn(cwd, s)
	}
	return s
}

// answer waits for the items ids of the handed-over request r and answers
// with their links and failures, typed giving each source as the user
// typed it.
func (h Handoff) answer(ctx context.Context, r *UploadRequest, typed map[string]string, ids []int64) ipc.Response {
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

// resolveIn is path p as the client meant it from its directory cwd. On
// Windows a path with a leading slash and no drive ("\\photos\\a.png", or
// "/tmp/a.png" from a Unix shell under Wine) is on the client's drive,
// which need not be the app's.
func resolveIn(cwd, p string) string {
	switch {
	case filepath.IsAbs(p):
		return p
	case filepath.VolumeName(p) == "" && p != "" && os.IsPathSeparator(p[0]):
		return filepath.Clean(filepath.VolumeName(cwd) + p)
	}
	return filepath.Join(cwd, p)
}
