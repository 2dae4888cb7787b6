package annotate

import (
	"image"
	"slices"
	"testing"
)

func kinds(d *Document) []Kind {
	var out []Kind
	for _, s := range d.Shapes() {
		out = append(out, s.Kind)
	}
	return out
}

func TestStepNumbers(t *testing.T) {
	d := NewDocument("s.png", 100, 100)
	step := func() Shape { return Shape{Kind: Step, Width: 4, Points: pts(10, 10)} }
	var ids []int
	for range 3 {
		ids = append(ids, d.Add(step()))
	}
	numbers := func() []int {
		var n []int
		for _, s := range d.Shapes() {
			n = append(n, s.Number)
		}
		return n
	}
	if got := numbers(); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("steps %v, want 1 2 3", got)
	}
	d.Delete(ids[1])
	if got := d.NextStep(); got != 4 {
		t.Errorf("after deleting 2 of 1 2 3, next step %d, want 4", got)
	}
	d.Undo()
	d.Delete(ids[2])
	if got := d.NextStep(); got != 3 {
		t.Errorf("after deleting 3, next step %d, want 3", got)
	}
	d.Undo() // the delete
	d.Undo() // adding 3
	d.Undo() // adding 2
	if got := d.NextStep(); got != 2 {
		t.Errorf("after undoing steps 3 and 2, next step %d, want 2", got)
	}
}

func TestGestureIsOneOperation(t *testing.T) {
	d := NewDocument("s.png", 100, 100)
	calls := 0
	d.OnChange(func() { calls++ })
	id := d.Add(Shape{Kind: Rect, Width: 2, Points: pts(10, 10, 20, 20)})
	d.Begin()
	for range 5 {
		d.Move(id, 1, 1)
	}
	if calls != 1 {
		t.Errorf("%d change notices during the gesture, want only the add's", calls)
	}
	d.End()
	if calls != 2 {
		t.Errorf("%d change notices after the gesture, want 2", calls)
	}
	if s, _ := d.Shape(id); s.Points[0] != Pt(15, 15) {
		t.Errorf("moved to %v", s.Points[0])
	}
	d.Undo()
	if s, _ := d.Shape(id); s.Points[0] != Pt(10, 10) {
		t.Errorf("undo left the rectangle at %v, want where it was before the drag", s.Points[0])
	}
	d.Begin()
	d.End()
	d.Begin()
	d.Move(id, 3, 0)
	d.Cancel()
	if s, _ := d.Shape(id); s.Points[0] != Pt(10, 10) {
		t.Errorf("cancel left the rectangle at %v", s.Points[0])
	}
	if !d.Undo() || d.Undo() {
		t.Error("an empty or cancelled gesture was recorded")
	}
}

func TestUndoClosesGesture(t *testing.T) {
	d := NewDocument("s.png", 100, 100)
	d.Begin()
	id := d.Add(Shape{Kind: Pen, Width: 2, Points: pts(1, 1)})
	d.AppendPoint(id, Pt(5, 5))
	if !d.CanUndo() {
		t.Error("a gesture in progress can not be undone")
	}
	d.Undo()
	if d.InGesture() || len(d.Shapes()) != 0 {
		t.Errorf("undo during a stroke: gesture open %v, shapes %v", d.InGesture(), d.Shapes())
	}
	d.Redo()
	if s := d.Shapes(); len(s) != 1 || len(s[0].Points) != 2 {
		t.Errorf("redo gave %v", s)
	}
}

// TestStrokesShareNoPoints: extending a stroke after undo does not change
// the points of the value redo or undo would bring back.
func TestStrokesShareNoPoints(t *testing.T) {
	d := NewDocument("s.png", 100, 100)
	id := d.Add(Shape{Kind: Pen, Width: 2, Points: pts(1, 1)})
	for i := range 3 { // each outside a gesture: an operation each
		d.AppendPoint(id, Pt(float64(10+i), 10))
	}
	d.Undo()
	d.Begin()
	d.AppendPoint(id, Pt(90, 90))
	d.AppendPoint(id, Pt(91, 91))
	d.End()
	d.Undo()
	s, _ := d.Shape(id)
	if want := pts(1, 1, 10, 10, 11, 10); !slices.Equal(s.Points, want) {
		t.Errorf("after undo the stroke is %v, want %v", s.Points, want)
	}
	d.Redo()
	s, _ = d.Shape(id)
	if want := pts(1, 1, 10, 10, 11, 10, 90, 90, 91, 91); !slices.Equal(s.Points, want) {
		t.Errorf("after redo the stroke is %v, want %v", s.Points, want)
	}
}

