package platform

import (
	"errors"
	"image"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// placeWait bounds how long CentreOn waits for the window manager to take
// the new window on (map and frame it) before moving it.
const placeWait = 2 * time.Second

// CentreOn moves the top-level window child so that it sits centred on the
// window parent, wholly on the screen where it fits, once the window
// manager has mapped it: a window manager places a new window by its own
// policy (openbox's Smart: the screen's top-left corner), not on the
// window it came from. parent and child are X window ids. Without X (a
// Wayland session) it does nothing: there a client cannot place windows.
func CentreOn(s Session, parent, child uintptr) error {
	if !s.X11() || parent == 0 || child == 0 {
		return nil
	}
	c, err := xconn.Dial(s.Display)
	if err != nil {
		return err
	}
	defer c.Close()
	x := placer{c: c, root: xproto.Setup(c).DefaultScreen(c).Root}
	p, cw := xproto.Window(parent), xproto.Window(child)
	if !x.waitManaged(cw, time.Now().Add(placeWait)) {
		return errors.New("the window manager did not map the window")
	}
	if a, err := xproto.GetWindowAttributes(c, p).Reply(); err != nil || a.MapState != xproto.MapStateViewable {
		return nil // the main window is hidden (in the tray): the screen's centre it is
	}
	pr, err := x.frame(p)
	if err != nil {
		return err
	}
	cr, err := x.frame(cw)
	if err != nil {
		return err
	}
	at := centredIn(cr.Size(), pr, x.screen())
	// The client's own corner: GLFW asks for static gravity, so the window
	// manager puts the client, not its frame, at the position asked.
	left, top := at.X+(x.client(cw).Min.X-cr.Min.X), at.Y+(x.client(cw).Min.Y-cr.Min.Y)
	return xproto.ConfigureWindowChecked(c, cw, xproto.ConfigWindowX|xproto.ConfigWindowY,
		[]uint32{uint32(int32(left)), uint32(int32(top))}).Check()
}

// placer asks one X connection about windows.
type placer struct {
	c    *xgb.Conn
	root xproto.Window
}

// waitManaged waits until win is viewable and, under a window manager that
// frames windows, framed.
func (x placer) waitManaged(win xproto.Window, until time.Time) bool {
	framed := len(x.cardinals(x.root, "_NET_SUPPORTING_WM_CHECK")) > 0
	for time.Now().Before(until) {
		a, err := xproto.GetWindowAttributes(x.c, win).Reply()
		if err != nil {
			return false
		}
		if a.MapState == xproto.MapStateViewable && (!framed || len(x.cardinals(win, "_NET_FRAME_EXTENTS")) == 4) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// client is win's own area on the screen.
func (x placer) client(win xproto.Window) image.Rectangle {
	r, _ := xconn.ClientRect(x.c, x.root, win)
	return r
}

// frame is win's area with the window manager's frame.
func (x placer) frame(win xproto.Window) (image.Rectangle, error) {
	r, err := xconn.FrameRect(x.c, x.root, win)
	if err == nil && r.Empty() {
		err = errors.New("the window has no size on the screen")
	}
	return r, err
}

// screen is the root window's area, or the window manager's work area
// (without panels) on its first desktop when it says.
func (x placer) screen() image.Rectangle {
	g, err := xproto.GetGeometry(x.c, xproto.Drawable(x.root)).Reply()
	if err != nil {
		return image.Rectangle{}
	}
	r := image.Rect(0, 0, int(g.Width), int(g.Height))
	if wa := x.cardinals(x.root, "_NET_WORKAREA"); len(wa) >= 4 {
		if w := image.Rect(int(wa[0]), int(wa[1]), int(wa[0]+wa[2]), int(wa[1]+wa[3])); !w.Intersect(r).Empty() {
			return w.Intersect(r)
		}
	}
	return r
}

// cardinals reads a 32-bit list property of any type; nil when unset.
func (x placer) cardinals(win xproto.Window, name string) []uint32 {
	v, _ := xconn.Cardinals(x.c, win, name, xproto.GetPropertyTypeAny)
	return v
}
