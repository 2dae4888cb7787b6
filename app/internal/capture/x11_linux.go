package capture

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/randr"
	"github.com/jezek/xgb/xinerama"
	"github.com/jezek/xgb/xproto"
	"github.com/kbinani/screenshot"

	"github.com/upshot-app/upshot/app/internal/platform"
	xdial "github.com/upshot-app/upshot/app/internal/xconn"
)

// xconn is one connection to the X server. Coordinates are those of the
// root window.
type xconn struct {
	c    *xgb.Conn
	root xproto.Window
	size image.Rectangle // the root window
}

// openX connects to the session's X server, trying again briefly: an Xvfb
// under load drops a connection opened right after another one closed
// (seen with Xvfb 21), and a capture opens two.
func openX(s platform.Session) (*xconn, error) {
	c, err := xdial.Dial(s.Display)
	if err != nil {
		return nil, err
	}
	scr := xproto.Setup(c).DefaultScreen(c)
	return &xconn{c: c, root: scr.Root, size: image.Rect(0, 0, int(scr.WidthInPixels), int(scr.HeightInPixels))}, nil
}

// monitors lists the monitors; without Xinerama the root window is the
// only one.
func (x *xconn) monitors() []image.Rectangle {
	if xinerama.Init(x.c) != nil {
		return []image.Rectangle{x.size}
	}
	reply, err := xinerama.QueryScreens(x.c).Reply()
	if err != nil || len(reply.ScreenInfo) == 0 {
		return []image.Rectangle{x.size}
	}
	out := make([]image.Rectangle, len(reply.ScreenInfo))
	for i, s := range reply.ScreenInfo {
		out[i] = image.Rect(int(s.XOrg), int(s.YOrg), int(s.XOrg)+int(s.Width), int(s.YOrg)+int(s.Height))
	}
	return out
}

// grab reads the rectangle r of the root window. kbinani/screenshot counts
// from the first monitor's corner, so r is shifted by it.
func (x *xconn) grab(r image.Rectangle) (*image.RGBA, error) {
	if r.Empty() {
		return nil, errors.New("nothing to capture: the area is empty")
	}
	origin := x.monitors()[0].Min
	img, err := screenshot.Capture(r.Min.X-origin.X, r.Min.Y-origin.Y, r.Dx(), r.Dy())
	if err != nil {
		// It opens a connection of its own: give it a second chance too.
		time.Sleep(50 * time.Millisecond)
		img, err = screenshot.Capture(r.Min.X-origin.X, r.Min.Y-origin.Y, r.Dx(), r.Dy())
	}
	if err != nil {
		return nil, fmt.Errorf("read the screen: %w", err)
	}
	return img, nil
}

func (x *xconn) pointer() (image.Point, error) {
	p, err := xproto.QueryPointer(x.c, x.root).Reply()
	if err != nil {
		return image.Point{}, fmt.Errorf("ask X for the pointer: %w", err)
	}
	return image.Pt(int(p.RootX), int(p.RootY)), nil
}

// activeWindow returns the active window's rectangle with its frame, cut
// to the screen.
func (x *xconn) activeWindow() (image.Rectangle, error) {
	vals, err := x.cardinals(x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow)
	if err != nil || len(vals) == 0 || vals[0] == 0 {
		return image.Rectangle{}, ErrNoWindow
	}
	r, err := x.frameRect(xproto.Window(vals[0]))
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	if r.Empty() {
		return image.Rectangle{}, fmt.Errorf("%w (the active window is off screen)", ErrNoWindow)
	}
	return r, nil
}

// frameRect is where win sits on the screen with the window manager's
// frame, cut to the screen.
func (x *xconn) frameRect(win xproto.Window) (image.Rectangle, error) {
	r, err := xdial.FrameRect(x.c, x.root, win)
	return r.Intersect(x.size), err
}

// windows lists the managed windows shown now, topmost first, with their
// frames: the window manager's stacking list without the windows that are
// unmapped, minimised or on another desktop. None without a window
// manager that keeps the list.
func (x *xconn) windows() []image.Rectangle {
	stack, err := x.cardinals(x.root, "_NET_CLIENT_LIST_STACKING", xproto.AtomWindow)
	if err != nil {
		return nil
	}
	desk := x.desktop(x.root, "_NET_CURRENT_DESKTOP")
	hidden := x.atom("_NET_WM_STATE_HIDDEN")
	var out []image.Rectangle
	for i := len(stack) - 1; i >= 0; i-- { // the list runs bottom to top
		win := xproto.Window(stack[i])
		if !x.shown(win, desk, hidden) {
			continue
		}
		if r, err := x.frameRect(win); err == nil && !r.Empty() {
			out = append(out, r)
		}
	}
	return out
}