func TestEditedAndCrop(t *testing.T) {
	d := NewDocument("s.png", 100, 80)
	if d.Edited() || d.Crop() != image.Rect(0, 0, 100, 80) {
		t.Fatalf("new document: edited %v, crop %v", d.Edited(), d.Crop())
	}
	d.SetCrop(image.Rect(-10, 10, 50, 200))
	if !d.Edited() || d.Crop() != image.Rect(0, 10, 50, 80) {
		t.Errorf("crop %v, want clipped to the image", d.Crop())
	}
	d.Undo()
	if d.Edited() {
		t.Error("undoing the only change leaves the document edited")
	}
}

func TestResizeHandles(t *testing.T) {
	box := Shape{Kind: Rect, Width: 2, Points: pts(10, 10, 50, 40)}
	tests := []struct {
		name string
		s    Shape
		h    int
		to   Point
		want []Point
	}{
		{"box bottom-right", box, 2, Pt(60, 70), pts(10, 10, 60, 70)},
		{"box top-left past the other corner", box, 0, Pt(70, 50), pts(50, 40, 70, 50)},
		{"box top-right", box, 1, Pt(80, 0), pts(10, 40, 80, 0)},
		{"arrow head", Shape{Kind: Arrow, Points: pts(0, 0, 10, 10)}, 1, Pt(30, 5), pts(0, 0, 30, 5)},
		{"stroke scales", Shape{Kind: Pen, Points: pts(0, 0, 10, 5, 20, 10)}, 2, Pt(40, 20), pts(0, 0, 20, 10, 40, 20)},
		{"no such handle", box, 7, Pt(1, 1), box.Points},
	}
	for _, tt := range tests {
		if got := tt.s.Resized(tt.h, tt.to).Points; !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if h := (Shape{Kind: Text, Points: pts(1, 1)}).Handles(); h != nil {
		t.Errorf("text has handles %v", h)
	}
}

func TestAddRejectsUnknownKind(t *testing.T) {
	d := NewDocument("s.png", 10, 10)
	if id := d.Add(Shape{Kind: "crop"}); id != 0 || d.Edited() {
		t.Errorf("Add of an unknown kind gave id %d", id)
	}
	id := d.Add(Shape{Kind: Line, Width: 1000, Points: pts(1, 1, 2, 2)})
	if s, _ := d.Shape(id); s.Width != MaxWidth {
		t.Errorf("width %v, want clamped to %v", s.Width, MaxWidth)
	}
	s, _ := d.Shape(id)
	s.Kind = Rect
	d.Replace(s)
	if got := kinds(d); !slices.Equal(got, []Kind{Line}) {
		t.Errorf("Replace changed the kind: %v", got)
	}
}

func TestUndoLimit(t *testing.T) {
	d := NewDocument("s.png", 10, 10)
	for range maxUndo + 20 {
		d.Add(Shape{Kind: Step, Points: pts(1, 1)})
	}
	n := 0
	for d.Undo() {
		n++
	}
	if n != maxUndo || len(d.Shapes()) != 20 {
		t.Errorf("undid %d of %d operations, %d shapes left", n, maxUndo+20, len(d.Shapes()))
	}
}

func TestTextCaret(t *testing.T) {
	r := newTestRenderer(t)
	s := Shape{Kind: Text, Width: 4, Text: "ab\nlonger line", Points: pts(10, 20)}
	x, top, bottom := r.TextCaret(s)
	lh := r.LineHeight(4)
	if top != 20+lh || bottom != 20+2*lh {
		t.Errorf("caret rows %v–%v, want the second line %v–%v", top, bottom, 20+lh, 20+2*lh)
	}
	b := r.Bounds(s)
	if x < float64(b.Max.X)-3 || x > float64(b.Max.X)+3 {
		t.Errorf("caret x %v, text ends at %d", x, b.Max.X)
	}
	if x, _, _ := r.TextCaret(Shape{Kind: Text, Width: 4, Points: pts(10, 20)}); x != 10 {
		t.Errorf("caret of empty text at x %v, want 10", x)
	}
}
