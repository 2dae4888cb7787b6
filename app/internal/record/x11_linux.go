package record

import (
	"errors"
	"fmt"
	"image"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xinerama"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// ErrNoWindow means ModeWindow has no window to record: none is active,
// or no window manager says which.
var ErrNoWindow = errors.New("no active window to record: click a window first, or record a region or the screen")

// xscreen is what the X server says about its screen, read once when a
// recording starts.
type xscreen struct {
	c    *xgb.Conn
	root xproto.Window
	size image.Rectangle // the root window
}

func openScreen(display string) (*xscreen, error) {
	c, err := xconn.Dial(display)
	if err != nil {
		return nil, err
	}
	s := xproto.Setup(c).DefaultScreen(c)
	return &xscreen{c: c, root: s.Root, size: image.Rect(0, 0, int(s.WidthInPixels), int(s.HeightInPixels))}, nil
}

// area is the part of the root window t records, cut to the screen and to
// an even size.
func (x *xscreen) area(t Target) (image.Rectangle, error) {
	var r image.Rectangle
	var err error
	switch t.Mode {
	case ModeRegion:
		r = t.Rect
	case ModeMonitor:
		r, err = x.monitor(t.Monitor)
	case ModeWindow:
		r, err = x.window(t.Window)
	default:
		r = x.size
	}
	if err != nil {
		return r, err
	}
	r = evenSize(r.Intersect(x.size))
	if r.Dx() < 2 || r.Dy() < 2 {
		return r, fmt.Errorf("nothing to record: the area %v is not on the screen %v", t.Rect, x.size)
	}
	return r, nil
}

// monitors lists the monitors; without Xinerama the root window is the
// only one.
func (x *xscreen) monitors() []image.Rectangle {
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

// monitor is monitor i, or the one under the pointer (MonitorAtPointer).
func (x *xscreen) monitor(i int) (image.Rectangle, error) {
	ms := x.monitors()
	if i == MonitorAtPointer {
		p, err := xproto.QueryPointer(x.c, x.root).Reply()
		if err != nil {
			return ms[0], nil // no pointer: the first monitor
		}
		for _, m := range ms {
			if image.Pt(int(p.RootX), int(p.RootY)).In(m) {
				return m, nil
			}
		}
		return ms[0], nil
	}
	if i < 0 || i >= len(ms) {
		return image.Rectangle{}, fmt.Errorf("there is no monitor %d: the screen has %d", i+1, len(ms))
	}
	return ms[i], nil
}

// window is win's rectangle (the active window's when 0) with the window
// manager's frame.
func (x *xscreen) window(win uint32) (image.Rectangle, error) {
	if win == 0 {
		vals, err := x.cardinals(x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow)
		if err != nil || len(vals) == 0 || vals[0] == 0 {
			return image.Rectangle{}, ErrNoWindow
		}
		win = vals[0]
	}
	w := xproto.Window(win)
	geom, err := xproto.GetGeometry(x.c, xproto.Drawable(w)).Reply()
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	at, err := xproto.TranslateCoordinates(x.c, w, x.root, 0, 0).Reply()
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	r := image.Rect(int(at.DstX), int(at.DstY), int(at.DstX)+int(geom.Width), int(at.DstY)+int(geom.Height))
	// The frame: left, right, top, bottom.
	if f, err := x.cardinals(w, "_NET_FRAME_EXTENTS", xproto.AtomCardinal); err == nil && len(f) == 4 {
		r = image.Rect(r.Min.X-int(f[0]), r.Min.Y-int(f[2]), r.Max.X+int(f[1]), r.Max.Y+int(f[3]))
	}
	return r, nil
}

// cardinals reads a 32-bit list property; nil when it is not set.
func (x *xscreen) cardinals(win xproto.Window, name string, typ xproto.Atom) ([]uint32, error) {
	atom, err := xproto.InternAtom(x.c, true, uint16(len(name)), name).Reply()
	if err != nil || atom.Atom == xproto.AtomNone {
		return nil, err
	}
	prop, err := xproto.GetProperty(x.c, false, win, atom.Atom, typ, 0, 16).Reply()
	if err != nil || prop.Format != 32 {
		return nil, err
	}
	out := make([]uint32, len(prop.Value)/4)
	for i := range out {
		out[i] = xgb.Get32(prop.Value[4*i:])
	}
	return out, nil
}
