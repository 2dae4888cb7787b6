package capture

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/platform"
)

func TestNoScreenIsActionable(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	c := New(platform.Session{})
	for name, f := range map[string]func() (*image.RGBA, error){
		"full": c.Full, "window": c.ActiveWindow, "monitor": func() (*image.RGBA, error) { return c.Monitor(0, 0) },
	} {
		_, err := f()
		if !errors.Is(err, ErrNoScreen) || !strings.Contains(err.Error(), "DISPLAY and WAYLAND_DISPLAY are unset") {
			t.Errorf("%s: %v, want ErrNoScreen saying there is no display", name, err)
		}
	}
	if _, _, err := c.Pointer(); !errors.Is(err, ErrNoPointer) {
		t.Errorf("Pointer: %v, want ErrNoPointer", err)
	}
}

func TestBlank(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff // opaque black, as X servers and portals send it
	}
	if !blank(img) {
		t.Error("an opaque black image is not blank")
	}
	img.Pix[4*(3*8+7)+2] = 1 // the last pixel, barely blue
	if blank(img) {
		t.Error("an image with one non-black pixel is blank")
	}
	if blank(testImage(4, 4)) {
		t.Error("a picture is blank")
	}
	// A sub-image: only its own pixels count.
	sub := testImage(8, 8)
	for y := 2; y < 6; y++ {
		for x := 2; x < 6; x++ {
			sub.SetRGBA(x, y, color.RGBA{A: 0xff})
		}
	}
	if !blank(sub.SubImage(image.Rect(2, 2, 6, 6)).(*image.RGBA)) {
		t.Error("a black sub-image of a picture is not blank")
	}
}

func TestAfterMenuWithoutX(t *testing.T) {
	for _, s := range []platform.Session{{Kind: platform.Wayland, Display: ":0"}, {}} {
		var slept []time.Duration
		New(s).afterMenu(func(d time.Duration) { slept = append(slept, d) })
		if len(slept) != 1 || slept[0] != menuSettle {
			t.Errorf("%v: slept %v, want the settle pause %v alone (another client's menu cannot be seen)", s.Kind, slept, menuSettle)
		}
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
