//go:build e2e

package e2e

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// popup maps an override-redirect window of colour rgb (0xRRGGBB) at r —
// what a tray host's menu is — and waits until the X server shows it. It
// returns a function that unmaps it.
func popup(t *testing.T, display string, r image.Rectangle, rgb uint32) func() {
	t.Helper()
	c, err := xconn.Dial(display)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	root := xproto.Setup(c).DefaultScreen(c).Root
	win, err := xproto.NewWindowId(c)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(c, 0, win, root, int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0,
		xproto.WindowClassInputOutput, 0, xproto.CwBackPixel|xproto.CwOverrideRedirect, []uint32{rgb, 1}).Check()
	if err != nil {
		t.Fatal(err)
	}
	if err := xproto.MapWindowChecked(c, win).Check(); err != nil {
		t.Fatal(err)
	}
	mid := r.Min.Add(r.Size().Div(2))
	waitFor(t, "the popup on screen", 5*time.Second, func() bool { return pixelAt(c, root, mid) == rgb })
	return func() { _ = xproto.UnmapWindowChecked(c, win).Check() }
}

// pixelAt reads one pixel of the root window as 0xRRGGBB.
func pixelAt(c *xgb.Conn, root xproto.Window, p image.Point) uint32 {
	img, err := xproto.GetImage(c, xproto.ImageFormatZPixmap, xproto.Drawable(root), int16(p.X), int16(p.Y), 1, 1, 0xffffffff).Reply()
	if err != nil || len(img.Data) < 3 {
		return 0
	}
	return uint32(img.Data[2])<<16 | uint32(img.Data[1])<<8 | uint32(img.Data[0]) // BGRX
}

// TestTrayCaptureWaitsForTheMenu: "Capture full screen" chosen in the
// tray menu does not freeze the menu into the screenshot. The tray host's
// menu, played by an override-redirect popup, is still up when the click
// arrives and closes half a second later, as a menu closing under load
// does; the uploaded screenshot shows what was beneath it.
func TestTrayCaptureWaitsForTheMenu(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	menu := image.Rect(950, 120, 1150, 420) // right of the app's window
	const magenta = 0xff00ff
	closeMenu := popup(t, a.display, menu, magenta)
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Capture full screen"))
	time.Sleep(500 * time.Millisecond)
	closeMenu()
	waitFor(t, "the screenshot's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want 1: %v", len(shots), shots)
	}
	for file := range shots {
		img := decodePNG(t, findFile(t, filepath.Join(h.dir, "hostfiles"), file))
		mid := menu.Min.Add(menu.Size().Div(2))
		if c := color.RGBAModel.Convert(img.At(mid.X, mid.Y)).(color.RGBA); c == (color.RGBA{0xff, 0, 0xff, 0xff}) {
			t.Errorf("the screenshot shows the tray menu at %v: it was taken before the menu closed", mid)
		}
	}
}

// findFile finds the file named name under dir.
func findFile(t *testing.T, dir, name string) string {
	t.Helper()
	var found string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Name() == name {
			found = p
		}
		return nil
	})
	if found == "" {
		t.Fatalf("no %s under %s", name, dir)
	}
	return found
}

// decodePNG reads a PNG file.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}
