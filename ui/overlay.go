package ui

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RegionPicker is the full-screen overlay of a region capture: the frozen
// screenshot at its real size, dimmed outside the rectangle the user drags,
// with the rectangle's size next to it and a hint line on how to finish.
// Enter or a double-click uploads the selection, Esc cancels, the arrow
// keys nudge it (with Shift they resize it).
//
// Keys reach it through the window canvas (it takes no focus): use Attach,
// or route the canvas's typed keys to TypedKey yourself.
type RegionPicker struct {
	widget.BaseWidget

	shot  image.Image
	scale float32 // screen pixels per Fyne unit
	done  func(r Rect, ok bool)
	edit  func(r Rect) // E: open the selection in the editor; nil when there is none
	sel   *Selection

	last     image.Point // latest pointer pixel of a drag, for DragEnd
	finished bool        // done has been called

	windows  []Rect        // the screen's windows, topmost first (SetWindows)
	record   bool          // the selection is to be recorded, not uploaded (SetForRecording)
	hover    image.Point   // the pixel under the pointer
	hoverPos fyne.Position // the pointer, in units
	hovering bool          // the pointer is over the picker

	// modifiers reports the keyboard modifiers held now; Shift+arrow
	// arrives as a plain arrow key, so TypedKey has to ask.
	modifiers func() fyne.KeyModifier
}

var (
	_ desktop.Mouseable   = (*RegionPicker)(nil)
	_ desktop.Cursorable  = (*RegionPicker)(nil)
	_ fyne.Draggable      = (*RegionPicker)(nil)
	_ fyne.DoubleTappable = (*RegionPicker)(nil)
)

// NewRegionPicker shows shot for the user to select a part of it. scale is
// the canvas scale, screen pixels per Fyne unit, so that the shot shows
// pixel for pixel and the rectangle passed to done is in screen pixels.
// done is called once: with the selection and true when the user accepts,
// with an empty Rect and false when they cancel.
func NewRegionPicker(shot image.Image, scale float32, done func(r Rect, ok bool)) *RegionPicker {
	if scale <= 0 || math.IsNaN(float64(scale)) {
		scale = 1
	}
	if shot == nil { // nothing to select from; Esc still cancels
		shot = image.NewRGBA(image.Rectangle{})
	}
	if done == nil {
		done = func(Rect, bool) {}
	}
	b := shot.Bounds()
	p := &RegionPicker{
		shot: shot, scale: scale, done: done,
		sel:       NewSelection(b.Dx(), b.Dy()),
		modifiers: driverModifiers,
	}
	p.ExtendBaseWidget(p)
	return p
}

// Attach makes the picker the full-screen, unpadded content of w and routes
// the window's keys to it.
func (p *RegionPicker) Attach(w fyne.Window) {
	w.Canvas().SetOnTypedKey(p.TypedKey)
	w.SetPadded(false)
	w.SetContent(p)
	w.SetFullScreen(true)
}

// TypedKey handles Enter/Return (accept), Esc (cancel) and the arrow keys
// (move the selection by a pixel, or resize it while Shift is held).
func (p *RegionPicker) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		p.accept()
	case fyne.KeyE:
		p.acceptForEdit()
	case fyne.KeyEscape:
		p.cancel()
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown:
		dx, dy := arrowDelta(ev.Name)
		p.sel.Nudge(dx, dy, p.modifiers()&fyne.KeyModifierShift != 0)
		p.Refresh()
	}
}

// MouseDown starts a selection at the pointer (primary button only).
func (p *RegionPicker) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	p.last = p.toPixels(ev.Position)
	p.sel.Press(p.last.X, p.last.Y)
}

// MouseUp ends the selection at the pointer; a click without a drag
// selects the window under it (see SetWindows). Fyne sends it before DragEnd.
func (p *RegionPicker) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	click := p.sel.pressed && !p.sel.dragged
	p.last = p.toPixels(ev.Position)
	p.sel.Release(p.last.X, p.last.Y)
	if click {
		p.snapClick(p.clampPixel(p.last))
	}
	p.Refresh()
}

