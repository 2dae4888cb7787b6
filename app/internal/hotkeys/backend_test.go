package hotkeys

import "testing"

func TestBackendFor(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"x11", map[string]string{"DISPLAY": ":0"}, KindX11},
		{"nothing", nil, KindX11},
		{"wayland display", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, KindPortal},
		{"wayland session", map[string]string{"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, KindPortal},
		{"override x11 on wayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "UPSHOT_HOTKEYS": "x11"}, KindX11},
		{"override portal on x11", map[string]string{"DISPLAY": ":0", "UPSHOT_HOTKEYS": "portal"}, KindPortal},
		{"unknown override ignored", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "UPSHOT_HOTKEYS": "gnome"}, KindPortal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BackendFor(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("BackendFor(%v) = %q, want %q", tt.env, got, tt.want)
			}
		})
	}
}
