package annotate

import (
	"image"
	"slices"
)

// Document is an image being annotated: the source image's path and size,
// the shapes drawn on it in drawing order, and the crop. Every change is an
// operation that Undo reverts and Redo repeats; a gesture (a drag, a text
// being typed) groups its changes into one operation.
//
// A Document is not safe for concurrent use: the editor uses it on the UI
// thread. Saved copies go out through the Saver as bytes.
type Document struct {
	source string
	size   image.Point

	cur        state
	undo, redo []state
	gesture    *state // the state before the open gesture, nil when none
	nextID     int
	rev        uint64 // last revision handed to a shape value
	growing    uint64 // revision of the stroke AppendPoint grows in place, 0 = none

	saver   *Autosaver // gets the encoded document after each change (may be nil)
	changed func()     // called after each committed change (may be nil)
}

// state is what an operation changes and what undo restores.
type state struct {
	shapes []Shape
	crop   image.Rectangle // empty: no crop
}

// maxUndo bounds the history; older operations can no longer be undone.
const maxUndo = 500

// NewDocument starts an empty document on the image at source, of size
// w×h pixels.
func NewDocument(source string, w, h int) *Document {
	return &Document{source: source, size: image.Pt(w, h), nextID: 1}
}

// Source is the path of the image being annotated.
func (d *Document) Source() string { return d.source }

// Size is the source image's size in pixels.
func (d *Document) Size() image.Point { return d.size }

// Bounds is the source image's rectangle, at the origin.
func (d *Document) Bounds() image.Rectangle { return image.Rectangle{Max: d.size} }

// Shapes returns the shapes in drawing order. The slice is the caller's;
// the shapes' Points must not be changed.
func (d *Document) Shapes() []Shape { return slices.Clone(d.cur.shapes) }

// Shape returns the shape with the given id.
func (d *Document) Shape(id int) (Shape, bool) {
	if i := d.index(id); i >= 0 {
		return d.cur.shapes[i], true
	}
	return Shape{}, false
}

// Crop is the exported part of the image; the whole image when there is no
// crop.
func (d *Document) Crop() image.Rectangle {
	if d.cur.crop.Empty() {
		return d.Bounds()
	}
	return d.cur.crop
}

// Cropped reports whether a crop is set.
func (d *Document) Cropped() bool { return !d.cur.crop.Empty() }

// Edited reports whether the document differs from the plain source image.
func (d *Document) Edited() bool { return len(d.cur.shapes) > 0 || !d.cur.crop.Empty() }

// CanUndo and CanRedo report whether Undo and Redo would do anything.
func (d *Document) CanUndo() bool { return len(d.undo) > 0 || d.gestureChanged() }

// CanRedo reports whether Redo would do anything.
func (d *Document) CanRedo() bool { return len(d.redo) > 0 && d.gesture == nil }

// NextStep is the number the next Step shape gets: one more than the
// highest step drawn, so that after 1, 2, 3 comes 4, and after undoing 3
// comes 3 again.
func (d *Document) NextStep() int {
	n := 0
	for _, s := range d.cur.shapes {
		if s.Kind == Step {
			n = max(n, s.Number)
		}
	}
	return n + 1
}

// Add draws s on top of the others and returns its id. A Step without a
// number gets NextStep; the width is clamped.
func (d *Document) Add(s Shape) int {
	if !s.Kind.Valid() {
		return 0
	}
	if s.Kind == Step && s.Number <= 0 {
		s.Number = d.NextStep()
	}
	s.ID = d.nextID
	d.nextID++
	d.change(func(st *state) { st.shapes = append(st.shapes, d.stamp(s)) })
	return s.ID
}

// Replace puts s in place of the shape with its id (a move, a resize, a
// recolour, a text edit). It reports whether that shape exists.
func (d *Document) Replace(s Shape) bool {
	i := d.index(s.ID)
	if i < 0 {
		return false
	}
	s.Kind = d.cur.shapes[i].Kind // a shape does not change what it is
	d.change(func(st *state) { st.shapes[i] = d.stamp(s) })
	return true
}

// Move moves the shape id by (dx, dy) pixels.
func (d *Document) Move(id int, dx, dy float64) bool {
	s, ok := d.Shape(id)
	return ok && d.Replace(s.Moved(dx, dy))
}

// Resize drags handle h of shape id to p (see Shape.Resized).
func (d *Document) Resize(id, h int, p Point) bool {
	s, ok := d.Shape(id)
	return ok && d.Replace(s.Resized(h, p))
}

// Recolor gives shape id palette colour c.
func (d *Document) Recolor(id, c int) bool {
	s, ok := d.Shape(id)
	s.Color = c
	return ok && d.Replace(s)
}

// SetWidth gives shape id stroke width w.
func (d *Document) SetWidth(id int, w float64) bool {
	s, ok := d.Shape(id)
	s.Width = ClampWidth(w)
	return ok && d.Replace(s)
}

// SetText replaces the text of shape id.
func (d *Document) SetText(id int, text string) bool {
	s, ok := d.Shape(id)
	s.Text = text
	return ok && d.Replace(s)
}

// Delete removes shape id.
func (d *Document) Delete(id int) bool {
	i := d.index(id)
	if i < 0 {
		return false
	}
	d.change(func(st *state) { st.shapes = slices.Delete(st.shapes, i, i+1) })
	return true
}

// SetCrop sets the exported rectangle (clipped to the image); an empty one
// removes the crop.
func (d *Document) SetCrop(r image.Rectangle) {
	r = r.Canon().Intersect(d.Bounds())
	if r == d.Bounds() {
		r = image.Rectangle{}
	}
	d.change(func(st *state) { st.crop = r })
}

// index is the position of shape id in drawing order, or -1.
func (d *Document) index(id int) int {
	return slices.IndexFunc(d.cur.shapes, func(s Shape) bool { return s.ID == id })
}

// stamp gives s a fresh revision and private, clipped Points.
func (d *Document) stamp(s Shape) Shape {
	d.rev++
	s.rev = d.rev
	s.Width = ClampWidth(s.Width)
	if s.Color < 1 || s.Color > PaletteSize {
		s.Color = 1
	}
	s.Points = slices.Clip(slices.Clone(s.Points))
	for i := range s.Points {
		s.Points[i] = s.Points[i].Snap()
	}
	return s
}

// change applies f to a copy of the current state and makes that current,
// recording the old state for undo unless a gesture is open (the gesture
// records once, when it ends).
func (d *Document) change(f func(*state)) {
	next := state{shapes: slices.Clone(d.cur.shapes), crop: d.cur.crop}
	f(&next)
	if d.gesture == nil {
		d.push(d.cur)
	}
	d.cur = next
	if d.gesture == nil {
		d.committed()
	}
}

// push records st for undo and forgets what could be redone.
func (d *Document) push(st state) {
	d.undo = append(d.undo, st)
	if len(d.undo) > maxUndo {
		d.undo = slices.Delete(d.undo, 0, len(d.undo)-maxUndo)
	}
	d.redo = nil
}

// committed tells the saver and the listener that an operation is done.
func (d *Document) committed() {
	if d.saver != nil {
		d.saver.Save(d.Encode())
	}
	if d.changed != nil {
		d.changed()
	}
}

// OnChange sets a function called after each committed change (an
// operation, an undo, a redo, the end of a gesture).
func (d *Document) OnChange(f func()) { d.changed = f }
