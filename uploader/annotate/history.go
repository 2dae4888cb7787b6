package annotate

import "slices"

// Begin opens a gesture: the changes until End are one operation for
// undo, and the saver hears of them once, at End. Changes inside a gesture
// still show at once (Shapes, the scene). Begin inside a gesture does
// nothing.
func (d *Document) Begin() {
	if d.gesture != nil {
		return
	}
	st := d.cur
	d.gesture = &st
}

// InGesture reports whether a gesture is open.
func (d *Document) InGesture() bool { return d.gesture != nil }

// End closes the gesture, recording it as one operation if it changed
// anything.
func (d *Document) End() {
	if d.gesture == nil {
		return
	}
	changed := d.gestureChanged()
	before := *d.gesture
	d.gesture = nil
	d.clipGrown()
	if changed {
		d.push(before)
		d.committed()
	}
}

// Cancel closes the gesture and reverts what it changed.
func (d *Document) Cancel() {
	if d.gesture == nil {
		return
	}
	d.cur = *d.gesture
	d.gesture = nil
	d.growing = 0
}

// clipGrown gives the stroke AppendPoint grew during the gesture a clipped
// slice, so that later appends copy it.
func (d *Document) clipGrown() {
	for i, s := range d.cur.shapes {
		if s.rev == d.growing && d.growing != 0 {
			d.cur.shapes[i].Points = slices.Clip(s.Points)
		}
	}
	d.growing = 0
}

// gestureChanged reports whether the open gesture changed the document.
func (d *Document) gestureChanged() bool {
	return d.gesture != nil && !sameState(*d.gesture, d.cur)
}

// sameState compares two states by their shapes' revisions: a revision is
// given to one value only.
func sameState(a, b state) bool {
	return a.crop == b.crop && slices.EqualFunc(a.shapes, b.shapes, func(x, y Shape) bool {
		return x.rev == y.rev
	})
}

// AppendPoint extends the freehand stroke id (a Pen or Marker being drawn)
// to p. It is meant for gestures: outside one each point would be an
// operation of its own.
func (d *Document) AppendPoint(id int, p Point) bool {
	i := d.index(id)
	if i < 0 {
		return false
	}
	s := d.cur.shapes[i]
	p = p.Snap()
	if n := len(s.Points); n > 0 && s.Points[n-1] == p {
		return true
	}
	// Only the value this gesture's last AppendPoint made may grow in
	// place: any other may be shared with an undo state.
	if d.gesture == nil || s.rev != d.growing {
		s.Points = append(make([]Point, 0, 2*len(s.Points)+16), s.Points...)
	}
	s.Points = append(s.Points, p)
	d.rev++
	s.rev = d.rev
	if d.gesture != nil {
		d.growing = s.rev
	}
	d.change(func(st *state) { st.shapes[i] = s })
	return true
}

// Undo reverts the last operation (closing an open gesture first). It
// reports whether there was one.
func (d *Document) Undo() bool {
	d.End()
	if len(d.undo) == 0 {
		return false
	}
	d.redo = append(d.redo, d.cur)
	d.cur = d.undo[len(d.undo)-1]
	d.undo = d.undo[:len(d.undo)-1]
	d.committed()
	return true
}

// Redo repeats the last undone operation. It reports whether there was one.
func (d *Document) Redo() bool {
	d.End()
	if len(d.redo) == 0 {
		return false
	}
	d.undo = append(d.undo, d.cur)
	d.cur = d.redo[len(d.redo)-1]
	d.redo = d.redo[:len(d.redo)-1]
	d.committed()
	return true
}
