// Package xdnd is a minimal X drag-and-drop (XDND v5) drag source for
// end-to-end tests: it drops file:// URIs on a window of a real app running
// under an X server (Xvfb), through the same protocol a file manager uses.
//
// It is pure Go (github.com/jezek/xgb, no cgo) and holds no global state.
// It speaks to targets the way GLFW (and so Fyne) expects: XdndAware on the
// top-level window, root coordinates inside that window, the data delivered
// by answering ConvertSelection(XdndSelection, text/uri-list) into the
// property the target names on its own window, and XdndFinished at the end.
//
// Not implemented, because test targets do not need them: XdndProxy,
// INCR transfers (payloads over ~256 KiB), moving the pointer, actions other
// than XdndActionCopy.
package xdnd

import (
	"errors"
	"fmt"
	"time"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

var (
	// ErrNotAware means the target window has no XdndAware property (or an
	// XDND version this source cannot drive); it would ignore a drop.
	ErrNotAware = errors.New("window does not accept xdnd drops")
	// ErrRejected means the target refused the drag (XdndStatus without the
	// accept bit) or reported a failed drop in XdndFinished.
	ErrRejected = errors.New("drop rejected by target")
	// ErrTimeout means the X server or the target did not answer in time.
	ErrTimeout = errors.New("timed out")
)

// Drop drags uris (file:// URIs, see FileURI) from a hidden source window onto
// the top-level window named title (found via _NET_WM_NAME/WM_NAME by walking
// the tree from the root) at (x, y) relative to that window, speaking XDND v5:
// XdndAware check (and version), own the XdndSelection, XdndEnter (with
// text/uri-list, more-than-3-types flag when needed via XdndTypeList),
// XdndPosition (root coords, XdndActionCopy), wait for XdndStatus (accept),
// XdndDrop, answer the SelectionRequest for XdndSelection with "text/uri-list"
// data ("file:///a.png\r\n…"), wait for XdndFinished, with a timeout on every
// wait. It returns only after the target sent XdndFinished, so the target has
// read the data by then (its drop handler may still be running).
func Drop(display string, title string, x, y int, uris []string, timeout time.Duration) error {
	return dropWith(request{display: display, title: title, x: x, y: y, uris: uris, timeout: timeout})
}

// request is everything one drop needs. extraTypes lets tests offer more than
// three types, which forces the XdndTypeList path; Drop offers only text/uri-list.
type request struct {
	display    string
	title      string
	x, y       int
	uris       []string
	timeout    time.Duration
	extraTypes []string
}

func dropWith(req request) error {
	payload, err := uriList(req.uris)
	if err != nil {
		return fmt.Errorf("drop on %q: %w", req.title, err)
	}
	if req.timeout <= 0 {
		return fmt.Errorf("drop on %q: timeout must be positive, got %v", req.title, req.timeout)
	}
	conn, err := xconn.Dial(req.display)
	if err != nil {
		return fmt.Errorf("drop on %q: open display %q: %w", req.title, req.display, err)
	}
	s := newSession(conn, payload, req.timeout)
	defer s.close()
	if err := s.prepare(req); err != nil {
		return fmt.Errorf("drop on %q: %w", req.title, err)
	}
	if err := s.drag(); err != nil {
		return fmt.Errorf("drop on %q: %w", req.title, err)
	}
	return nil
}

// prepare finds and checks the target, then creates the source window and
// takes the XdndSelection, so that nothing is sent to a target we cannot drive.
func (s *session) prepare(req request) error {
	if err := s.internAtoms(req.extraTypes); err != nil {
		return err
	}
	if limit := s.maxPayload(); len(s.payload) > limit {
		return fmt.Errorf("uri list is %d bytes, more than %d needs INCR, which is not implemented", len(s.payload), limit)
	}
	target, err := findWindow(s.conn, s.root, req.title, s.atoms.nameAtoms)
	if err != nil {
		return err
	}
	s.target = target
	if s.version, err = s.awareVersion(); err != nil {
		return err
	}
	if s.rootX, s.rootY, err = s.rootPoint(req.x, req.y); err != nil {
		return err
	}
	if err := s.createSource(); err != nil {
		return err
	}
	return s.ownSelection()
}

// drag runs the message exchange: Enter, Position, Status, Drop, Finished,
// answering the target's SelectionRequest in between.
func (s *session) drag() error {
	a := s.atoms
	if err := s.send("XdndEnter", a.enter, enterData(s.src, s.version, s.types)); err != nil {
		return err
	}
	if err := s.send("XdndPosition", a.position, positionData(s.src, s.rootX, s.rootY, s.time, a.actionCopy)); err != nil {
		return err
	}
	st, err := s.waitStatus()
	if err != nil {
		return err
	}
	if !st.accepted {
		_ = s.send("XdndLeave", a.leave, leaveData(s.src)) // be polite; the error below is what matters
		return fmt.Errorf("xdnd status: %w (target does not take text/uri-list here)", ErrRejected)
	}
	if err := s.send("XdndDrop", a.drop, dropData(s.src, s.time)); err != nil {
		return err
	}
	fin, err := s.waitFinished()
	if err != nil {
		return err
	}
	if !fin.succeeded {
		return fmt.Errorf("xdnd finished: %w (data requested: %t)", ErrRejected, s.requested)
	}
	return nil
}
