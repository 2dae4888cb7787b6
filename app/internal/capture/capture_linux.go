package capture

import (
	"image"
	"os"
)

// Full captures the union of all monitors.
func Full() (*image.RGBA, error) {
	if useX11() {
		return x11Full()
	}
	return portalCapture(false)
}

// Monitor captures the monitor that contains the point (x, y), in root
// window coordinates (as Pointer returns them). On Wayland, where
// monitors are not known, it captures everything, like Full.
func Monitor(x, y int) (*image.RGBA, error) {
	if useX11() {
		return x11Monitor(image.Pt(x, y))
	}
	return portalCapture(false)
}

// ActiveWindow captures the active window with its frame. On Wayland the
// portal lets the user pick the window.
func ActiveWindow() (*image.RGBA, error) {
	if useX11() {
		return x11ActiveWindow()
	}
	return portalCapture(true)
}

// Pointer returns the pointer position in root window coordinates.
func Pointer() (x, y int, err error) {
	if !useX11() {
		return 0, 0, ErrNoPointer
	}
	p, err := x11Pointer()
	return p.X, p.Y, err
}

// useX11 picks the backend from the environment.
func useX11() bool { return chooseX11(os.Getenv) }

// chooseX11 reports whether to capture through X11 rather than the
// portal. A Wayland session uses the portal even with XWayland's DISPLAY
// set: XWayland sees only X clients, so its screenshots are mostly black.
func chooseX11(getenv func(string) string) bool {
	if getenv("XDG_SESSION_TYPE") == "wayland" {
		return false
	}
	return getenv("DISPLAY") != ""
}
