package xdnd

import (
	"fmt"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// xEvent is one item from the connection: an event or an asynchronous X error.
type xEvent struct {
	ev  xgb.Event
	err xgb.Error
}

// pumpEvents moves events from the connection to a channel so waits can
// select on a timer too. It ends when the connection closes (WaitForEvent then
// returns nil, nil) or done is closed.
func pumpEvents(conn *xgb.Conn, done <-chan struct{}) <-chan xEvent {
	out := make(chan xEvent)
	go func() {
		defer close(out)
		for {
			ev, err := conn.WaitForEvent()
			if ev == nil && err == nil {
				return
			}
			select {
			case out <- xEvent{ev: ev, err: err}:
			case <-done:
				return
			}
		}
	}()
	return out
}

// waitFor feeds events to match until it reports done, an error occurs, or
// the session timeout passes. Whatever is being waited for, selection requests
// are answered meanwhile: the target may ask for the data at any point after
// XdndDrop, and it sends XdndFinished only once it has it.
func (s *session) waitFor(stage string, match func(xgb.Event) (bool, error)) error {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				return fmt.Errorf("%s: connection to the x server closed", stage)
			}
			if e.err != nil {
				return fmt.Errorf("%s: x error: %s", stage, e.err.Error())
			}
			done, err := s.dispatch(e.ev, match)
			if done || err != nil {
				return err
			}
		case <-timer.C:
			return fmt.Errorf("%s: no answer within %v: %w", stage, s.timeout, ErrTimeout)
		}
	}
}

func (s *session) dispatch(ev xgb.Event, match func(xgb.Event) (bool, error)) (bool, error) {
	switch ev := ev.(type) {
	case xproto.SelectionRequestEvent:
		return false, s.answer(ev)
	case xproto.SelectionClearEvent:
		if ev.Selection == s.atoms.selection {
			return false, fmt.Errorf("lost XdndSelection to another client")
		}
	}
	return match(ev)
}

// clientData returns the data of an XDND message of type typ sent by our
// target, or nil for any other event.
func (s *session) clientData(ev xgb.Event, typ xproto.Atom) []uint32 {
	cm, ok := ev.(xproto.ClientMessageEvent)
	if !ok || cm.Type != typ || cm.Format != 32 || xproto.Window(cm.Data.Data32[0]) != s.target {
		return nil
	}
	return cm.Data.Data32
}

func (s *session) waitStatus() (statusReply, error) {
	var st statusReply
	err := s.waitFor("wait for XdndStatus", func(ev xgb.Event) (bool, error) {
		d := s.clientData(ev, s.atoms.status)
		if d != nil {
			st = parseStatus(d)
		}
		return d != nil, nil
	})
	return st, err
}

func (s *session) waitFinished() (finishedReply, error) {
	var fin finishedReply
	err := s.waitFor("wait for XdndFinished", func(ev xgb.Event) (bool, error) {
		d := s.clientData(ev, s.atoms.finished)
		if d != nil {
			fin = parseFinished(d, s.version)
		}
		return d != nil, nil
	})
	return fin, err
}

// answer serves a ConvertSelection: text/uri-list gets the payload, TARGETS
// the list of types, anything else is refused with property None (ICCCM).
// The data goes into the property the requestor named on its own window;
// GLFW names XdndSelection there and reads it back when notified.
func (s *session) answer(req xproto.SelectionRequestEvent) error {
	prop := req.Property
	if prop == xproto.AtomNone {
		prop = req.Target // ICCCM: obsolete requestors leave the property to us
	}
	var err error
	switch {
	case req.Selection != s.atoms.selection:
		prop = xproto.AtomNone
	case req.Target == s.atoms.uriList:
		s.requested = true
		err = xproto.ChangePropertyChecked(s.conn, xproto.PropModeReplace, req.Requestor, prop,
			s.atoms.uriList, 8, uint32(len(s.payload)), s.payload).Check()
	case req.Target == s.atoms.targets:
		list := atomList([]xproto.Atom{s.atoms.targets, s.atoms.uriList})
		err = xproto.ChangePropertyChecked(s.conn, xproto.PropModeReplace, req.Requestor, prop,
			xproto.AtomAtom, 32, 2, list).Check()
	default:
		prop = xproto.AtomNone
	}
	if err != nil {
		return fmt.Errorf("answer selection request: write property on window %d: %w", req.Requestor, err)
	}
	notify := xproto.SelectionNotifyEvent{
		Time: req.Time, Requestor: req.Requestor, Selection: req.Selection, Target: req.Target, Property: prop,
	}
	err = xproto.SendEventChecked(s.conn, false, req.Requestor, xproto.EventMaskNoEvent, string(notify.Bytes())).Check()
	if err != nil {
		return fmt.Errorf("answer selection request: notify window %d: %w", req.Requestor, err)
	}
	return nil
}
