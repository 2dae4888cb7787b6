package ui

import (
	"fmt"
	"image"
)

// Rect is a rectangle in screen pixels, counted from the top-left corner of
// the frozen screenshot. It is half-open: it covers the columns X to X+W-1
// and the rows Y to Y+H-1.
type Rect struct{ X, Y, W, H int }

// Empty reports whether r covers no pixel.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Selection is the state machine behind the region picker: a press, drags
// and a release make a rectangle; the arrow keys then nudge or resize it.
// Points are pixels, clamped to the screen so that a drag past an edge
// stops at it; the pixels under the press and under the pointer are both
// inside the rectangle, so a drag from one screen corner to the opposite
// one selects the whole screen. A press and release without a drag in
// between (a click, or the clicks of a double-click) leaves the selection
// as it was.
// The zero value has an empty screen and never selects anything: use
// NewSelection.
type Selection struct {
	screenW, screenH int

	anchor, cur image.Point // press point and latest drag point
	pressed     bool        // a button is down
	dragged     bool        // the pointer left the press pixel since the press
	rect        Rect        // the committed selection; empty when none
}

// NewSelection returns an empty selection on a screen of w×h pixels.
func NewSelection(w, h int) *Selection {
	return &Selection{screenW: max(w, 0), screenH: max(h, 0)}
}

// Press starts a gesture at (x, y). The previous selection stays until the
// pointer actually moves.
func (s *Selection) Press(x, y int) {
	s.anchor = s.clamp(x, y)
	s.cur = s.anchor
	s.pressed = true
	s.dragged = false
}

// Drag moves the free corner to (x, y). It does nothing without a press.
func (s *Selection) Drag(x, y int) {
	if !s.pressed {
		return
	}
	s.cur = s.clamp(x, y)
	if s.cur != s.anchor {
		s.dragged = true
	}
}

// Release ends the gesture at (x, y): after a drag the rectangle becomes
// the selection; after a mere click nothing changes.
func (s *Selection) Release(x, y int) {
	if !s.pressed {
		return
	}
	if s.dragged { // the release point may differ from the last drag's
		s.cur = s.clamp(x, y)
		s.rect = s.live()
	}
	s.pressed, s.dragged = false, false
}

// Dragging reports whether a drag is under way.
func (s *Selection) Dragging() bool { return s.pressed && s.dragged }

// Nudge moves the selection by (dx, dy) pixels, or with resize grows or
// shrinks its right and bottom edges instead; either way it stays on the
// screen and at least 1×1. It does nothing during a drag or without a
// selection.
func (s *Selection) Nudge(dx, dy int, resize bool) {
	if s.pressed || s.rect.Empty() {
		return
	}
	r := s.rect
	if resize {
		r.W = clampInt(r.W+dx, 1, s.screenW-r.X)
		r.H = clampInt(r.H+dy, 1, s.screenH-r.Y)
	} else {
		r.X = clampInt(r.X+dx, 0, s.screenW-r.W)
		r.Y = clampInt(r.Y+dy, 0, s.screenH-r.H)
	}
	s.rect = r
}

// Normalized returns the rectangle to show and to upload: the live one
// during a drag, else the committed selection. It has a positive size
// whichever way the drag went, lies on the screen, and is empty when
// nothing is selected.
func (s *Selection) Normalized() Rect {
	if s.Dragging() {
		return s.live()
	}
	return s.rect
}

// Label is the size of the selection as shown next to it, "640 × 480", or
// "" when nothing is selected.
func (s *Selection) Label() string {
	r := s.Normalized()
	if r.Empty() {
		return ""
	}
	return sizeLabel(r)
}

// sizeLabel is a rectangle's size as shown next to it, "640 × 480".
func sizeLabel(r Rect) string { return fmt.Sprintf("%d × %d", r.W, r.H) }

// Select makes r, cut to the screen, the selection (a window picked with a
// click). It does nothing during a drag or when r misses the screen.
func (s *Selection) Select(r Rect) {
	x0, y0 := max(r.X, 0), max(r.Y, 0)
	x1, y1 := min(r.X+r.W, s.screenW), min(r.Y+r.H, s.screenH)
	if s.Dragging() || x1 <= x0 || y1 <= y0 {
		return
	}
	s.rect = Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// live is the rectangle spanning the anchor and current pixels.
func (s *Selection) live() Rect {
	if s.screenW < 1 || s.screenH < 1 {
		return Rect{}
	}
	x0, x1 := min(s.anchor.X, s.cur.X), max(s.anchor.X, s.cur.X)
	y0, y1 := min(s.anchor.Y, s.cur.Y), max(s.anchor.Y, s.cur.Y)
	return Rect{X: x0, Y: y0, W: x1 - x0 + 1, H: y1 - y0 + 1}
}

// clamp moves (x, y) to the nearest pixel of the screen.
func (s *Selection) clamp(x, y int) image.Point {
	return image.Pt(clampInt(x, 0, s.screenW-1), clampInt(y, 0, s.screenH-1))
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
