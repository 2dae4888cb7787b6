package clipboard

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"

	"github.com/jezek/xgb/xproto"
)

// answer serves one SelectionRequest: the list of targets, the time the
// selection was taken, or the content in an offered target. Anything else
// is refused (property None), as ICCCM asks.
func (o *owner) answer(r xproto.SelectionRequestEvent) {
	prop := r.Property
	if prop == xproto.AtomNone {
		prop = r.Target // obsolete clients: the target names the property
	}
	ok := false
	switch {
	case r.Selection != o.atoms.clipboard:
	case r.Target == o.atoms.targets:
		list := append([]xproto.Atom{o.atoms.targets, o.atoms.timestamp}, o.offers...)
		ok = o.put(r.Requestor, prop, xproto.AtomAtom, 32, atomBytes(list))
	case r.Target == o.atoms.timestamp:
		ok = o.put(r.Requestor, prop, xproto.AtomInteger, 32, atomBytes([]xproto.Atom{xproto.Atom(o.time)}))
	case slices.Contains(o.offers, r.Target):
		ok = o.send(r.Requestor, prop, r.Target, o.encode(r.Target))
	}
	if !ok {
		prop = xproto.AtomNone
	}
	o.notify(r, prop)
}

// encode is the content as target wants it: STRING is Latin-1 (characters
// outside it become "?"), TEXT is answered as UTF8_STRING's bytes.
func (o *owner) encode(target xproto.Atom) []byte {
	if target != xproto.AtomString {
		return o.data
	}
	out := make([]byte, 0, len(o.data))
	for s := string(o.data); s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return out
}

// typeOf is the property type written for target: TEXT is answered as
// UTF8_STRING (the owner chooses the encoding of TEXT).
func (o *owner) typeOf(target xproto.Atom) xproto.Atom {
	if target == o.atoms.text {
		return o.atoms.utf8
	}
	return target
}

// send writes data to the requestor's property, in one piece or — when it
// is larger than a request may be — as an INCR transfer that continues each
// time the requestor deletes the property.
func (o *owner) send(win xproto.Window, prop, target xproto.Atom, data []byte) bool {
	if len(data) <= o.chunk {
		return o.put(win, prop, o.typeOf(target), 8, data)
	}
	// Watch the requestor's property deletions, then announce the size.
	if xproto.ChangeWindowAttributesChecked(o.conn, win, xproto.CwEventMask,
		[]uint32{xproto.EventMaskPropertyChange}).Check() != nil {
		return false
	}
	size := make([]byte, 4)
	binary.LittleEndian.PutUint32(size, uint32(len(data)))
	o.incr[incrKey{win, prop}] = &incrTransfer{target: o.typeOf(target), rest: data}
	return o.put(win, prop, o.atoms.incr, 32, size)
}

// continueIncr sends the next chunk of an INCR transfer once the requestor
// has deleted (read) the previous one; a zero-length chunk ends it.
func (o *owner) continueIncr(e xproto.PropertyNotifyEvent) {
	k := incrKey{e.Window, e.Atom}
	tr, ok := o.incr[k]
	if !ok || e.State != xproto.PropertyDelete {
		return
	}
	if tr.done {
		delete(o.incr, k)
		xproto.ChangeWindowAttributes(o.conn, e.Window, xproto.CwEventMask, []uint32{xproto.EventMaskNoEvent})
		return
	}
	n := min(o.chunk, len(tr.rest))
	chunk := tr.rest[:n]
	tr.rest = tr.rest[n:]
	tr.done = n == 0
	if !o.put(e.Window, e.Atom, tr.target, 8, chunk) {
		delete(o.incr, k) // the requestor went away
	}
}

// put replaces a property of win.
func (o *owner) put(win xproto.Window, prop, typ xproto.Atom, format byte, data []byte) bool {
	units := len(data) / int(format/8)
	return xproto.ChangePropertyChecked(o.conn, xproto.PropModeReplace, win, prop, typ, format,
		uint32(units), data).Check() == nil
}

// notify tells the requestor the answer is ready (or refused, prop None).
func (o *owner) notify(r xproto.SelectionRequestEvent, prop xproto.Atom) {
	ev := xproto.SelectionNotifyEvent{Time: r.Time, Requestor: r.Requestor, Selection: r.Selection,
		Target: r.Target, Property: prop}
	xproto.SendEvent(o.conn, false, r.Requestor, xproto.EventMaskNoEvent, string(ev.Bytes()))
}

// atomBytes encodes 32-bit values in the client's byte order (xgb speaks
// little-endian to the server).
func atomBytes(list []xproto.Atom) []byte {
	b := make([]byte, 4*len(list))
	for i, a := range list {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(a))
	}
	return b
}
