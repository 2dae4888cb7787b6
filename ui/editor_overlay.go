package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// Overlay colours sit on an arbitrary picture, so they are fixed: a light
// line with a dark halo shows on any pixels. None of this is exported.
var (
	overlayLine  = color.NRGBA{0x4d, 0xa3, 0xff, 0xff}
	overlayHalo  = color.NRGBA{0, 0, 0, 0x99}
	overlayVeil  = color.NRGBA{0, 0, 0, 0x8c}
	overlayFill  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	handleSize   = float32(9)
	selectionPad = float32(4)
)

// editorOverlay draws what the editor shows but does not export: the
// selection with its handles, the caret of the text being typed, and,
// with the crop tool, the veil outside the crop.
type editorOverlay struct {
	v       *editorView
	veil    [4]*canvas.Rectangle
	crop    [2]*canvas.Rectangle // halo, line
	sel     [2]*canvas.Rectangle
	handles [4]*canvas.Rectangle
	caret   [2]*canvas.Rectangle
	all     []fyne.CanvasObject
}

func newEditorOverlay(v *editorView) *editorOverlay {
	o := &editorOverlay{v: v}
	for i := range o.veil {
		o.veil[i] = canvas.NewRectangle(overlayVeil)
		o.all = append(o.all, o.veil[i])
	}
	o.crop = outlinePair()
	o.sel = outlinePair()
	o.all = append(o.all, o.crop[0], o.crop[1], o.sel[0], o.sel[1])
	for i := range o.handles {
		h := canvas.NewRectangle(overlayFill)
		h.StrokeColor, h.StrokeWidth = overlayLine, 2
		o.handles[i] = h
		o.all = append(o.all, h)
	}
	o.caret = [2]*canvas.Rectangle{canvas.NewRectangle(overlayHalo), canvas.NewRectangle(overlayLine)}
	o.all = append(o.all, o.caret[0], o.caret[1])
	for _, obj := range o.all {
		obj.Hide()
	}
	return o
}

// outlinePair is a light outline inside a dark one.
func outlinePair() [2]*canvas.Rectangle {
	halo := canvas.NewRectangle(color.Transparent)
	halo.StrokeColor, halo.StrokeWidth = overlayHalo, 3
	line := canvas.NewRectangle(color.Transparent)
	line.StrokeColor, line.StrokeWidth = overlayLine, 1.5
	return [2]*canvas.Rectangle{halo, line}
}

func (o *editorOverlay) objects() []fyne.CanvasObject { return o.all }

// layout places the overlays for the editor's current state.
func (o *editorOverlay) layout() {
	e := o.v.e
	o.layoutCrop(e.tool == ToolCrop && e.doc.Cropped())
	s, selected := e.doc.Shape(e.selected)
	o.layoutSelection(s, selected && e.text == nil)
	t, typing := annotate.Shape{}, false
	if e.text != nil {
		t, typing = e.doc.Shape(e.text.id)
	}
	o.layoutCaret(t, typing)
}

// rectUnits is an image rectangle on the view, in Fyne units.
func (o *editorOverlay) rectUnits(r image.Rectangle) (fyne.Position, fyne.Size) {
	a := o.v.toUnits(annotate.Point{X: float64(r.Min.X), Y: float64(r.Min.Y)})
	b := o.v.toUnits(annotate.Point{X: float64(r.Max.X), Y: float64(r.Max.Y)})
	return a, fyne.NewSize(b.X-a.X, b.Y-a.Y)
}

func place(obj fyne.CanvasObject, pos fyne.Position, size fyne.Size, on bool) {
	if !on {
		obj.Hide()
		return
	}
	obj.Move(pos)
	obj.Resize(size)
	obj.Show()
	canvas.Refresh(obj)
}

// layoutCrop veils what the crop leaves out, and outlines the crop.
func (o *editorOverlay) layoutCrop(on bool) {
	pos, size := o.rectUnits(o.v.e.doc.Crop())
	full := o.v.Size()
	right, bottom := pos.X+size.Width, pos.Y+size.Height
	parts := [4][4]float32{
		{0, 0, full.Width, pos.Y},
		{0, bottom, full.Width, full.Height - bottom},
		{0, pos.Y, pos.X, size.Height},
		{right, pos.Y, full.Width - right, size.Height},
	}
	for i, p := range parts {
		place(o.veil[i], fyne.NewPos(p[0], p[1]), fyne.NewSize(max(p[2], 0), max(p[3], 0)), on)
	}
	for _, r := range o.crop {
		place(r, pos, size, on)
	}
}

// layoutSelection outlines the selected shape and shows its handles.
func (o *editorOverlay) layoutSelection(s annotate.Shape, on bool) {
	var pos fyne.Position
	var size fyne.Size
	if on {
		pos, size = o.rectUnits(o.v.e.scene.BoundsOf(s))
		pos = pos.SubtractXY(selectionPad, selectionPad)
		size = size.AddWidthHeight(2*selectionPad, 2*selectionPad)
	}
	for _, r := range o.sel {
		place(r, pos, size, on)
	}
	hs := s.Handles()
	for i, h := range o.handles {
		show := on && i < len(hs)
		var at fyne.Position
		if show {
			at = o.v.toUnits(hs[i]).SubtractXY(handleSize/2, handleSize/2)
		}
		place(h, at, fyne.NewSquareSize(handleSize), show)
	}
}

// layoutCaret puts a caret after the end of the text being typed.
func (o *editorOverlay) layoutCaret(s annotate.Shape, on bool) {
	var pos fyne.Position
	var h float32
	if on {
		x, top, bottom := o.v.e.scene.Renderer().TextCaret(s)
		pos = o.v.toUnits(annotate.Point{X: x + 1, Y: top})
		h = o.v.toUnits(annotate.Point{X: x, Y: bottom}).Y - pos.Y
	}
	place(o.caret[0], pos.SubtractXY(1, 1), fyne.NewSize(4, h+2), on)
	place(o.caret[1], pos, fyne.NewSize(2, h), on)
}
