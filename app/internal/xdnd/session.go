package xdnd

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// atoms are the interned names one drop uses.
type atoms struct {
	nameAtoms
	aware, enter, position, status, leave, drop, finished xproto.Atom
	selection, typeList, actionCopy, uriList, targets     xproto.Atom
}

// session is one drag from a fresh connection and source window to the end.
type session struct {
	conn    *xgb.Conn
	root    xproto.Window
	payload []byte
	timeout time.Duration
	events  <-chan xEvent
	done    chan struct{}

	atoms        atoms
	types        []xproto.Atom // offered types, text/uri-list first
	target       xproto.Window
	src          xproto.Window
	version      uint32
	rootX, rootY int16
	time         xproto.Timestamp // server time of the drag, from a PropertyNotify
	requested    bool             // the target asked for the data
}

func newSession(conn *xgb.Conn, payload []byte, timeout time.Duration) *session {
	s := &session{
		conn:    conn,
		root:    xproto.Setup(conn).DefaultScreen(conn).Root,
		payload: payload,
		timeout: timeout,
		done:    make(chan struct{}),
	}
	s.events = pumpEvents(conn, s.done)
	return s
}

// close ends the event pump and the connection; the server then destroys the
// source window and releases the XdndSelection with it.
func (s *session) close() {
	close(s.done)
	s.conn.Close()
}

func (s *session) internAtoms(extraTypes []string) error {
	names := append([]string{"_NET_WM_NAME", "UTF8_STRING",
		"XdndAware", "XdndEnter", "XdndPosition", "XdndStatus", "XdndLeave", "XdndDrop", "XdndFinished",
		"XdndSelection", "XdndTypeList", "XdndActionCopy", "text/uri-list", "TARGETS"}, extraTypes...)
	got, err := internAtoms(s.conn, names...)
	if err != nil {
		return err
	}
	s.atoms = atoms{
		nameAtoms: nameAtoms{netWMName: got[0], utf8String: got[1]},
		aware:     got[2], enter: got[3], position: got[4], status: got[5], leave: got[6], drop: got[7], finished: got[8],
		selection: got[9], typeList: got[10], actionCopy: got[11], uriList: got[12], targets: got[13],
	}
	s.types = append([]xproto.Atom{s.atoms.uriList}, got[14:]...)
	return nil
}

// maxPayload is the largest property one ChangeProperty request can carry
// (request length limit minus the 24-byte request header); xgb does not
// enable BIG-REQUESTS.
func (s *session) maxPayload() int {
	return int(xproto.Setup(s.conn).MaximumRequestLength)*4 - 24
}

// awareVersion reads XdndAware and settles on min(ours, theirs).
func (s *session) awareVersion() (uint32, error) {
	reply, err := xproto.GetProperty(s.conn, false, s.target, s.atoms.aware, xproto.AtomAtom, 0, 1).Reply()
	if err != nil {
		return 0, fmt.Errorf("read XdndAware: %w", err)
	}
	if reply.Format != 32 || len(reply.Value) < 4 {
		return 0, ErrNotAware
	}
	v := min(binary.LittleEndian.Uint32(reply.Value), protocolVersion)
	if v < minVersion {
		return 0, fmt.Errorf("target speaks xdnd v%d, need v%d or newer: %w", v, minVersion, ErrNotAware)
	}
	return v, nil
}

// rootPoint checks (x, y) lies inside the target and converts it to root
// coordinates: GLFW translates XdndPosition back into window coordinates and
// uses them as the drop position.
func (s *session) rootPoint(x, y int) (int16, int16, error) {
	geo, err := xproto.GetGeometry(s.conn, xproto.Drawable(s.target)).Reply()
	if err != nil {
		return 0, 0, fmt.Errorf("target geometry: %w", err)
	}
	if x < 0 || y < 0 || x >= int(geo.Width) || y >= int(geo.Height) {
		return 0, 0, fmt.Errorf("point (%d, %d) is outside the %dx%d window", x, y, geo.Width, geo.Height)
	}
	tr, err := xproto.TranslateCoordinates(s.conn, s.target, s.root, int16(x), int16(y)).Reply()
	if err != nil {
		return 0, 0, fmt.Errorf("translate to root coordinates: %w", err)
	}
	return tr.DstX, tr.DstY, nil
}

// createSource makes the hidden (never mapped) source window, names it for
// anyone inspecting the tree, and takes the server time from the resulting
// PropertyNotify: ICCCM wants a real timestamp for selection ownership.
func (s *session) createSource() error {
	src, err := xproto.NewWindowId(s.conn)
	if err != nil {
		return fmt.Errorf("allocate source window: %w", err)
	}
	err = xproto.CreateWindowChecked(s.conn, 0, src, s.root, -10, -10, 1, 1, 0,
		xproto.WindowClassInputOnly, 0, xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange}).Check()
	if err != nil {
		return fmt.Errorf("create source window: %w", err)
	}
	s.src = src
	if len(s.types) > inlineTypes {
		list := atomList(s.types)
		err := xproto.ChangePropertyChecked(s.conn, xproto.PropModeReplace, src, s.atoms.typeList,
			xproto.AtomAtom, 32, uint32(len(s.types)), list).Check()
		if err != nil {
			return fmt.Errorf("set XdndTypeList: %w", err)
		}
	}
	name := "upshot xdnd source"
	xproto.ChangeProperty(s.conn, xproto.PropModeReplace, src, xproto.AtomWmName, xproto.AtomString,
		8, uint32(len(name)), []byte(name))
	return s.waitFor("source timestamp", func(ev xgb.Event) (bool, error) {
		pn, ok := ev.(xproto.PropertyNotifyEvent)
		if ok && pn.Window == src {
			s.time = pn.Time
		}
		return ok && pn.Window == src, nil
	})
}

// ownSelection takes XdndSelection and checks it stuck (SetSelectionOwner
// fails silently when the timestamp is older than the current owner's).
func (s *session) ownSelection() error {
	if err := xproto.SetSelectionOwnerChecked(s.conn, s.src, s.atoms.selection, s.time).Check(); err != nil {
		return fmt.Errorf("own XdndSelection: %w", err)
	}
	owner, err := xproto.GetSelectionOwner(s.conn, s.atoms.selection).Reply()
	if err != nil {
		return fmt.Errorf("check XdndSelection owner: %w", err)
	}
	if owner.Owner != s.src {
		return fmt.Errorf("own XdndSelection: window %d kept it", owner.Owner)
	}
	return nil
}

// send delivers an XDND client message to the target, checked so a target
// that vanished mid-drag shows up as an error instead of a timeout.
func (s *session) send(name string, typ xproto.Atom, data [5]uint32) error {
	ev := clientMessage(s.target, typ, data)
	if err := xproto.SendEventChecked(s.conn, false, s.target, xproto.EventMaskNoEvent, string(ev)).Check(); err != nil {
		return fmt.Errorf("send %s: %w", name, err)
	}
	return nil
}
