// Package capture takes screenshots: the whole desktop, the monitor under
// the pointer, or the active window, in the session the caller decided
// once (platform.Session).
//
// On Linux (capture_linux.go), in a Wayland session — even with Xwayland's
// DISPLAY set, whose screen reads back black — it asks the
// xdg-desktop-portal Screenshot interface over D-Bus; in an X11 session it
// reads the screen with github.com/kbinani/screenshot and asks the X
// server (github.com/jezek/xgb) for monitors, the pointer and the active
// window. A screenshot that comes back entirely black is an error, never
// an upload. Nothing there needs cgo. On Windows (capture_windows.go) it
// reads the displays with the same library (GDI) and asks user32 for the
// foreground window and the pointer.
package capture

import (
	"errors"
	"image"
	"time"

	"github.com/kbinani/screenshot"

	"github.com/upshot-app/upshot/app/internal/platform"
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
	// ErrNoScreen means there is nothing to capture from: no X display,
	// or no screenshot portal that works. Its wrapping error says what
	// exactly is missing.
	ErrNoScreen = errors.New("no screen to capture")
	// ErrBlank means the screenshot came back entirely black: it is not
	// uploaded. Its wrapping error says why that happens and what to do.
	ErrBlank = errors.New("the screenshot came back entirely black, so it was not uploaded")
	// ErrCanceled means the user dismissed the portal's dialog.
	ErrCanceled = errors.New("screenshot canceled")
	// ErrNoWindow means no window is active, or no window manager says which.
	ErrNoWindow = errors.New("no active window to capture: click a window first, or use a full or region capture")
	// ErrNoPointer means the pointer position cannot be known (Wayland).
	ErrNoPointer = errors.New("the pointer position is not available on Wayland")
)

// menuSettle is how long a desktop takes to clear a menu it just closed:
// a compositor fades it out (about 150 ms in xfwm4 and GNOME) and the
// windows beneath repaint what it covered. Wayland gives a client no way
// to see another client's menu, so there this pause is all there is.
const menuSettle = 300 * time.Millisecond

// Screen takes screenshots in one session.
type Screen struct {
	session platform.Session
}

// New returns the screen of session s.
func New(s platform.Session) Screen { return Screen{session: s} }

// Take captures by mode: the monitor mode takes the monitor under the
// pointer (everything when the pointer is unknown), and the region mode a
// full capture for the caller to crop.
func (c Screen) Take(mode Mode) (*image.RGBA, error) {
	switch mode {
	case ModeWindow:
		return c.ActiveWindow()
	case ModeMonitor:
		x, y, err := c.Pointer()
		if err != nil {
			return c.Full()
		}
		return c.Monitor(x, y)
	default:
		return c.Full()
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

// blank reports whether every pixel of img is black (alpha aside): what
// Xwayland, a locked screen or a failed backend hand back.
func blank(img *image.RGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			if row[i]|row[i+1]|row[i+2] != 0 {
				return false
			}
		}
	}
	return true
}

// MonitorSize is the size in pixels of the first monitor, where new
// windows open: the editor opens no larger than it. Zero when it is not
// known (a Wayland session without Xwayland).
func MonitorSize() image.Point {
	if screenshot.NumActiveDisplays() == 0 {
		return image.Point{}
	}
	return screenshot.GetDisplayBounds(0).Size()
}
