package hotkeys

import "github.com/upshot-app/upshot/app/internal/platform"

// Backend names for BackendFor and UPSHOT_HOTKEYS.
const (
	BackendPortal = "portal" // the desktop's GlobalShortcuts portal
	BackendX11    = "x11"    // the X11 helper, upshot-hotkeyd
)

// BackendFor picks where shortcuts are bound in session s: the
// GlobalShortcuts portal on Wayland (no client may grab keys there, and
// keys grabbed on Xwayland reach it only while an X window has focus),
// the X11 helper otherwise. override (UPSHOT_HOTKEYS) wins when it names
// a backend.
func BackendFor(s platform.Session, override string) string {
	switch override {
	case BackendPortal, BackendX11:
		return override
	}
	if s.Wayland() {
		return BackendPortal
	}
	return BackendX11
}