// shown reports whether win is mapped, not minimised (hidden) and on the
// desktop desk (or on all of them).
func (x *xconn) shown(win xproto.Window, desk uint32, hidden xproto.Atom) bool {
	attr, err := xproto.GetWindowAttributes(x.c, win).Reply()
	if err != nil || attr.MapState != xproto.MapStateViewable {
		return false
	}
	if d := x.desktop(win, "_NET_WM_DESKTOP"); d != desk && d != allDesktops && desk != allDesktops {
		return false
	}
	states, _ := x.cardinals(win, "_NET_WM_STATE", xproto.AtomAtom)
	for _, st := range states {
		if hidden != xproto.AtomNone && xproto.Atom(st) == hidden {
			return false
		}
	}
	return true
}

// allDesktops is a _NET_WM_DESKTOP that means every desktop; desktop also
// answers it when the property is not set.
const allDesktops = 0xFFFFFFFF

// desktop reads a desktop number property of win.
func (x *xconn) desktop(win xproto.Window, name string) uint32 {
	if v, err := x.cardinals(win, name, xproto.AtomCardinal); err == nil && len(v) == 1 {
		return v[0]
	}
	return allDesktops
}

// atom is the atom called name, None when the server has none yet.
func (x *xconn) atom(name string) xproto.Atom { return xdial.Atom(x.c, name) }

// cardinals reads a 32-bit list property; nil when it is not set.
func (x *xconn) cardinals(win xproto.Window, name string, typ xproto.Atom) ([]uint32, error) {
	return xdial.Cardinals(x.c, win, name, typ)
}

// withX runs f on a fresh connection; each capture is rare and short.
func withX[T any](s platform.Session, f func(*xconn) (T, error)) (T, error) {
	x, err := openX(s)
	if err != nil {
		var zero T
		return zero, err
	}
	defer x.c.Close()
	return f(x)
}

// shot grabs r — what, "screen" or "window" — and refuses a picture that
// is entirely black.
func (x *xconn) shot(r image.Rectangle, s platform.Session, what string) (*image.RGBA, error) {
	img, err := x.grab(r)
	if err != nil || !blank(img) {
		return img, err
	}
	return nil, x.blankError(s, what)
}

// blankError says why the X server gave back black. Xwayland is the
// usual reason: it holds only X clients' pixels, so outside a Wayland
// session's own environment (no WAYLAND_DISPLAY) its screen is black.
func (x *xconn) blankError(s platform.Session, what string) error {
	if x.isXwayland() {
		why := ""
		if s.WaylandProblem != "" {
			why = " (" + s.WaylandProblem + ")"
		}
		return fmt.Errorf("%w: the X display %s is Xwayland, which sees only X11 windows, and no Wayland compositor was reachable%s"+
			" — run Upshot from inside the Wayland session (with WAYLAND_DISPLAY set), where it asks the desktop's screenshot portal", ErrBlank, s.Display, why)
	}
	if what == "window" {
		return fmt.Errorf("%w: the active window shows nothing but black — try again once it has drawn, or capture the full screen or a region", ErrBlank)
	}
	return fmt.Errorf("%w: the X server %s returned a black screen — if the screen is locked, blanked or showing nothing, unlock it or open a window and try again", ErrBlank, s.Display)
}

// isXwayland reports whether the X server is Xwayland: it has the
// XWAYLAND extension (Xwayland 23.1 on) or names its outputs XWAYLAND0, ….
func (x *xconn) isXwayland() bool {
	const name = "XWAYLAND"
	if ext, err := xproto.QueryExtension(x.c, uint16(len(name)), name).Reply(); err == nil && ext.Present {
		return true
	}
	if randr.Init(x.c) != nil {
		return false
	}
	res, err := randr.GetScreenResourcesCurrent(x.c, x.root).Reply()
	if err != nil {
		return false
	}
	for _, o := range res.Outputs {
		info, err := randr.GetOutputInfo(x.c, o, res.ConfigTimestamp).Reply()
		if err == nil && strings.HasPrefix(string(info.Name), name) {
			return true
		}
	}
	return false
}

func x11Full(s platform.Session) (*image.RGBA, error) {
	return withX(s, func(x *xconn) (*image.RGBA, error) {
		var all image.Rectangle
		for _, m := range x.monitors() {
			all = all.Union(m)
		}
		return x.shot(all, s, "screen")
	})
}

func x11Monitor(s platform.Session, p image.Point) (*image.RGBA, error) {
	return withX(s, func(x *xconn) (*image.RGBA, error) {
		ms := x.monitors()
		for _, m := range ms {
			if p.In(m) {
				return x.shot(m, s, "screen")
			}
		}
		return x.shot(ms[0], s, "screen") // the pointer is between monitors: take the first
	})
}

func x11ActiveWindow(s platform.Session) (*image.RGBA, error) {
	return withX(s, func(x *xconn) (*image.RGBA, error) {
		r, err := x.activeWindow()
		if err != nil {
			return nil, err
		}
		return x.shot(r, s, "window")
	})
}

func x11Pointer(s platform.Session) (image.Point, error) {
	return withX(s, func(x *xconn) (image.Point, error) { return x.pointer() })
}

func x11Windows(s platform.Session) ([]image.Rectangle, error) {
	return withX(s, func(x *xconn) ([]image.Rectangle, error) { return x.windows(), nil })
}
