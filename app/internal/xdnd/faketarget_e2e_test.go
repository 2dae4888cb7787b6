//go:build e2e

package xdnd

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/upshot-app/upshot/app/internal/xconn"
)

// targetMode says how the fake target answers.
type targetMode int

const (
	acceptDrops targetMode = iota // like GLFW with a drop callback
	refuseDrops                   // XdndStatus without the accept bit
	stayMute                      // never answers: exercises the timeouts
)

// fakeTarget is a pure-Go XDND target that follows GLFW's x11_window.c step
// by step (the code path Fyne uses): it reads the types from XdndEnter or
// XdndTypeList, answers XdndPosition with XdndStatus, converts XdndSelection
// into the XdndSelection property of its own window on XdndDrop, and puts the
// byte count (not just bit 0) into XdndFinished. It is cheap enough to run in
// every e2e test, unlike building a Fyne app.
type fakeTarget struct {
	conn  *xgb.Conn
	win   xproto.Window
	mode  targetMode
	atoms atoms
	drops chan targetDrop

	source       xproto.Window
	typeListUsed bool
	hasURIList   bool
	rootXY       uint32
}

// targetDrop is what one drop delivered to the fake target.
type targetDrop struct {
	uris         []string
	rootX, rootY int
	typeListUsed bool
}

// startTarget maps a w×h window at (x, y) titled title on display and serves
// XDND until the test ends. aware=false leaves out XdndAware.
func startTarget(t *testing.T, display, title string, x, y, w, h int16, mode targetMode, aware bool) *fakeTarget {
	t.Helper()
	conn, err := xconn.Dial(display)
	if err != nil {
		t.Fatalf("target: open display %q: %v", display, err)
	}
	t.Cleanup(conn.Close)
	ft := &fakeTarget{conn: conn, mode: mode, drops: make(chan targetDrop, 4)}
	s := &session{conn: conn}
	if err := s.internAtoms(nil); err != nil {
		t.Fatalf("target: %v", err)
	}
	ft.atoms = s.atoms
	ft.win = ft.createWindow(t, title, x, y, w, h, aware)
	go ft.serve()
	return ft
}

func (ft *fakeTarget) createWindow(t *testing.T, title string, x, y, w, h int16, aware bool) xproto.Window {
	t.Helper()
	c := ft.conn
	win, err := xproto.NewWindowId(c)
	if err != nil {
		t.Fatalf("target: window id: %v", err)
	}
	root := xproto.Setup(c).DefaultScreen(c).Root
	err = xproto.CreateWindowChecked(c, 0, win, root, x, y, uint16(w), uint16(h), 0,
		xproto.WindowClassInputOutput, 0, xproto.CwEventMask, []uint32{xproto.EventMaskStructureNotify}).Check()
	if err != nil {
		t.Fatalf("target: create window: %v", err)
	}
	xproto.ChangeProperty(c, xproto.PropModeReplace, win, ft.atoms.netWMName, ft.atoms.utf8String, 8, uint32(len(title)), []byte(title))
	if aware {
		xproto.ChangeProperty(c, xproto.PropModeReplace, win, ft.atoms.aware, xproto.AtomAtom, 32, 1, atomList([]xproto.Atom{5}))
	}
	if err := xproto.MapWindowChecked(c, win).Check(); err != nil {
		t.Fatalf("target: map window: %v", err)
	}
	return win
}

// serve handles events until the connection closes.
func (ft *fakeTarget) serve() {
	for {
		ev, xerr := ft.conn.WaitForEvent()
		if ev == nil && xerr == nil {
			return
		}
		switch ev := ev.(type) {
		case xproto.ClientMessageEvent:
			ft.onMessage(ev)
		case xproto.SelectionNotifyEvent:
			ft.onData(ev)
		}
	}
}

func (ft *fakeTarget) onMessage(ev xproto.ClientMessageEvent) {
	if ft.mode == stayMute {
		return
	}
	d, a := ev.Data.Data32, ft.atoms
	switch ev.Type {
	case a.enter:
		ft.source, ft.typeListUsed = xproto.Window(d[0]), d[1]&1 != 0
		ft.hasURIList = false
		for _, typ := range ft.enterTypes(d) {
			ft.hasURIList = ft.hasURIList || typ == a.uriList
		}
	case a.position:
		ft.rootXY = d[2]
		accept := uint32(0)
		if ft.hasURIList && ft.mode == acceptDrops {
			accept = 1
		}
		ft.reply(a.status, [5]uint32{uint32(ft.win), accept, 0, 0, uint32(a.actionCopy)})
	case a.drop:
		xproto.ConvertSelection(ft.conn, ft.win, a.selection, a.uriList, a.selection, xproto.Timestamp(d[2]))
	}
}

// enterTypes returns the offered types: inline, or from XdndTypeList.
func (ft *fakeTarget) enterTypes(d []uint32) []xproto.Atom {
	if d[1]&1 == 0 {
		return []xproto.Atom{xproto.Atom(d[2]), xproto.Atom(d[3]), xproto.Atom(d[4])}
	}
	reply, err := xproto.GetProperty(ft.conn, false, ft.source, ft.atoms.typeList, xproto.AtomAtom, 0, 64).Reply()
	if err != nil {
		return nil
	}
	types := make([]xproto.Atom, reply.ValueLen)
	for i := range types {
		types[i] = xproto.Atom(binary.LittleEndian.Uint32(reply.Value[4*i:]))
	}
	return types
}

func (ft *fakeTarget) onData(ev xproto.SelectionNotifyEvent) {
	if ev.Property != ft.atoms.selection {
		return
	}
	reply, err := xproto.GetProperty(ft.conn, true, ft.win, ev.Property, xproto.GetPropertyTypeAny, 0, 1<<16).Reply()
	if err != nil {
		return
	}
	var uris []string
	for _, line := range strings.Split(string(reply.Value), "\r\n") {
		if line != "" {
			uris = append(uris, line)
		}
	}
	ft.drops <- targetDrop{uris: uris, rootX: int(ft.rootXY >> 16), rootY: int(ft.rootXY & 0xffff), typeListUsed: ft.typeListUsed}
	ft.reply(ft.atoms.finished, [5]uint32{uint32(ft.win), reply.ValueLen, uint32(ft.atoms.actionCopy)})
}

func (ft *fakeTarget) reply(typ xproto.Atom, data [5]uint32) {
	ev := clientMessage(ft.source, typ, data)
	xproto.SendEvent(ft.conn, false, ft.source, xproto.EventMaskNoEvent, string(ev))
}
