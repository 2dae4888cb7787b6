package service

import (
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
)

func screen() *image.RGBA { return image.NewRGBA(image.Rect(0, 0, 40, 30)) }

// TestCaptureFlowSteps: shoot → region → edit → save → queue, in order, the
// region cropped and the edit's image the one saved.
func TestCaptureFlowSteps(t *testing.T) {
	var steps []string
	var queued string
	f := CaptureFlow{
		Shoot: func(m capture.Mode) (*image.RGBA, error) {
			steps = append(steps, "shoot "+string(m))
			return screen(), nil
		},
		Region: func(_ context.Context, img *image.RGBA) (image.Rectangle, error) {
			steps = append(steps, "region")
			return image.Rect(10, 5, 30, 15), nil
		},
		Edit: func(_ context.Context, img image.Image) (image.Image, error) {
			steps = append(steps, "edit")
			if b := img.Bounds(); b.Dx() != 20 || b.Dy() != 10 {
				t.Errorf("the editor got %v, want the 20×10 region", b)
			}
			return image.NewRGBA(image.Rect(0, 0, 8, 6)), nil
		},
		Sleep: func(_ context.Context, d time.Duration) error { steps = append(steps, "wait "+d.String()); return nil },
		Dir:   t.TempDir(),
		Queue: func(p string) error { steps = append(steps, "queue"); queued = p; return nil },
	}
	path, err := f.Run(context.Background(), Shot{Mode: capture.ModeRegion, Delay: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"wait 1s", "shoot region", "region", "edit", "queue"}
	if len(steps) != len(want) {
		t.Fatalf("steps %q, want %q", steps, want)
	}
	for i := range want {
		if steps[i] != want[i] {
			t.Fatalf("steps %q, want %q", steps, want)
		}
	}
	if queued != path || filepath.Dir(path) != f.Dir {
		t.Errorf("queued %q, saved %q in %q", queued, path, f.Dir)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if img, err := png.Decode(file); err != nil || img.Bounds().Dx() != 8 {
		t.Errorf("saved %v, %v; want the edited 8×6 image", img.Bounds(), err)
	}
}

func TestCaptureFlowFailures(t *testing.T) {
	boom := errors.New("boom")
	shoot := func(capture.Mode) (*image.RGBA, error) { return screen(), nil }
	tests := []struct {
		name  string
		flow  CaptureFlow
		mode  capture.Mode
		stage CaptureStage
		is    error
	}{
		{"screen", CaptureFlow{Shoot: func(capture.Mode) (*image.RGBA, error) { return nil, boom }}, capture.ModeFull, StageShoot, boom},
		{"portal dismissed", CaptureFlow{Shoot: func(capture.Mode) (*image.RGBA, error) { return nil, capture.ErrCanceled }}, capture.ModeWindow, -1, capture.ErrCanceled},
		{"overlay dismissed", CaptureFlow{Shoot: shoot, Region: func(context.Context, *image.RGBA) (image.Rectangle, error) {
			return image.Rectangle{}, capture.ErrCanceled
		}}, capture.ModeRegion, -1, capture.ErrCanceled},
		{"editor", CaptureFlow{Shoot: shoot, Edit: func(context.Context, image.Image) (image.Image, error) { return nil, boom }}, capture.ModeFull, StageEdit, boom},
		{"save", CaptureFlow{Shoot: shoot, Dir: "/proc/upshot-cannot-write"}, capture.ModeFull, StageSave, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			queued := false
			tt.flow.Queue = func(string) error { queued = true; return nil }
			if tt.flow.Dir == "" {
				tt.flow.Dir = t.TempDir()
			}
			_, err := tt.flow.Run(context.Background(), Shot{Mode: tt.mode})
			var ce *CaptureError
			switch {
			case err == nil:
				t.Fatal("no error")
			case tt.is != nil && !errors.Is(err, tt.is):
				t.Errorf("error %v, want %v", err, tt.is)
			case tt.stage >= 0 && (!errors.As(err, &ce) || ce.Stage != tt.stage):
				t.Errorf("error %#v, want stage %d", err, tt.stage)
			case tt.stage < 0 && errors.As(err, &ce):
				t.Errorf("a cancel became a failure: %v", err)
			}
			if queued {
				t.Error("a failed capture was queued")
			}
		})
	}
}
