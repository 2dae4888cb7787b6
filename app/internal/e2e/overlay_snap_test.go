//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// TestRegionOverlaySnapsToWindow: under openbox, Ctrl+Shift+4's overlay
// outlines the window under the pointer, with the magnifier beside the
// pointer showing the window's pixels; a click without dragging and Enter
// upload exactly that window with its frame.
func TestRegionOverlaySnapsToWindow(t *testing.T) {
	display := startWM(t)
	h := newHome(t)
	site := h.testHost()
	startAppOn(t, h, display, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	target := color.RGBA{R: 0xff, G: 0x00, B: 0xff, A: 0xff}
	win := openWindow(t, display, "snap target", 420, 260, 0xff00ff)
	frame := frameRect(t, display, win)
	time.Sleep(700 * time.Millisecond) // the helper grabs the keys
	xdoOn(t, display, "keydown", "ctrl+shift+4")
	time.Sleep(80 * time.Millisecond)
	xdoOn(t, display, "keyup", "ctrl+shift+4")
	waitFor(t, "the region overlay", 10*time.Second, func() bool {
		cmd := exec.Command("xdotool", "search", "--name", "select a region")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		return cmd.Run() == nil
	})
	time.Sleep(400 * time.Millisecond)
	// Over Upshot's own window, for a look at the magnifier on text.
	if id, err := strconv.ParseUint(firstLine(visibleUpshot(display)), 10, 32); err == nil {
		w := windowRect(t, display, xproto.Window(id))
		xdoOn(t, display, "mousemove", fmt.Sprint(w.Min.X+100), fmt.Sprint(w.Min.Y+140))
		time.Sleep(300 * time.Millisecond)
		screenImage(t, display, "region-snap")
	}
	// Off-centre, so that the magnifier (below right) stays over the window's pixels.
	at := image.Pt(frame.Min.X+frame.Dx()/3, frame.Min.Y+frame.Dy()/3)
	xdoOn(t, display, "mousemove", fmt.Sprint(at.X), fmt.Sprint(at.Y))
	xdoOn(t, display, "mousemove", fmt.Sprint(at.X+1), fmt.Sprint(at.Y))
	var shot image.Image
	waitFor(t, "the window outlined and the magnifier drawn", 10*time.Second, func() bool {
		shot = screenImageIn(t, display, t.TempDir(), "region-snap-click")
		return snapDrawn(shot, frame, image.Pt(at.X+1, at.Y), target)
	})
	xdoOn(t, display, "click", "1")
	time.Sleep(150 * time.Millisecond)
	xdoOn(t, display, "key", "Return")
	waitFor(t, "the window's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(display), site+"/images/")
	})
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want 1", len(shots))
	}
	for name, size := range shots {
		if size != frame.Size() {
			t.Errorf("%s is %v, want the window with its frame, %v (%v)", name, size, frame.Size(), frame)
		}
	}
}

// snapDrawn reports whether the overlay shows the window at frame undimmed
// (its pixels exactly the target colour) while the screen beside it is
// dimmed, and the magnifier, below right of the pointer at p, shows the
// target colour enlarged.
func snapDrawn(img image.Image, frame image.Rectangle, p image.Point, target color.RGBA) bool {
	rgba := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
	inside := rgba(frame.Max.X-20, frame.Max.Y-20)
	// The magnifier's centre pixel is 8 pixels of 8 after 24 of gap; its
	// frame and the crosshair line leave (66, 66) in it.
	mag := rgba(p.X+24+66, p.Y+24+66)
	// Gap between the pointer and the magnifier: the overlay there shows
	// the window as it is, so it is magenta too; beyond the window's frame
	// the veil darkens the screen.
	beside := frame.Min.X - 30
	if beside < 0 {
		beside = frame.Max.X + 30
	}
	outside := rgba(beside, frame.Min.Y+frame.Dy()/2)
	return inside == target && mag == target && outside != target && max(outside.R, outside.G, outside.B) < 0x80
}

// frameRect is where win is on the screen with its window manager frame.
func frameRect(t *testing.T, display string, win xproto.Window) image.Rectangle {
	t.Helper()
	r := windowRect(t, display, win)
	conn, err := xconn.Dial(display)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	atom, err := xproto.InternAtom(conn, true, uint16(len("_NET_FRAME_EXTENTS")), "_NET_FRAME_EXTENTS").Reply()
	if err != nil {
		t.Fatal(err)
	}
	var ext []uint32
	waitFor(t, "openbox to frame the window", 10*time.Second, func() bool {
		p, err := xproto.GetProperty(conn, false, win, atom.Atom, xproto.AtomCardinal, 0, 4).Reply()
		if err != nil || p.Format != 32 || p.ValueLen != 4 {
			return false
		}
		ext = []uint32{xgb.Get32(p.Value), xgb.Get32(p.Value[4:]), xgb.Get32(p.Value[8:]), xgb.Get32(p.Value[12:])}
		return true
	})
	return image.Rect(r.Min.X-int(ext[0]), r.Min.Y-int(ext[2]), r.Max.X+int(ext[1]), r.Max.Y+int(ext[3]))
}

// firstLine is s up to its first line break.
func firstLine(s string) string { return strings.TrimSpace(strings.SplitN(s, "\n", 2)[0]) }
