package xdnd

import (
	"errors"
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/upshot-app/upshot/app/internal/xconn"
)

// ErrWindowNotFound means no mapped window carries the requested title (yet).
// Callers waiting for an app to start poll FindWindow until it stops returning it.
var ErrWindowNotFound = errors.New("window not found")

// FindWindow returns the mapped window whose _NET_WM_NAME or WM_NAME equals
// title, searching the whole tree from the root of display's first screen so
// that client windows reparented by a window manager are found too.
func FindWindow(display, title string) (xproto.Window, error) {
	conn, err := xconn.Dial(display)
	if err != nil {
		return 0, fmt.Errorf("find window %q: open display %q: %w", title, display, err)
	}
	defer conn.Close()
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	names, err := internNames(conn)
	if err != nil {
		return 0, fmt.Errorf("find window %q: %w", title, err)
	}
	return findWindow(conn, root, title, names)
}

// nameAtoms are the atoms needed to read a window's title.
type nameAtoms struct {
	netWMName, utf8String xproto.Atom
}

func internNames(conn *xgb.Conn) (nameAtoms, error) {
	atoms, err := internAtoms(conn, "_NET_WM_NAME", "UTF8_STRING")
	if err != nil {
		return nameAtoms{}, err
	}
	return nameAtoms{netWMName: atoms[0], utf8String: atoms[1]}, nil
}

// findWindow walks the tree breadth-first, so a top-level window wins over a
// same-named descendant. Unmapped matches (a window created but not yet
// shown) are skipped: a drop on them could not land.
func findWindow(conn *xgb.Conn, root xproto.Window, title string, names nameAtoms) (xproto.Window, error) {
	queue := []xproto.Window{root}
	for len(queue) > 0 {
		win := queue[0]
		queue = queue[1:]
		if win != root && windowName(conn, win, names) == title && isViewable(conn, win) {
			return win, nil
		}
		tree, err := xproto.QueryTree(conn, win).Reply()
		if err != nil {
			continue // the window vanished while we walked; not fatal
		}
		queue = append(queue, tree.Children...)
	}
	return 0, fmt.Errorf("find window %q: %w", title, ErrWindowNotFound)
}

// windowName prefers the EWMH UTF-8 title and falls back to ICCCM WM_NAME.
func windowName(conn *xgb.Conn, win xproto.Window, names nameAtoms) string {
	if name, ok := stringProperty(conn, win, names.netWMName, names.utf8String); ok {
		return name
	}
	name, _ := stringProperty(conn, win, xproto.AtomWmName, xproto.GetPropertyTypeAny)
	return name
}

func stringProperty(conn *xgb.Conn, win xproto.Window, prop, typ xproto.Atom) (string, bool) {
	// 1024 longs = 4 KiB; titles are far shorter.
	reply, err := xproto.GetProperty(conn, false, win, prop, typ, 0, 1024).Reply()
	if err != nil || reply.Format != 8 || reply.ValueLen == 0 {
		return "", false
	}
	return string(reply.Value), true
}

func isViewable(conn *xgb.Conn, win xproto.Window) bool {
	attrs, err := xproto.GetWindowAttributes(conn, win).Reply()
	return err == nil && attrs.MapState == xproto.MapStateViewable
}

// internAtoms interns names in one round trip and returns them in order.
func internAtoms(conn *xgb.Conn, names ...string) ([]xproto.Atom, error) {
	cookies := make([]xproto.InternAtomCookie, len(names))
	for i, n := range names {
		cookies[i] = xproto.InternAtom(conn, false, uint16(len(n)), n)
	}
	atoms := make([]xproto.Atom, len(names))
	for i, c := range cookies {
		reply, err := c.Reply()
		if err != nil {
			return nil, fmt.Errorf("intern atom %s: %w", names[i], err)
		}
		atoms[i] = reply.Atom
	}
	return atoms, nil
}
