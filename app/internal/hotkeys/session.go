package hotkeys

import "github.com/upshot-app/upshot/app/internal/platform"

// The kinds of back-end BackendFor chooses, as UPSHOT_HOTKEYS names them.
const (
	KindPortal = "portal" // the desktop's GlobalShortcuts portal (Wayland)
	KindX11    = "x11"    // the X11 helper, upshot-hotkeyd
)

// BackendFor picks where shortcuts are bound in session s: the
// GlobalShortcuts portal on Wayland (no client may grab keys there, and
// keys grabbed on Xwayland reach it only while an X window has focus),
// the X11 helper otherwise. override (UPSHOT_HOTKEYS) wins when it names
// a backend.
func BackendFor(s platform.Session, override string) string {
	switch override {
	case KindPortal, KindX11:
		return override
	}
	if s.Wayland() {
		return KindPortal
	}
	return KindX11
}
