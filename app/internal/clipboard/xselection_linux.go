package clipboard

import (
	"errors"
	"fmt"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// Content is what a clipboard owner serves: text, or a PNG image.
type Content struct {
	Text string
	PNG  []byte
}

// An owner holds the X11 CLIPBOARD selection and answers for one Content
// until another program takes the selection (Lost is closed) or Close.
//
// It exists because golang.design/x/clipboard's X11 owner answers TARGETS
// with UTF8_STRING and image/png whatever it holds (asking for the one it
// does not hold fails), offers no STRING or TEXT for older programs, and
// has no INCR for large images. This owner offers exactly what it serves,
// per ICCCM: text as UTF8_STRING, STRING (Latin-1), TEXT and the text/plain
// types; an image as image/png, in INCR chunks when it is large.
type owner struct {
	conn   *xgb.Conn
	win    xproto.Window
	atoms  atoms
	time   xproto.Timestamp
	data   []byte
	offers []xproto.Atom
	chunk  int
	lost   chan struct{}
	once   sync.Once

	incr map[incrKey]*incrTransfer // INCR transfers under way, by requestor and property
}

type incrKey struct {
	win  xproto.Window
	prop xproto.Atom
}

type incrTransfer struct {
	target xproto.Atom
	rest   []byte
	done   bool // the final zero-length chunk was sent
}

// atoms are the names the owner speaks.
type atoms struct {
	clipboard, targets, timestamp, incr, utf8, text, plainUTF8, plain, png xproto.Atom
}

var atomNames = []string{"CLIPBOARD", "TARGETS", "TIMESTAMP", "INCR", "UTF8_STRING", "TEXT",
	"text/plain;charset=utf-8", "text/plain", "image/png"}

// errNotOwner says another program kept the selection.
var errNotOwner = errors.New("another program kept the clipboard")

// own takes the CLIPBOARD selection of display ("" = $DISPLAY) for c.
func own(display string, c Content) (*owner, error) {
	conn, err := xconn.Dial(display)
	if err != nil {
		return nil, err
	}
	o := &owner{conn: conn, lost: make(chan struct{}), incr: map[incrKey]*incrTransfer{}}
	if err := o.setup(c); err != nil {
		conn.Close()
		return nil, fmt.Errorf("take the clipboard: %w", err)
	}
	go o.serve()
	return o, nil
}

// setup interns the atoms, makes the owner's window, gets a server time
// (ICCCM: never CurrentTime) and takes the selection.
func (o *owner) setup(c Content) error {
	ids := make([]xproto.Atom, len(atomNames))
	for i, n := range atomNames {
		r, err := xproto.InternAtom(o.conn, false, uint16(len(n)), n).Reply()
		if err != nil {
			return err
		}
		ids[i] = r.Atom
	}
	o.atoms = atoms{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]}
	o.setContent(c)
	// Chunks well under the maximum request (in 4-byte units), leaving room
	// for the request's header.
	setup := xproto.Setup(o.conn)
	o.chunk = min(int(setup.MaximumRequestLength)*4-1024, 1<<18)
	win, err := xproto.NewWindowId(o.conn)
	if err != nil {
		return err
	}
	o.win = win
	root := setup.DefaultScreen(o.conn).Root
	if err := xproto.CreateWindowChecked(o.conn, 0, win, root, 0, 0, 1, 1, 0, xproto.WindowClassInputOnly, 0,
		xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange}).Check(); err != nil {
		return err
	}
	if o.time, err = o.serverTime(); err != nil {
		return err
	}
	if err := xproto.SetSelectionOwnerChecked(o.conn, win, o.atoms.clipboard, o.time).Check(); err != nil {
		return err
	}
	r, err := xproto.GetSelectionOwner(o.conn, o.atoms.clipboard).Reply()
	if err != nil {
		return err
	}
	if r.Owner != win {
		return errNotOwner
	}
	return nil
}

// setContent chooses the bytes and the targets offered for c.
func (o *owner) setContent(c Content) {
	a := o.atoms
	if c.PNG != nil {
		o.data, o.offers = c.PNG, []xproto.Atom{a.png}
		return
	}
	o.data = []byte(c.Text)
	o.offers = []xproto.Atom{a.utf8, xproto.AtomString, a.text, a.plainUTF8, a.plain}
}

// serverTime appends nothing to a property of the owner's window and
// returns the time of the PropertyNotify that answers it.
func (o *owner) serverTime() (xproto.Timestamp, error) {
	if err := xproto.ChangePropertyChecked(o.conn, xproto.PropModeAppend, o.win, o.atoms.timestamp,
		xproto.AtomInteger, 32, 0, nil).Check(); err != nil {
		return 0, err
	}
	for {
		ev, err := o.conn.WaitForEvent()
		if err != nil {
			return 0, err
		}
		if ev == nil {
			return 0, errors.New("the X connection closed")
		}
		if p, ok := ev.(xproto.PropertyNotifyEvent); ok && p.Window == o.win {
			return p.Time, nil
		}
	}
}

// Lost is closed once another program owns the selection or Close ran.
func (o *owner) Lost() <-chan struct{} { return o.lost }

// Close gives the selection up.
func (o *owner) Close() {
	o.once.Do(func() {
		o.conn.Close()
		close(o.lost)
	})
}

// serve answers requests until the selection is lost or the connection ends.
func (o *owner) serve() {
	defer o.Close()
	for {
		ev, err := o.conn.WaitForEvent()
		if ev == nil && err == nil {
			return // connection closed
		}
		switch e := ev.(type) {
		case xproto.SelectionClearEvent:
			if e.Selection == o.atoms.clipboard {
				return
			}
		case xproto.SelectionRequestEvent:
			o.answer(e)
		case xproto.PropertyNotifyEvent:
			o.continueIncr(e)
		}
	}
}