// Dragged moves the free corner of the selection to the pointer.
func (p *RegionPicker) Dragged(ev *fyne.DragEvent) {
	if !p.sel.pressed {
		// No MouseDown came (fyne/test.Drag sends none): the
		// first drag event starts where the pointer was pressed.
		start := p.toPixels(ev.Position.Subtract(ev.Dragged))
		p.sel.Press(start.X, start.Y)
	}
	p.last = p.toPixels(ev.Position)
	p.sel.Drag(p.last.X, p.last.Y)
	p.pointAt(ev.Position)
}

// DragEnd ends the selection where the last drag event left it, in case
// no MouseUp reached the picker.
func (p *RegionPicker) DragEnd() {
	p.sel.Release(p.last.X, p.last.Y)
	p.Refresh()
}

// DoubleTapped accepts the selection, if there is one.
func (p *RegionPicker) DoubleTapped(*fyne.PointEvent) { p.accept() }

// Cursor is a crosshair, for aiming at pixels.
func (p *RegionPicker) Cursor() desktop.Cursor { return desktop.CrosshairCursor }

// CreateRenderer draws the shot, the veil, the border and the labels.
func (p *RegionPicker) CreateRenderer() fyne.WidgetRenderer {
	return newPickerRenderer(p)
}

// SetOnEdit makes E finish the overlay like Enter but with the selection
// opened in the editor: edit is called instead of done. Call it before the
// picker is shown (the hint line names the key).
func (p *RegionPicker) SetOnEdit(edit func(r Rect)) { p.edit = edit }

// SetForRecording says the selection is to be recorded: the hint says
// Enter starts the recording, and E (the editor) is not offered. Call it
// before the picker is shown.
func (p *RegionPicker) SetForRecording() {
	p.record, p.edit = true, nil
	p.Refresh()
}

func (p *RegionPicker) accept() {
	if r, ok := p.take(); ok {
		p.done(r, true)
	}
}

func (p *RegionPicker) acceptForEdit() {
	if p.edit == nil {
		return
	}
	if r, ok := p.take(); ok {
		p.edit(r)
	}
}

// take ends the overlay with the selection, when there is one.
func (p *RegionPicker) take() (Rect, bool) {
	r := p.sel.Normalized()
	if p.finished || p.sel.Dragging() || r.Empty() {
		return Rect{}, false
	}
	p.finished = true
	return r, true
}

func (p *RegionPicker) cancel() {
	if p.finished {
		return
	}
	p.finished = true
	p.done(Rect{}, false)
}

// toPixels converts a position on the picker to a screen pixel. Pointer
// positions are whole pixels divided by the scale, so rounding recovers
// them exactly.
func (p *RegionPicker) toPixels(pos fyne.Position) image.Point {
	return image.Pt(int(math.Round(float64(pos.X*p.scale))), int(math.Round(float64(pos.Y*p.scale))))
}

// toUnits converts screen pixels to Fyne units.
func (p *RegionPicker) toUnits(px int) float32 { return float32(px) / p.scale }

func arrowDelta(k fyne.KeyName) (dx, dy int) {
	switch k {
	case fyne.KeyLeft:
		return -1, 0
	case fyne.KeyRight:
		return 1, 0
	case fyne.KeyUp:
		return 0, -1
	default:
		return 0, 1
	}
}

// pickerHint tells the user how to use the overlay: with E for the
// editor when it has one.
func pickerHint(edit bool) string {
	if edit {
		return T("overlay.hint_edit")
	}
	return T("overlay.hint")
}

// hintText is the hint, with how to pick a window when there are some.
func (p *RegionPicker) hintText() string {
	hint := pickerHint(p.edit != nil)
	if p.record {
		hint = T("overlay.hint_record")
	}
	if len(p.windows) == 0 {
		return hint
	}
	return hint + " · " + T("overlay.hint.window")
}

// Overlay colours are fixed rather than themed: they sit on an arbitrary
// screenshot, not on the theme's background.
var (
	veilColor      = color.NRGBA{A: 0x8c}
	borderOutColor = color.NRGBA{A: 0xa0}
	pillColor      = color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xd8}
	pillTextColor  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// pill is a line of light text on a dark rounded background.
type pill struct {
	bg   *canvas.Rectangle
	text *canvas.Text
}

func newPill(s string, size float32) pill {
	t := canvas.NewText(s, pillTextColor)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: true}
	bg := canvas.NewRectangle(pillColor)
	bg.CornerRadius = 6
	return pill{bg: bg, text: t}
}

