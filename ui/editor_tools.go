package ui

import (
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// gestureKind is what a press with the current tool started.
type gestureKind int

const (
	gNone     gestureKind = iota // a press that does nothing (it ended a text)
	gDraw                        // a freehand stroke
	gTwoPoint                    // a line, arrow, box, ellipse or redaction
	gStep                        // a step being placed
	gMove                        // the select tool moving a shape
	gResize                      // the select tool dragging a handle
	gCrop                        // a crop being dragged
	gText                        // the text tool: a click places a text
)

// editGesture is a press being dragged, in image pixels.
type editGesture struct {
	kind    gestureKind
	id      int
	handle  int
	start   annotate.Point
	last    annotate.Point
	moved   bool
	applied image.Point // the whole pixels a move has moved the shape so far
}

// textEdit is a text being typed; it is one undo step, open as a gesture.
type textEdit struct {
	id    int
	isNew bool
}

// pickSlack is how near, in screen pixels, a press must be to a shape or a
// handle to grab it.
const pickSlack = 6

// press starts a gesture at p with the current tool.
func (e *Editor) press(p annotate.Point) {
	e.endPress()
	g := &editGesture{start: p, last: p}
	e.g = g
	if e.text != nil { // a click elsewhere ends the text, and does only that
		e.finishText()
		e.sync()
		return
	}
	s := annotate.Shape{Kind: annotate.Kind(e.tool), Color: e.color, Width: e.width, Points: []annotate.Point{p}}
	switch e.tool {
	case ToolSelect:
		e.pressSelect(g, p)
	case ToolPen, ToolMarker:
		g.kind = gDraw
	case ToolLine, ToolArrow, ToolRect, ToolEllipse, ToolRedact:
		g.kind, s.Points = gTwoPoint, []annotate.Point{p, p}
	case ToolStep:
		g.kind = gStep
	case ToolCrop:
		g.kind = gCrop
		e.doc.Begin()
	case ToolText:
		g.kind = gText
	}
	if g.kind == gDraw || g.kind == gTwoPoint || g.kind == gStep {
		e.doc.Begin()
		g.id = e.doc.Add(s)
	}
	e.sync()
}

// pressSelect grabs the selected shape's handle, or the shape under p.
func (e *Editor) pressSelect(g *editGesture, p annotate.Point) {
	tol := pickSlack / e.view.zoom
	if s, ok := e.doc.Shape(e.selected); ok {
		for i, h := range s.Handles() {
			if math.Abs(h.X-p.X) <= tol && math.Abs(h.Y-p.Y) <= tol {
				g.kind, g.id, g.handle = gResize, s.ID, i
				e.doc.Begin()
				return
			}
		}
	}
	if s, ok := e.scene.ShapeAt(p, tol); ok {
		e.selected = s.ID
		g.kind, g.id = gMove, s.ID
		e.doc.Begin()
		return
	}
	e.selected = 0
}

// drag follows the pointer to p.
func (e *Editor) drag(p annotate.Point) {
	g := e.g
	if g == nil {
		return
	}
	g.last, g.moved = p, true
	switch g.kind {
	case gDraw:
		e.doc.AppendPoint(g.id, p)
	case gTwoPoint:
		if s, ok := e.doc.Shape(g.id); ok {
			s.Points = []annotate.Point{g.start, e.constrain(s.Kind, g.start, p)}
			e.doc.Replace(s)
		}
	case gStep:
		if s, ok := e.doc.Shape(g.id); ok {
			s.Points = []annotate.Point{p}
			e.doc.Replace(s)
		}
	case gMove:
		to := image.Pt(int(math.Round(p.X-g.start.X)), int(math.Round(p.Y-g.start.Y)))
		if d := to.Sub(g.applied); d != (image.Point{}) {
			e.doc.Move(g.id, float64(d.X), float64(d.Y))
			g.applied = to
		}
	case gResize:
		e.doc.Resize(g.id, g.handle, p)
	case gCrop:
		e.doc.SetCrop(pixelRect(g.start, p))
	default:
		return
	}
	e.sync()
}

// release ends the gesture at p.
func (e *Editor) release(p annotate.Point) {
	g := e.g
	if g == nil {
		return
	}
	e.g = nil
	switch g.kind {
	case gTwoPoint:
		if math.Max(math.Abs(p.X-g.start.X), math.Abs(p.Y-g.start.Y))*e.view.zoom < 3 {
			e.doc.Cancel() // a click, not a drag: no zero-size box
		} else {
			e.doc.End()
		}
	case gCrop:
		if !g.moved {
			e.doc.SetCrop(image.Rectangle{}) // a click with the crop tool removes the crop
		}
		e.doc.End()
	case gText:
		if !g.moved {
			e.startText(p)
		}
	case gNone:
	default:
		e.doc.End()
	}
	e.sync()
}

// endPress finishes a gesture whose release never came (a key pressed in
// the middle of a drag).
func (e *Editor) endPress() {
	if e.g != nil {
		e.release(e.g.last)
	}
}

// constrain keeps a line or arrow at a multiple of 45° and a box square
// while Shift is held.
func (e *Editor) constrain(k annotate.Kind, from, to annotate.Point) annotate.Point {
	if e.view.modifiers()&fyne.KeyModifierShift == 0 {
		return to
	}
	dx, dy := to.X-from.X, to.Y-from.Y
	if k == annotate.Line || k == annotate.Arrow {
		a := math.Round(math.Atan2(dy, dx)/(math.Pi/4)) * (math.Pi / 4)
		l := math.Hypot(dx, dy)
		return annotate.Pt(from.X+l*math.Cos(a), from.Y+l*math.Sin(a))
	}
	side := math.Max(math.Abs(dx), math.Abs(dy))
	return annotate.Pt(from.X+math.Copysign(side, dx), from.Y+math.Copysign(side, dy))
}

// pixelRect is the rectangle of whole pixels between two points.
func pixelRect(a, b annotate.Point) image.Rectangle {
	return image.Rect(int(math.Round(a.X)), int(math.Round(a.Y)), int(math.Round(b.X)), int(math.Round(b.Y))).Canon()
}

// startText edits the text under p, or starts a new one there.
func (e *Editor) startText(p annotate.Point) {
	if s, ok := e.scene.ShapeAt(p, pickSlack/e.view.zoom); ok && s.Kind == annotate.Text {
		e.doc.Begin()
		e.text = &textEdit{id: s.ID}
		return
	}
	lh := e.scene.Renderer().LineHeight(e.width)
	e.doc.Begin()
	id := e.doc.Add(annotate.Shape{Kind: annotate.Text, Color: e.color, Width: e.width,
		Points: []annotate.Point{annotate.Pt(p.X, p.Y-lh/2)}})
	e.text = &textEdit{id: id, isNew: true}
}

// typeRune adds r to the text being typed.
func (e *Editor) typeRune(r rune) {
	if s, ok := e.doc.Shape(e.text.id); ok && r >= ' ' {
		e.doc.SetText(s.ID, s.Text+string(r))
		e.sync()
	}
}

// textKey handles the keys that edit a text: Backspace, Enter (a new
// line) and Esc (done).
func (e *Editor) textKey(ev *fyne.KeyEvent) {
	s, ok := e.doc.Shape(e.text.id)
	if !ok {
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		e.finishText()
	case fyne.KeyBackspace:
		if r := []rune(s.Text); len(r) > 0 {
			e.doc.SetText(s.ID, string(r[:len(r)-1]))
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		e.doc.SetText(s.ID, s.Text+"\n")
	default:
		return
	}
	e.sync()
}

// finishText ends the text being typed: one undo step, or none when it
// was left empty (an emptied text is deleted).
func (e *Editor) finishText() {
	t := e.text
	if t == nil {
		return
	}
	e.text = nil
	s, ok := e.doc.Shape(t.id)
	switch {
	case ok && strings.TrimSpace(s.Text) != "":
		e.doc.End()
	case t.isNew:
		e.doc.Cancel()
	default:
		e.doc.Delete(t.id)
		e.doc.End()
	}
}

// editTextAt starts editing the text under p (a double-click with the
// select tool).
func (e *Editor) editTextAt(p annotate.Point) {
	if s, ok := e.scene.ShapeAt(p, pickSlack/e.view.zoom); ok && s.Kind == annotate.Text && e.text == nil {
		e.endPress()
		e.selected = 0
		e.doc.Begin()
		e.text = &textEdit{id: s.ID}
		e.sync()
	}
}
