//go:build !windows

package hotkeys

import "github.com/upshot-app/upshot/app/internal/platform"

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

// StartNative binds the shortcuts the platform's own way: on X11 through
// the helper process cfg.Helper (Start).
func StartNative(cfg Config, bindings map[string]string) *Manager { return Start(cfg, bindings) }
