//go:build e2e

package capture

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// xTest connects to the X server the e2e runner started.
func xTest(t *testing.T) *xconn {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run the e2e tests under Xvfb (make e2e)")
	}
	x, err := openX(x11.session)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.c.Close() })
	return x
}

var red = color.RGBA{0xff, 0, 0, 0xff}

// x11 is the screen of the X server the e2e runner started.
var x11 = New(platform.Session{Kind: platform.X11, Display: os.Getenv("DISPLAY")})

// redWindow maps a red window at r and returns it.
func redWindow(t *testing.T, x *xconn, r image.Rectangle) xproto.Window {
	t.Helper()
	return colourWindow(t, x, r, 0xff0000)
}

// colourWindow maps an override-redirect window of one colour (0xRRGGBB)
// at r and returns it; it is destroyed when the test ends.
func colourWindow(t *testing.T, x *xconn, r image.Rectangle, rgb uint32) xproto.Window {
	t.Helper()
	win, err := xproto.NewWindowId(x.c)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(x.c, 0, win, x.root, int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0,
		xproto.WindowClassInputOutput, 0, xproto.CwBackPixel|xproto.CwOverrideRedirect, []uint32{rgb, 1}).Check()
	if err != nil {
		t.Fatal(err)
	}
	if err := xproto.MapWindowChecked(x.c, win).Check(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { xproto.DestroyWindow(x.c, win) })
	return win
}

// setCardinals plays window manager: it sets a 32-bit list property.
func setCardinals(t *testing.T, x *xconn, win xproto.Window, name string, typ xproto.Atom, vals ...uint32) {
	t.Helper()
	atom, err := xproto.InternAtom(x.c, false, uint16(len(name)), name).Reply()
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 4*len(vals))
	for i, v := range vals {
		xgb.Put32(data[4*i:], v)
	}
	err = xproto.ChangePropertyChecked(x.c, xproto.PropModeReplace, win, atom.Atom, typ, 32, uint32(len(vals)), data).Check()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { xproto.DeleteProperty(x.c, win, atom.Atom) })
}