// size is the pill's size with pad units around the text.
func (l pill) size(pad float32) fyne.Size {
	m := fyne.MeasureText(l.text.Text, l.text.TextSize, l.text.TextStyle)
	return fyne.NewSize(m.Width+2*pad, m.Height+pad)
}

func (l pill) place(pos fyne.Position, s fyne.Size, pad float32) {
	l.bg.Move(pos)
	l.bg.Resize(s)
	l.text.Move(pos.AddXY(pad, pad/2))
	l.text.Resize(s.SubtractWidthHeight(2*pad, pad))
}

func (l pill) show(on bool) {
	show(l.bg, on)
	show(l.text, on)
}

// pickerRenderer lays the veil, border and pills over the shot from the
// selection, in Fyne units.
type pickerRenderer struct {
	p       *RegionPicker
	shot    *canvas.Image
	veil    [4]*canvas.Rectangle // above, below, left and right of the selection
	outer   *canvas.Rectangle    // dark halo of the border, visible on light pixels
	inner   *canvas.Rectangle    // bright line of the border, visible on dark ones
	snap    snapOutline          // the window a click would select
	size    pill
	hint    pill
	mag     *magnifier
	objects []fyne.CanvasObject
}

// pillPad is the space around a pill's text and between a pill and what it
// labels, in Fyne units.
const pillPad = 8

func newPickerRenderer(p *RegionPicker) *pickerRenderer {
	r := &pickerRenderer{p: p, shot: canvas.NewImageFromImage(p.shot)}
	r.shot.FillMode = canvas.ImageFillStretch
	r.shot.ScaleMode = canvas.ImageScalePixels // it is shown 1:1; keep it crisp
	r.objects = []fyne.CanvasObject{r.shot}
	for i := range r.veil {
		r.veil[i] = canvas.NewRectangle(veilColor)
		r.objects = append(r.objects, r.veil[i])
	}
	r.outer = canvas.NewRectangle(color.Transparent)
	r.outer.StrokeColor, r.outer.StrokeWidth = borderOutColor, 4
	r.inner = canvas.NewRectangle(color.Transparent)
	r.inner.StrokeWidth = 2
	r.snap = snapOutline{outer: canvas.NewRectangle(color.Transparent), inner: canvas.NewRectangle(color.Transparent)}
	r.snap.outer.StrokeColor, r.snap.outer.StrokeWidth = borderOutColor, 6
	r.snap.inner.StrokeWidth = 3
	ts := p.Theme().Size(theme.SizeNameText)
	r.size, r.hint = newPill("", ts), newPill(p.hintText(), ts)
	r.mag = newMagnifier(ts)
	r.objects = append(r.objects, r.outer, r.inner, r.snap.outer, r.snap.inner, r.size.bg, r.size.text, r.hint.bg, r.hint.text)
	r.objects = append(r.objects, r.mag.objects()...)
	r.applyTheme()
	return r
}

func (r *pickerRenderer) applyTheme() {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.inner.StrokeColor = r.p.Theme().Color(theme.ColorNamePrimary, v)
	r.snap.inner.StrokeColor = r.inner.StrokeColor
}

// Layout shows the shot 1:1 from the top-left corner and places the rest.
func (r *pickerRenderer) Layout(s fyne.Size) {
	b := r.p.shot.Bounds()
	r.shot.Move(fyne.NewPos(0, 0))
	r.shot.Resize(fyne.NewSize(r.p.toUnits(b.Dx()), r.p.toUnits(b.Dy())))
	sel := r.p.sel.Normalized()
	snap, snapping := r.p.snapTarget()
	if sel.Empty() && snapping {
		sel = snap // show what a click selects
	}
	r.snap.place(r.unitsOf(snap), r.unitsSize(snap), snapping)
	r.layoutMagnifier(s)
	on := !sel.Empty()
	r.size.show(on)
	r.outer.Hidden, r.inner.Hidden = !on, !on
	if !on {
		r.layoutVeil(s, fyne.NewPos(0, s.Height), fyne.Size{})
		r.layoutHint(s, fyne.NewPos(0, 0), fyne.Size{})
		return
	}
	r.size.text.Text = sizeLabel(sel)
	pos, size := r.unitsOf(sel), r.unitsSize(sel)
	r.layoutVeil(s, pos, size)
	for _, b := range []*canvas.Rectangle{r.outer, r.inner} {
		b.Move(pos)
		b.Resize(size)
	}
	r.layoutSize(s, pos)
	r.layoutHint(s, pos, size)
}

