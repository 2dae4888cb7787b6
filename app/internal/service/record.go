package service

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/uploader"
)

// Clip is one screen recording to make: what, as what, for how long, and
// after how long it starts.
type Clip struct {
	Mode        record.Mode
	GIF         bool
	FPS         int           // 0: the format's default
	MaxDuration time.Duration // 0: until stopped
	Delay       time.Duration
}

// Recording is a recording in progress (*record.Recording).
type Recording interface {
	Stop()
	Wait() (*record.Result, error)
	Done() <-chan struct{}
	Elapsed() time.Duration
}

// StartRecorder adapts record.Recorder.Start to RecordFlow.Start.
func StartRecorder(r *record.Recorder) func(context.Context, record.Options) (Recording, error) {
	return func(ctx context.Context, opts record.Options) (Recording, error) {
		rec, err := r.Start(ctx, opts)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return rec, nil
	}
}

// RecordFlow is the one recording use case of the hotkey, the tray, the
// hand-off and `upshot record`: [delay] → [region] → record until stopped
// → finish (fitted to the host's limit) → queue. As in CaptureFlow, what
// touches the OS comes in as functions.
type RecordFlow struct {
	// Start starts a recording (StartRecorder).
	Start func(ctx context.Context, opts record.Options) (Recording, error)
	// Check, when set, says before the delay and the overlay whether mode
	// can be recorded here (record.Recorder.Check): a missing tool is
	// named before the user has chosen a region for nothing.
	Check func(record.Mode) error
	// Shoot and Region pick the rectangle of a region recording: the same
	// overlay as for screenshots, over a screenshot of the screen.
	Shoot  func(capture.Mode) (*image.RGBA, error)
	Region func(ctx context.Context, img *image.RGBA) (image.Rectangle, error)
	// Dir is where recordings are made (Paths.Recordings).
	Dir string
	// SizeLimit is the host's limit in bytes (0: none); a longer clip is
	// re-encoded to fit it.
	SizeLimit int64
	// Sleep waits out the delay; nil is a timer that ctx can end.
	Sleep func(ctx context.Context, d time.Duration) error
	// Started, when set, is told of the recording once frames reach the
	// file: the caller keeps it to stop it (RecordSlot.Set).
	Started func(Recording)
	// Queue hands the finished file on, like CaptureFlow.Queue.
	Queue func(path string) error
}

// Run records clip and queues the finished file. Canceling ctx before the
// recording starts gives up (capture.ErrCanceled for a dismissed overlay);
// once it runs, canceling ctx stops it, and what was recorded is kept and
// queued: a Ctrl+C must not lose the clip. With record.ErrInterrupted the
// recorder died on its own and the returned result, queued all the same,
// holds what it had recorded; with a *record.TooBigError nothing is
// queued and the result is the file that did not fit.
func (f RecordFlow) Run(ctx context.Context, clip Clip) (*record.Result, error) {
	opts, err := f.options(ctx, clip)
	if err != nil {
		return nil, err
	}
	rec, err := f.Start(context.WithoutCancel(ctx), opts)
	if err != nil {
		return nil, fmt.Errorf("record the screen: %w", err)
	}
	stop := context.AfterFunc(ctx, rec.Stop)
	defer stop()
	if f.Started != nil {
		f.Started(rec)
	}
	res, err := rec.Wait()
	if res == nil || (err != nil && !errors.Is(err, record.ErrInterrupted)) {
		return res, err
	}
	if f.Queue != nil {
		if qerr := f.Queue(res.Path); qerr != nil {
			return res, qerr
		}
	}
	return res, err
}

// options waits out the delay, picks the region and says what to record.
func (f RecordFlow) options(ctx context.Context, clip Clip) (record.Options, error) {
	opts := record.Options{Target: record.Target{Mode: clip.Mode, Monitor: record.MonitorAtPointer},
		Format: record.FormatMP4, FPS: clip.FPS, MaxDuration: clip.MaxDuration, Dir: f.Dir, SizeLimit: f.SizeLimit}
	if clip.GIF {
		opts.Format = record.FormatGIF
	}
	if f.Check != nil {
		if err := f.Check(clip.Mode); err != nil {
			return opts, fmt.Errorf("record the screen: %w", err)
		}
	}
	if err := sleepFor(ctx, f.Sleep, clip.Delay); err != nil {
		return opts, err
	}
	if clip.Mode != record.ModeRegion {
		return opts, nil
	}
	if f.Shoot == nil || f.Region == nil {
		return opts, errors.New("record a region: no region overlay here")
	}
	img, err := f.Shoot(capture.ModeRegion)
	if err != nil {
		return opts, shootErr(err)
	}
	r, err := f.Region(ctx, img)
	if err != nil {
		return opts, shootErr(err)
	}
	opts.Target.Rect = r
	return opts, nil
}

// FitNote says what fitting did to the recording, for the user: "re-encoded
// to 4.8 MB (10 fps) to fit the host's 5 MB limit"; "" when nothing was.
func FitNote(res *record.Result, limit int64) string {
	if res == nil || res.Fitted == "" {
		return ""
	}
	what, how, ok := strings.Cut(res.Fitted, ": ")
	if ok {
		what += " (" + how + ")"
	}
	return fmt.Sprintf("%s to fit the host's %s limit", what, uploader.FormatSize(limit))
}

// RegionOnly adapts an overlay that may also ask for the editor (E) to
// RecordFlow.Region: a recording has no editor, so E chooses the region
// as Enter does.
func RegionOnly(pick func(context.Context, *image.RGBA) (image.Rectangle, bool, error)) func(context.Context, *image.RGBA) (image.Rectangle, error) {
	return func(ctx context.Context, img *image.RGBA) (image.Rectangle, error) {
		r, _, err := pick(context.WithValue(ctx, forRecordingKey{}, true), img)
		return r, err
	}
}

type forRecordingKey struct{}

// ForRecording reports whether a region picker was asked, through
// RegionOnly, for a region to record: its overlay then says Enter starts
// the recording and offers no editor.
func ForRecording(ctx context.Context) bool {
	on, _ := ctx.Value(forRecordingKey{}).(bool)
	return on
}
