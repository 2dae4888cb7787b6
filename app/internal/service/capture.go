package service

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/uploader"
)

// Shot is one capture to take: what, and after how long.
type Shot struct {
	Mode  capture.Mode
	Delay time.Duration
}

// CaptureStage is the step of the capture flow that failed.
type CaptureStage int

// The steps that can fail on their own.
const (
	StageShoot CaptureStage = iota // taking the screenshot (or choosing the region)
	StageEdit                      // the editor
	StageSave                      // writing the PNG
)

// CaptureError is a capture that failed at Stage. A dismissed overlay or
// portal dialog is capture.ErrCanceled, not a failure.
type CaptureError struct {
	Stage CaptureStage
	Err   error
}

func (e *CaptureError) Error() string {
	if e.Stage == StageSave {
		return "save the screenshot: " + e.Err.Error()
	}
	return "screenshot: " + e.Err.Error()
}

func (e *CaptureError) Unwrap() error { return e.Err }

// CaptureFlow is the one capture use case of the hotkeys, the tray, the
// hand-off and `upshot capture`: shoot → region → [edit] → save → queue.
// Each step that touches the OS or a window comes in as a function, so the
// GUI and the command line differ only in what they pass.
type CaptureFlow struct {
	// Shoot takes the screenshot (capture.Take).
	Shoot func(capture.Mode) (*image.RGBA, error)
	// Region lets the user pick a rectangle of img (in img's coordinates)
	// for ModeRegion; capture.ErrCanceled when dismissed.
	Region func(ctx context.Context, img *image.RGBA) (image.Rectangle, error)
	// Edit, when set, is the editor between capture and upload (issue 12);
	// nil uploads the capture as it is.
	Edit func(ctx context.Context, img image.Image) (image.Image, error)
	// Dir is where the PNG waits until it uploads (Paths.Captures).
	Dir string
	// Queue hands the saved file on: the window's queue, or the command
	// line's upload. The file is the queue's to delete once uploaded.
	Queue func(path string) error
	// Sleep waits out the delay; nil is a timer that ctx can end.
	Sleep func(ctx context.Context, d time.Duration) error
	// Connect, when set, starts connecting to the upload host as the shot
	// is taken (Targets.PreconnectUpload), so that the TCP and TLS handshakes
	// overlap shooting, picking the region and encoding. It runs on a
	// goroutine of its own and may fail: the upload says what is wrong.
	Connect func(ctx context.Context)
	// Now is the clock that names the file (CaptureName); nil is time.Now.
	Now func() time.Time
}

// Run captures shot and queues the saved file, whose path it returns.
func (f CaptureFlow) Run(ctx context.Context, shot Shot) (string, error) {
	img, err := f.take(ctx, shot)
	if err != nil {
		return "", err
	}
	path, err := capture.Save(img, f.Dir, CaptureName(f.now()))
	if err != nil {
		return "", &CaptureError{Stage: StageSave, Err: err}
	}
	if f.Queue == nil {
		return path, nil
	}
	return path, f.Queue(path)
}

func (f CaptureFlow) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// take runs the steps up to the image to save: delay, shoot, region, edit.
func (f CaptureFlow) take(ctx context.Context, shot Shot) (image.Image, error) {
	if err := f.sleep(ctx, shot.Delay); err != nil {
		return nil, &CaptureError{Stage: StageShoot, Err: err}
	}
	if f.Connect != nil {
		go f.Connect(ctx)
	}
	full, err := f.Shoot(shot.Mode)
	if err != nil {
		return nil, shootErr(err)
	}
	var img image.Image = full
	if shot.Mode == capture.ModeRegion {
		if f.Region == nil {
			return nil, &CaptureError{Stage: StageShoot, Err: errors.New("no region overlay")}
		}
		r, err := f.Region(ctx, full)
		if err != nil {
			return nil, shootErr(err)
		}
		img = capture.Crop(full, r)
	}
	if f.Edit != nil {
		if img, err = f.Edit(ctx, img); err != nil {
			if errors.Is(err, capture.ErrCanceled) {
				return nil, err
			}
			return nil, &CaptureError{Stage: StageEdit, Err: err}
		}
	}
	return img, nil
}

// shootErr keeps a cancel a cancel and makes the rest a CaptureError.
func shootErr(err error) error {
	if errors.Is(err, capture.ErrCanceled) {
		return err
	}
	return &CaptureError{Stage: StageShoot, Err: err}
}

func (f CaptureFlow) sleep(ctx context.Context, d time.Duration) error {
	return sleepFor(ctx, f.Sleep, d)
}

// sleepFor waits out a flow's delay with sleep, or a timer ctx can end.
func sleepFor(ctx context.Context, sleep func(context.Context, time.Duration) error, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if sleep != nil {
		return sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait %v: %w", d, ctx.Err())
	}
}

// SaveClipboardImage writes the clipboard's PNG beside the captures, where
// it stays until it uploads: the one place clipboard images are saved for
// `upshot clipboard` and the window's paste (uploader.SaveImageFile).
func SaveClipboardImage(dir string, png []byte) (string, error) {
	return uploader.SaveImageFile(dir, "clipboard-", png)
}
