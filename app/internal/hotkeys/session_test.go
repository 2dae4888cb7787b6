//go:build !windows

package hotkeys

import (
	"testing"

	"github.com/upshot-app/upshot/app/internal/platform"
)

func TestBackendFor(t *testing.T) {
	wayland := platform.Session{Kind: platform.Wayland, Display: ":0"}
	x11 := platform.Session{Kind: platform.X11, Display: ":0"}
	tests := []struct {
		name     string
		s        platform.Session
		override string
		want     string
	}{
		{"wayland with xwayland", wayland, "", KindPortal},
		{"x11", x11, "", KindX11},
		{"override to x11", wayland, "x11", KindX11},
		{"override to portal", x11, "portal", KindPortal},
		{"unknown override ignored", wayland, "kde", KindPortal},
	}
	for _, tt := range tests {
		if got := BackendFor(tt.s, tt.override); got != tt.want {
			t.Errorf("%s: BackendFor = %q, want %q", tt.name, got, tt.want)
		}
	}
}