// unitsOf is the top-left corner of r in units.
func (r *pickerRenderer) unitsOf(px Rect) fyne.Position {
	return fyne.NewPos(r.p.toUnits(px.X), r.p.toUnits(px.Y))
}

// unitsSize is the size of r in units.
func (r *pickerRenderer) unitsSize(px Rect) fyne.Size {
	return fyne.NewSize(r.p.toUnits(px.W), r.p.toUnits(px.H))
}

// layoutMagnifier puts the magnifier beside the pointer while it is over
// the picker.
func (r *pickerRenderer) layoutMagnifier(s fyne.Size) {
	if !r.p.hovering {
		r.mag.show(false)
		return
	}
	r.mag.layout(r.p, r.p.hover, r.p.hoverPos, s)
}

// layoutVeil dims everything but the selection at pos, size.
func (r *pickerRenderer) layoutVeil(s fyne.Size, pos fyne.Position, size fyne.Size) {
	bottom, right := pos.Y+size.Height, pos.X+size.Width
	place := []struct{ x, y, w, h float32 }{
		{0, 0, s.Width, pos.Y},
		{0, bottom, s.Width, s.Height - bottom},
		{0, pos.Y, pos.X, size.Height},
		{right, pos.Y, s.Width - right, size.Height},
	}
	for i, v := range r.veil {
		v.Move(fyne.NewPos(place[i].x, place[i].y))
		v.Resize(fyne.NewSize(max(place[i].w, 0), max(place[i].h, 0)))
	}
}

// layoutSize puts the size label above the selection's top-left corner,
// or just inside it when the selection touches the top of the screen.
func (r *pickerRenderer) layoutSize(s fyne.Size, sel fyne.Position) {
	ps := r.size.size(pillPad)
	pos := sel.AddXY(0, -ps.Height-pillPad/2)
	if pos.Y < 0 {
		pos = sel.AddXY(pillPad/2, pillPad/2)
	}
	pos.X = min(max(pos.X, 0), s.Width-ps.Width)
	pos.Y = min(max(pos.Y, 0), s.Height-ps.Height)
	r.size.place(pos, ps, pillPad)
}

// layoutHint centres the hint at the top of the screen, or at the bottom
// when it would cover the selection or its size label.
func (r *pickerRenderer) layoutHint(s fyne.Size, sel fyne.Position, size fyne.Size) {
	r.hint.text.TextSize = r.p.Theme().Size(theme.SizeNameText)
	ps := r.hint.size(pillPad)
	if room := s.Width - 4*pillPad; ps.Width > room && room > 0 { // a narrow screen: shrink to fit
		r.hint.text.TextSize = max(r.hint.text.TextSize*room/ps.Width, 8)
		ps = r.hint.size(pillPad)
	}
	pos := fyne.NewPos((s.Width-ps.Width)/2, 2*pillPad)
	top := sel.Y - ps.Height - pillPad // the size label has the hint's height
	overlaps := size.Width > 0 && sel.X < pos.X+ps.Width && pos.X < sel.X+size.Width &&
		top < pos.Y+ps.Height && pos.Y < sel.Y+size.Height
	if overlaps {
		pos.Y = s.Height - ps.Height - 2*pillPad
	}
	r.hint.place(pos, ps, pillPad)
}

// MinSize is the hint's: the picker fills whatever window it is given.
func (r *pickerRenderer) MinSize() fyne.Size { return r.hint.size(pillPad) }

// Refresh follows the selection and the theme.
func (r *pickerRenderer) Refresh() {
	r.applyTheme()
	r.hint.text.Text = r.p.hintText()
	r.Layout(r.p.Size())
	for _, o := range []fyne.CanvasObject{r.size.text, r.hint.text, r.inner, r.outer, r.snap.inner, r.snap.outer} {
		canvas.Refresh(o)
	}
}

func (r *pickerRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *pickerRenderer) Destroy()                     {}
