package capture

import (
	"errors"
	"image"
	"strings"
	"testing"
)

func TestChooseX11(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		x11  bool
	}{
		{"x11 session", map[string]string{"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, true},
		{"display only", map[string]string{"DISPLAY": ":0"}, true},
		{"wayland with xwayland", map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, false},
		{"wayland display, no X", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false},
		{"nothing", map[string]string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseX11(func(k string) string { return tt.env[k] }); got != tt.x11 {
				t.Fatalf("chooseX11 = %v, want %v", got, tt.x11)
			}
		})
	}
}

func TestNoScreenIsActionable(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	for name, f := range map[string]func() (*image.RGBA, error){
		"full": Full, "window": ActiveWindow, "monitor": func() (*image.RGBA, error) { return Monitor(0, 0) },
	} {
		_, err := f()
		if !errors.Is(err, ErrNoScreen) || !strings.Contains(err.Error(), "install xdg-desktop-portal") {
			t.Errorf("%s: %v, want ErrNoScreen telling what to install", name, err)
		}
	}
	if _, _, err := Pointer(); !errors.Is(err, ErrNoPointer) {
		t.Errorf("Pointer: %v, want ErrNoPointer", err)
	}
}

func TestCrop(t *testing.T) {
	src := testImage(10, 8)
	tests := []struct {
		r    image.Rectangle
		want image.Rectangle
	}{
		{image.Rect(2, 3, 6, 7), image.Rect(0, 0, 4, 4)},
		{image.Rect(-5, -5, 3, 2), image.Rect(0, 0, 3, 2)}, // cut to the image
		{image.Rect(20, 20, 30, 30), image.Rect(0, 0, 0, 0)},
	}
	for _, tt := range tests {
		got := Crop(src, tt.r)
		if got.Bounds() != tt.want {
			t.Errorf("Crop(%v) bounds %v, want %v", tt.r, got.Bounds(), tt.want)
			continue
		}
		in := tt.r.Intersect(src.Bounds())
		if !in.Empty() && got.RGBAAt(0, 0) != src.RGBAAt(in.Min.X, in.Min.Y) {
			t.Errorf("Crop(%v) corner %v, want %v", tt.r, got.RGBAAt(0, 0), src.RGBAAt(in.Min.X, in.Min.Y))
		}
	}
}
