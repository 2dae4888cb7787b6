package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
)

// runRecord is `upshot record full|monitor|region|window [--gif]
// [--max-seconds N] [--fps N] [--delay S] [upload flags]` and `upshot
// record stop`. With an Upshot running (and no upload flags) the
// recording is handed to it; else it records here until --max-seconds,
// Ctrl+C (SIGINT, SIGTERM) or `upshot record stop` in another terminal,
// then uploads like `upshot capture`.
func runRecord(ctx context.Context, args []string, env Env) (int, error) {
	if len(args) > 0 && args[0] == "stop" {
		return runRecordStop(ctx, args[1:], env)
	}
	clip, upload, err := ParseRecord(args)
	if err != nil {
		return ExitUsage, &usageError{err.Error()}
	}
	if len(upload) == 0 {
		if code, ok := handOffTo(ctx, env, ipc.Request{Command: ipc.CmdRecord, Args: args}, "recording", env.say); ok {
			if code != ExitOK {
				return code, nil
			}
			return waitHandedRecording(ctx, env), nil
		}
	}
	if env.Record == nil {
		return ExitFailed, fmt.Errorf("record the screen: %w", record.ErrNoDisplay)
	}
	env = sessionEnv(env)
	tg, err := uploadTarget(env, upload)
	if err != nil {
		return ExitUsage, err
	}
	clip.GIF = clip.GIF || tg.settings.RecordGIF
	dir := env.paths(tg.config).Recordings
	offerLeftovers(ctx, env, dir, tg.limit)
	return recordHere(ctx, env, clip, upload, dir, tg.limit)
}

// waitHandedRecording waits for the recording `upshot record` handed to the
// running app, and prints its link and returns its status as a recording
// made here would. Ctrl+C ends the wait only: the app goes on recording.
func waitHandedRecording(ctx context.Context, env Env) int {
	wait, cancel := context.WithTimeout(ctx, handoffWait)
	defer cancel()
	resp, err := env.Send(wait, ipc.Request{Command: ipc.CmdRecordWait})
	switch {
	case ctx.Err() != nil:
		env.say(`stopped waiting for the link; the running Upshot goes on recording: stop it with "upshot record stop", the hotkey or the tray`)
		return ExitFailed
	case err != nil:
		env.say(fmt.Sprintf("the running Upshot did not say how the recording ended (%v): its window shows it", err))
		return ExitFailed
	}
	printAnswer(env, resp, func(l string) { fmt.Fprintln(env.Stdout, l) })
	return resp.Exit
}

// recordHere runs the recording flow in this process, answering `upshot
// record stop` from other terminals while it records.
func recordHere(ctx context.Context, env Env, clip service.Clip, upload []string, dir string, limit int64) (int, error) {
	var slot service.RecordSlot
	slot.Begin()
	defer slot.End(nil) // no StopAndWait here: answerStop waits for outcome
	outcome := make(chan stopAnswer, 1)
	if env.ListenRecorder != nil {
		srv, err := env.ListenRecorder(func(req ipc.Request) ipc.Response { return answerStop(req, &slot, outcome) })
		if errors.Is(err, ipc.ErrRunning) {
			return ExitFailed, errors.New(`another "upshot record" is recording already: stop it with "upshot record stop" first`)
		}
		if err != nil {
			env.say(fmt.Sprintf("warning: %v — \"upshot record stop\" cannot reach this recording; press Ctrl+C to stop it", err))
		} else {
			defer srv.Close() // once the stops that wait have their answer (ipc.Server.Drain)
		}
	}
	// The upload runs to its end after a Ctrl+C has stopped the
	// recording; a second Ctrl+C ends the process the default way.
	keep := context.WithoutCancel(ctx)
	var links strings.Builder
	env.Stdout = io.MultiWriter(env.Stdout, &links)
	code := ExitOK
	flow := service.RecordFlow{
		Start: env.Record, Check: env.CheckRecord, Shoot: env.Shoot, Region: service.RegionOnly(env.PickRegion), Dir: dir, SizeLimit: limit,
		Started: func(rec service.Recording) { slot.Set(rec); env.say(recordingLine(clip)) },
		Queue: func(path string) error {
			code = uploadOwned(keep, env, upload, path, "the recording")
			return nil
		},
	}
	res, err := flow.Run(ctx, clip)
	if note := service.FitNote(res, limit); note != "" && (err == nil || errors.Is(err, record.ErrInterrupted)) {
		env.say(note)
	}
	outcome <- stopAnswer{lines: strings.Fields(links.String()), exit: code}
	switch {
	case errors.Is(err, capture.ErrCanceled):
		return ExitOK, nil
	case errors.Is(err, record.ErrInterrupted) && res != nil:
		env.say(fmt.Sprintf("warning: %v — what was recorded (%s) was uploaded", err, res.Duration.Round(time.Second)))
		return code, nil
	case err != nil:
		return ExitFailed, err
	}
	return code, nil
}

// recordingLine tells the user that the recording runs and how to end it.
func recordingLine(clip service.Clip) string {
	s := "recording the screen"
	if clip.Mode != record.ModeFull {
		s = "recording the " + string(clip.Mode)
	}
	if clip.MaxDuration > 0 {
		s += fmt.Sprintf(" for up to %v", clip.MaxDuration)
	}
	return s + ` — press Ctrl+C or run "upshot record stop" to stop it and upload`
}

// stopAnswer is what `upshot record stop` prints once the recording it
// stopped has uploaded: the links, and the recording's exit status.
type stopAnswer struct {
	lines []string
	exit  int
}

