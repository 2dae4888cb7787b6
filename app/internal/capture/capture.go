// Package capture takes screenshots: the whole desktop, the monitor under
// the pointer, or the active window.
//
// On Linux (capture_linux.go) it reads an X11 screen with
// github.com/kbinani/screenshot and asks the X server (github.com/jezek/xgb)
// for monitors, the pointer and the active window; on Wayland it asks the
// xdg-desktop-portal Screenshot interface over D-Bus. Nothing there needs
// cgo. On Windows (capture_windows.go) it reads the displays with the same
// library; the active window and the pointer are not written yet.
package capture

import (
	"errors"
	"image"
)

// Mode is what to capture.
type Mode string

// Capture modes.
const (
	ModeFull    Mode = "full"    // every monitor
	ModeRegion  Mode = "region"  // a rectangle the user drags over a full capture
	ModeWindow  Mode = "window"  // the active window
	ModeMonitor Mode = "monitor" // the monitor under the pointer
)

// Errors callers branch on.
var (
	// ErrNoScreen means neither X11 nor the screenshot portal is there.
	ErrNoScreen = errors.New("no screen to capture: no X display and no xdg-desktop-portal; " +
		"on Wayland install xdg-desktop-portal for your desktop")
	// ErrCanceled means the user dismissed the portal's dialog.
	ErrCanceled = errors.New("screenshot canceled")
	// ErrNoWindow means no window is active, or no window manager says which.
	ErrNoWindow = errors.New("no active window to capture: click a window first, or use a full or region capture")
	// ErrNoPointer means the pointer position cannot be known (Wayland).
	ErrNoPointer = errors.New("the pointer position is not available on Wayland")
)

// Take captures by mode: the monitor mode takes the monitor under the
// pointer (everything when the pointer is unknown), and the region mode a
// full capture for the caller to crop.
func Take(mode Mode) (*image.RGBA, error) {
	switch mode {
	case ModeWindow:
		return ActiveWindow()
	case ModeMonitor:
		x, y, err := Pointer()
		if err != nil {
			return Full()
		}
		return Monitor(x, y)
	default:
		return Full()
	}
}

// Crop returns the part of img inside r (in img's coordinates), as a new
// image whose bounds start at (0, 0).
func Crop(img *image.RGBA, r image.Rectangle) *image.RGBA {
	r = r.Intersect(img.Bounds())
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		src := img.PixOffset(r.Min.X, r.Min.Y+y)
		copy(out.Pix[y*out.Stride:y*out.Stride+4*r.Dx()], img.Pix[src:src+4*r.Dx()])
	}
	return out
}
