//go:build e2e

package record

import (
	"image"
	"os"
	"testing"

	"github.com/upshot-app/upshot/app/internal/xmover"
)

// squareSize is the side of the square the mover moves across the screen.
const squareSize = xmover.SquareSize

// mover keeps the screen moving (app/internal/xmover).
type mover struct{ size image.Rectangle }

// startMover maps the moving window until the test ends; with noise, part
// of it is random pixels on every frame.
func startMover(t *testing.T, noise bool) *mover {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run the e2e tests under Xvfb (make e2e)")
	}
	m, err := xmover.Start("", noise)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return &mover{size: m.Size}
}