// answerStop stops the recording for `upshot record stop` and answers
// with its links once it has uploaded.
func answerStop(req ipc.Request, slot *service.RecordSlot, outcome chan stopAnswer) ipc.Response {
	if req.Command != ipc.CmdRecordStop {
		return ipc.Response{Error: "unknown command " + req.Command, Exit: ExitUsage}
	}
	if !slot.Stop() {
		return ipc.Response{Error: "the recording has not started yet: choose the region first, or press Ctrl+C in its terminal", Exit: ExitFailed}
	}
	select {
	case a := <-outcome:
		outcome <- a // for any other stop that waits
		return ipc.Response{OK: a.exit == ExitOK, Lines: a.lines, Exit: a.exit}
	case <-time.After(ipc.DefaultTimeout - 5*time.Second):
		return ipc.Response{OK: true, Lines: []string{"recording stopped; it is still uploading — its terminal prints the link"}}
	}
}

// errNothingRecording is `upshot record stop` with no recording to stop.
var errNothingRecording = errors.New(`nothing is recording: start a recording with "upshot record full|monitor|region|window"`)

// runRecordStop is `upshot record stop`: it stops the running app's
// recording, or else the one an `upshot record` in another terminal
// makes, and prints its link.
func runRecordStop(ctx context.Context, args []string, env Env) (int, error) {
	if len(args) > 0 {
		return ExitUsage, usagef("record stop: unexpected argument %q", args[0])
	}
	req := ipc.Request{Command: ipc.CmdRecordStop}
	for _, send := range []func(context.Context, ipc.Request) (ipc.Response, error){env.Send, env.SendRecorder} {
		if send == nil {
			continue
		}
		resp, err := send(ctx, req)
		if errors.Is(err, ipc.ErrNotRunning) || err == nil && resp.Exit == ExitNothingRecording {
			continue // not this one: ask the next
		}
		if err != nil {
			return ExitFailed, fmt.Errorf("stop the recording: %w", err)
		}
		for _, l := range resp.Lines {
			fmt.Fprintln(env.Stdout, l)
		}
		if resp.Error != "" {
			return resp.Exit, errors.New(resp.Error)
		}
		return resp.Exit, nil
	}
	return ExitFailed, errNothingRecording
}

// ExitNothingRecording is the running app's answer to a stop when it
// records nothing: the command line then asks a recording of its own.
// It never reaches the user, who gets ExitFailed.
const ExitNothingRecording = 3

// ParseRecord reads `record` words: a mode, --gif, --max-seconds N, --fps
// N and --delay S. Words that are none of them come back in rest, in
// order (upload flags, for the command line).
func ParseRecord(args []string) (clip service.Clip, rest []string, err error) {
	var other []string
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") {
			name = ""
		}
		switch name {
		case "gif":
			clip.GIF = !hasValue || value == "true"
			continue
		case "max-seconds", "fps":
			if !hasValue {
				if i+1 >= len(args) {
					return service.Clip{}, nil, fmt.Errorf("--%s needs a number", name)
				}
				i++
				value = args[i]
			}
			if err := setRecordNumber(&clip, name, value); err != nil {
				return service.Clip{}, nil, err
			}
			continue
		}
		other = append(other, args[i])
	}
	if !hasMode(other) {
		return service.Clip{}, nil, errors.New("record: say full, monitor, region or window (or stop)")
	}
	shot, rest, err := ParseCapture(other)
	if err != nil {
		return service.Clip{}, nil, err
	}
	clip.Mode, clip.Delay = record.Mode(shot.Mode), shot.Delay
	return clip, rest, nil
}

// setRecordNumber sets --max-seconds or --fps.
func setRecordNumber(clip *service.Clip, name, value string) error {
	if name == "fps" {
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 120 {
			return fmt.Errorf("--fps %q: give a frame rate from 1 to 120", value)
		}
		clip.FPS = n
		return nil
	}
	s, err := strconv.ParseFloat(value, 64)
	if err != nil || s <= 0 || s > 24*3600 {
		return fmt.Errorf("--max-seconds %q: give a number of seconds above 0", value)
	}
	clip.MaxDuration = time.Duration(s * float64(time.Second))
	return nil
}

func hasMode(words []string) bool {
	for _, w := range words {
		if IsCaptureMode(w) {
			return true
		}
	}
	return false
}

// offerLeftovers finishes the recordings a crash interrupted and tells the
// user how to upload them: the command line cannot ask.
func offerLeftovers(ctx context.Context, env Env, dir string, limit int64) {
	left, err := record.FindLeftovers(dir)
	if err != nil {
		env.say(fmt.Sprintf("warning: look for interrupted recordings in %s: %v", dir, err))
	}
	for _, l := range left {
		kept, _ := l.Kept(ctx)
		res, err := l.Finish(ctx, limit)
		if res == nil {
			if err != nil && !errors.Is(err, record.ErrNothingRecorded) {
				env.say(fmt.Sprintf("warning: %v", err))
			}
			continue
		}
		env.say(fmt.Sprintf("%s: upload it with: upshot upload --copy %q", leftoverLine(l.Started, kept, time.Now()), res.Path))
	}
}

// leftoverLine is the offer of a recording a crash interrupted: "A
// recording from 14:02 was interrupted (12 s kept)". The day is named
// when it is not today.
func leftoverLine(started time.Time, kept time.Duration, now time.Time) string {
	when := started.Format("15:04")
	if y, m, d := started.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		when = started.Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("a recording from %s was interrupted (%d s kept)", when, int(kept.Seconds()))
}
