package xconn

import (
	"image"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// maxListLen is the most 32-bit values a list property is read for: room
// for a window manager's list of every window.
const maxListLen = 4096

// Atom is the atom called name, None when the server has none yet.
func Atom(c *xgb.Conn, name string) xproto.Atom {
	a, err := xproto.InternAtom(c, true, uint16(len(name)), name).Reply()
	if err != nil {
		return xproto.AtomNone
	}
	return a.Atom
}

// Cardinals reads a 32-bit list property of win (typ, or
// xproto.GetPropertyTypeAny); nil when it is not set.
func Cardinals(c *xgb.Conn, win xproto.Window, name string, typ xproto.Atom) ([]uint32, error) {
	atom := Atom(c, name)
	if atom == xproto.AtomNone {
		return nil, nil
	}
	prop, err := xproto.GetProperty(c, false, win, atom, typ, 0, maxListLen).Reply()
	if err != nil || prop.Format != 32 {
		return nil, err
	}
	out := make([]uint32, len(prop.Value)/4)
	for i := range out {
		out[i] = xgb.Get32(prop.Value[4*i:]) // xgb speaks little-endian
	}
	return out, nil
}

// ClientRect is win's own area in the coordinates of root.
func ClientRect(c *xgb.Conn, root, win xproto.Window) (image.Rectangle, error) {
	geom, err := xproto.GetGeometry(c, xproto.Drawable(win)).Reply()
	if err != nil {
		return image.Rectangle{}, err
	}
	at, err := xproto.TranslateCoordinates(c, win, root, 0, 0).Reply()
	if err != nil {
		return image.Rectangle{}, err
	}
	return image.Rect(int(at.DstX), int(at.DstY), int(at.DstX)+int(geom.Width), int(at.DstY)+int(geom.Height)), nil
}

// FrameRect is win's area with the window manager's frame (title bar,
// borders: _NET_FRAME_EXTENTS), in the coordinates of root.
func FrameRect(c *xgb.Conn, root, win xproto.Window) (image.Rectangle, error) {
	r, err := ClientRect(c, root, win)
	if err != nil {
		return r, err
	}
	// The frame's left, right, top and bottom widths.
	if f, err := Cardinals(c, win, "_NET_FRAME_EXTENTS", xproto.AtomCardinal); err == nil && len(f) == 4 {
		r = image.Rect(r.Min.X-int(f[0]), r.Min.Y-int(f[2]), r.Max.X+int(f[1]), r.Max.Y+int(f[3]))
	}
	return r, nil
}
