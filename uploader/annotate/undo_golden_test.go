package annotate

import (
	"image"
	"testing"
)

// baseShapes is the scene every undo/redo case starts from.
func baseShapes() []Shape {
	return []Shape{
		{Kind: Rect, Color: 1, Width: 4, Points: pts(30, 30, 110, 90)},
		{Kind: Arrow, Color: 5, Width: 4, Points: pts(170, 120, 120, 70)},
		{Kind: Text, Color: 7, Width: 3, Text: "note", Points: pts(130, 30)},
		{Kind: Redact, Width: 4, Points: pts(40, 100, 100, 130)},
	}
}

// TestGoldenUndoRedo applies each operation to the base scene, checks the
// result against its golden file, then checks that undo brings back the
// base picture and redo the operation's, both in the live scene (redrawn
// incrementally) and drawn from scratch.
func TestGoldenUndoRedo(t *testing.T) {
	ops := []struct {
		name string
		op   func(d *Document)
	}{
		{"add", func(d *Document) { d.Add(Shape{Kind: Ellipse, Color: 4, Width: 4, Points: pts(140, 80, 190, 130)}) }},
		{"add_step", func(d *Document) { d.Add(Shape{Kind: Step, Color: 1, Width: 4, Points: pts(20, 20)}) }},
		{"move", func(d *Document) { d.Move(1, 40, 10) }},
		{"move_redaction", func(d *Document) { d.Move(4, 80, -60) }},
		{"resize", func(d *Document) { d.Resize(1, 2, Pt(70, 60)) }},
		{"resize_arrow", func(d *Document) { d.Resize(2, 1, Pt(150, 20)) }},
		{"delete", func(d *Document) { d.Delete(2) }},
		{"delete_redaction", func(d *Document) { d.Delete(4) }},
		{"recolor", func(d *Document) { d.Recolor(1, 4) }},
		{"width", func(d *Document) { d.SetWidth(2, 10) }},
		{"text_edit", func(d *Document) { d.SetText(3, "edited\ntext") }},
		{"crop", func(d *Document) { d.SetCrop(image.Rect(20, 20, 180, 120)) }},
		{"gesture", func(d *Document) { // a drag: many moves, one operation
			d.Begin()
			for range 10 {
				d.Move(2, -3, 2)
			}
			d.End()
		}},
		{"freehand", func(d *Document) {
			d.Begin()
			id := d.Add(Shape{Kind: Pen, Color: 6, Width: 3, Points: pts(20, 120)})
			for _, p := range wave(30, 20, 110, 160, 12)[1:] {
				d.AppendPoint(id, p)
			}
			d.End()
		}},
	}
	r := newTestRenderer(t)
	bg := screenshot(goldenW, goldenH)
	before := render(t, newGoldenDoc(baseShapes()...))
	assertGolden(t, "undo_base", before)
	for _, tt := range ops {
		t.Run(tt.name, func(t *testing.T) {
			d := newGoldenDoc(baseShapes()...)
			live := NewScene(d, bg, r)
			n := len(d.undo)
			tt.op(d)
			if got := len(d.undo) - n; got != 1 {
				t.Errorf("the operation recorded %d undo steps, want 1", got)
			}
			after := live.Export()
			assertGolden(t, "op_"+tt.name, after)
			if diff := pixelDiff(render(t, d), after); diff != "" {
				t.Errorf("after the operation, the live scene and a fresh render differ: %s", diff)
			}
			if !d.Undo() {
				t.Fatal("nothing to undo")
			}
			if diff := pixelDiff(before, live.Export()); diff != "" {
				t.Errorf("undo: %s", diff)
			}
			if diff := pixelDiff(before, render(t, d)); diff != "" {
				t.Errorf("undo, drawn from scratch: %s", diff)
			}
			if !d.Redo() {
				t.Fatal("nothing to redo")
			}
			if diff := pixelDiff(after, live.Export()); diff != "" {
				t.Errorf("redo: %s", diff)
			}
		})
	}
}
