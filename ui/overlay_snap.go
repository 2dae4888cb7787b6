package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
)

// Snapping: while no drag is under way, the window under the pointer is
// outlined (and, with nothing selected yet, shown as the selection would
// be); a click without a drag selects it. A click inside the selection
// keeps it, so that a double-click there still uploads what was dragged.

var _ desktop.Hoverable = (*RegionPicker)(nil)

// SetWindows gives the rectangles of the windows on the screen, in screen
// pixels from the shot's top-left corner, topmost first. Parts off the
// screen are cut; empty ones are dropped.
func (p *RegionPicker) SetWindows(ws []Rect) {
	b := p.shot.Bounds()
	screen := image.Rect(0, 0, b.Dx(), b.Dy())
	p.windows = p.windows[:0]
	for _, w := range ws {
		r := image.Rect(w.X, w.Y, w.X+w.W, w.Y+w.H).Intersect(screen)
		if !r.Empty() {
			p.windows = append(p.windows, Rect{X: r.Min.X, Y: r.Min.Y, W: r.Dx(), H: r.Dy()})
		}
	}
	p.Refresh()
}

// windowAt is the topmost window that holds pixel px.
func (p *RegionPicker) windowAt(px image.Point) (Rect, bool) {
	for _, w := range p.windows {
		if w.contains(px) {
			return w, true
		}
	}
	return Rect{}, false
}

// contains reports whether pixel px is in r.
func (r Rect) contains(px image.Point) bool {
	return px.X >= r.X && px.X < r.X+r.W && px.Y >= r.Y && px.Y < r.Y+r.H
}

// snapTarget is the window a click would select now: the one under the
// pointer, when no button is down and the pointer is outside the selection.
func (p *RegionPicker) snapTarget() (Rect, bool) {
	if !p.hovering || p.sel.pressed || p.sel.Normalized().contains(p.hover) {
		return Rect{}, false
	}
	return p.windowAt(p.hover)
}

// MouseIn starts following the pointer.
func (p *RegionPicker) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved moves the magnifier and the window outline with the pointer.
func (p *RegionPicker) MouseMoved(ev *desktop.MouseEvent) { p.pointAt(ev.Position) }

// MouseOut hides the magnifier and the outline.
func (p *RegionPicker) MouseOut() {
	p.hovering = false
	p.Refresh()
}

// pointAt records the pointer's position (also during a drag).
func (p *RegionPicker) pointAt(pos fyne.Position) {
	p.hover, p.hoverPos, p.hovering = p.clampPixel(p.toPixels(pos)), pos, true
	p.Refresh()
}

// clampPixel moves px onto the shot.
func (p *RegionPicker) clampPixel(px image.Point) image.Point {
	b := p.shot.Bounds()
	return image.Pt(clampInt(px.X, 0, b.Dx()-1), clampInt(px.Y, 0, b.Dy()-1))
}

// snapClick selects the window under px after a click without a drag;
// it reports whether it did.
func (p *RegionPicker) snapClick(px image.Point) bool {
	if p.sel.Normalized().contains(px) {
		return false
	}
	w, ok := p.windowAt(px)
	if ok {
		p.sel.Select(w)
	}
	return ok
}

// snapOutline is the outline of the window under the pointer: a dark halo
// and a bright line in the theme's primary colour.
type snapOutline struct{ outer, inner *canvas.Rectangle }

func (o snapOutline) place(pos fyne.Position, size fyne.Size, on bool) {
	for _, b := range []*canvas.Rectangle{o.outer, o.inner} {
		b.Hidden = !on
		b.Move(pos)
		b.Resize(size)
	}
}