// redAt waits until the screen shows red at p: the X server paints a new
// window's background asynchronously.
func redAt(t *testing.T, p image.Point) *image.RGBA {
	t.Helper()
	var img *image.RGBA
	for i := 0; i < 50; i++ {
		var err error
		if img, err = x11.Full(); err != nil {
			t.Fatal(err)
		}
		if img.RGBAAt(p.X, p.Y) == red {
			return img
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("pixel %v is %v, want red", p, img.RGBAAt(p.X, p.Y))
	return nil
}

// corner is a rectangle of size w×h at the bottom right of the screen,
// away from the GUI windows other end-to-end tests open at the top left.
func corner(x *xconn, w, h int) image.Rectangle {
	return image.Rect(x.size.Max.X-w-20, x.size.Max.Y-h-20, x.size.Max.X-20, x.size.Max.Y-20)
}

func TestFullIsTheWholeRootWindow(t *testing.T) {
	x := xTest(t)
	r := corner(x, 40, 20)
	redWindow(t, x, r)
	img := redAt(t, r.Min.Add(image.Pt(20, 10)))
	if img.Bounds() != x.size {
		t.Fatalf("Full is %v, the root window %v", img.Bounds(), x.size)
	}
	if img.RGBAAt(r.Min.X-1, r.Min.Y+10) == red || img.RGBAAt(r.Max.X, r.Min.Y+10) == red {
		t.Error("red outside the window: the capture is shifted")
	}
}

func TestPointerAndMonitor(t *testing.T) {
	x := xTest(t)
	r := corner(x, 40, 20)
	redWindow(t, x, r) // something on screen: a black one is refused
	redAt(t, r.Min.Add(image.Pt(20, 10)))
	px, py, err := x11.Pointer()
	if err != nil {
		t.Fatal(err)
	}
	// Ask xdotool too, without moving the pointer under other tests' feet.
	out, err := exec.Command("xdotool", "getmouselocation", "--shell").Output()
	if err != nil {
		t.Fatalf("xdotool: %v", err)
	}
	if want := fmt.Sprintf("X=%d\nY=%d\n", px, py); !strings.HasPrefix(string(out), want) {
		t.Fatalf("Pointer = %d, %d; xdotool says %q", px, py, out)
	}
	img, err := x11.Monitor(px, py)
	if err != nil {
		t.Fatal(err)
	}
	var want image.Rectangle
	for _, m := range x.monitors() {
		if image.Pt(px, py).In(m) {
			want = m
		}
	}
	if img.Bounds().Size() != want.Size() {
		t.Fatalf("Monitor is %v, want the size of %v", img.Bounds(), want)
	}
}

func TestActiveWindowWithFrame(t *testing.T) {
	x := xTest(t)
	win := redWindow(t, x, corner(x, 200, 100))
	redAt(t, corner(x, 200, 100).Min.Add(image.Pt(100, 50)))
	setCardinals(t, x, x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow, uint32(win))
	setCardinals(t, x, win, "_NET_FRAME_EXTENTS", xproto.AtomCardinal, 2, 3, 20, 4)
	img, err := x11.ActiveWindow()
	if err != nil {
		t.Fatal(err)
	}
	if want := image.Rect(0, 0, 200+2+3, 100+20+4); img.Bounds() != want {
		t.Fatalf("ActiveWindow is %v, want %v", img.Bounds(), want)
	}
	if got := img.RGBAAt(2, 20); got != red {
		t.Errorf("the window's corner is %v, want red", got)
	}
	if got := img.RGBAAt(1, 19); got == red {
		t.Errorf("the frame area is red: the frame was not added")
	}
}

func TestActiveWindowWithoutWindowManager(t *testing.T) {
	x := xTest(t)
	atom, err := xproto.InternAtom(x.c, false, 18, "_NET_ACTIVE_WINDOW").Reply()
	if err != nil {
		t.Fatal(err)
	}
	xproto.DeleteProperty(x.c, x.root, atom.Atom)
	if _, err := x11.ActiveWindow(); !errors.Is(err, ErrNoWindow) {
		t.Fatalf("ActiveWindow: %v, want ErrNoWindow", err)
	}
}

// TestBlackScreenIsRefused: a screen that reads back all black (here a
// black window over all of it) is an error that says what happened, not a
// picture to upload. Xvfb is no Xwayland: the message says so.
func TestBlackScreenIsRefused(t *testing.T) {
	x := xTest(t)
	colourWindow(t, x, x.size, 0x000000)
	var err error
	for i := 0; i < 50; i++ { // the server paints the window asynchronously
		if _, err = x11.Full(); errors.Is(err, ErrBlank) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !errors.Is(err, ErrBlank) || !strings.Contains(err.Error(), "black screen") || strings.Contains(err.Error(), "Xwayland") {
		t.Fatalf("Full of a black screen: %v, want ErrBlank saying the X server returned black", err)
	}
	win := colourWindow(t, x, corner(x, 200, 100), 0x000000)
	setCardinals(t, x, x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow, uint32(win))
	if _, err := x11.ActiveWindow(); !errors.Is(err, ErrBlank) || !strings.Contains(err.Error(), "active window shows nothing but black") {
		t.Errorf("ActiveWindow of a black window: %v, want ErrBlank about the window", err)
	}
}

// TestAfterMenuWaitsForPopups: a menu (an override-redirect window) up
// when AfterMenu starts is gone from the screen before it returns.
func TestAfterMenuWaitsForPopups(t *testing.T) {
	x := xTest(t)
	menu := colourWindow(t, x, corner(x, 120, 200), 0xff00ff)
	if len(x.popups()) == 0 || !x.popups()[menu] {
		t.Fatalf("popups %v do not include the mapped menu %d", x.popups(), menu)
	}
	unmapped := make(chan struct{})
	go func() {
		time.Sleep(300 * time.Millisecond) // longer than the settle pause alone
		xproto.UnmapWindowChecked(x.c, menu).Check()
		close(unmapped)
	}()
	x11.AfterMenu()
	select {
	case <-unmapped:
	default:
		t.Fatal("AfterMenu returned while the menu was still up")
	}
}

// TestWindowsListsShownWindowsTopmostFirst: Windows reads the window
// manager's stacking list (played here) top to bottom, with each window's
// frame, and leaves out windows that are minimised, unmapped or on another
// desktop.
func TestWindowsListsShownWindowsTopmostFirst(t *testing.T) {
	x := xTest(t)
	low, high := corner(x, 300, 200), corner(x, 120, 80)
	bottom, top := colourWindow(t, x, low, 0x00ff00), colourWindow(t, x, high, 0x0000ff)
	hidden, other := colourWindow(t, x, corner(x, 60, 60), 0xffff00), colourWindow(t, x, corner(x, 50, 50), 0x00ffff)
	unmapped := colourWindow(t, x, corner(x, 40, 40), 0xff00ff)
	xproto.UnmapWindow(x.c, unmapped)
	setCardinals(t, x, x.root, "_NET_CLIENT_LIST_STACKING", xproto.AtomWindow,
		uint32(bottom), uint32(unmapped), uint32(hidden), uint32(other), uint32(top))
	setCardinals(t, x, x.root, "_NET_CURRENT_DESKTOP", xproto.AtomCardinal, 0)
	setCardinals(t, x, other, "_NET_WM_DESKTOP", xproto.AtomCardinal, 1)
	hiddenState, err := xproto.InternAtom(x.c, false, uint16(len("_NET_WM_STATE_HIDDEN")), "_NET_WM_STATE_HIDDEN").Reply()
	if err != nil {
		t.Fatal(err)
	}
	setCardinals(t, x, hidden, "_NET_WM_STATE", xproto.AtomAtom, uint32(hiddenState.Atom))
	setCardinals(t, x, bottom, "_NET_FRAME_EXTENTS", xproto.AtomCardinal, 2, 3, 20, 4)
	var got []image.Rectangle
	for i := 0; i < 50; i++ { // the unmap reaches the server asynchronously
		if got, err = x11.Windows(); err != nil {
			t.Fatal(err)
		}
		if len(got) == 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	want := []image.Rectangle{high, image.Rect(low.Min.X-2, low.Min.Y-20, low.Max.X+3, low.Max.Y+4)}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Windows = %v, want %v (topmost first, the frame included)", got, want)
	}
}
