package service

import (
	"context"
	"image"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/uploader/profile"
)

// The app's delayed capture waits what the settings say before it shoots.
func TestDelayedShotWaitsTheConfiguredDelay(t *testing.T) {
	for _, tt := range []struct {
		secs float64
		want time.Duration
	}{{0, profile.DefaultCaptureDelay}, {3, 3 * time.Second}} {
		var waited time.Duration
		shot := false
		f := CaptureFlow{
			Shoot: func(capture.Mode) (*image.RGBA, error) {
				if waited == 0 {
					t.Error("shot before the wait")
				}
				shot = true
				return screen(), nil
			},
			Sleep: func(_ context.Context, d time.Duration) error { waited = d; return nil },
			Dir:   t.TempDir(),
		}
		if _, err := f.Run(context.Background(), DelayedShot(profile.Settings{CaptureDelay: tt.secs}, capture.ModeFull)); err != nil {
			t.Fatal(err)
		}
		if waited != tt.want || !shot {
			t.Errorf("capture_delay %v: waited %v (shot %v), want %v", tt.secs, waited, shot, tt.want)
		}
	}
}
