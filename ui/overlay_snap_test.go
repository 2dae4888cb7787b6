package ui

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// move sends a pointer move to pixel (x, y).
func (e *pickerEnv) move(x, y int) {
	e.p.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(x, y)}})
}

// doubleClick is two clicks at pixel (x, y) and the double tap Fyne sends.
func (e *pickerEnv) doubleClick(x, y int) {
	e.click(x, y, desktop.MouseButtonPrimary)
	e.click(x, y, desktop.MouseButtonPrimary)
	e.p.DoubleTapped(&fyne.PointEvent{Position: e.at(x, y)})
}

// desktopWindows are two overlapping windows on a 400×300 screen, topmost
// first, the second running off the right edge.
var desktopWindows = []Rect{{X: 40, Y: 30, W: 200, H: 150}, {X: 150, Y: 100, W: 400, H: 120}}

func TestOverlaySnapToWindow(t *testing.T) {
	accept := func(r Rect) []pickerResult { return []pickerResult{{r, true}} }
	tests := []struct {
		name string
		act  func(e *pickerEnv)
		want []pickerResult
	}{
		{"click selects the window", func(e *pickerEnv) { e.click(60, 50, desktop.MouseButtonPrimary); e.key(fyne.KeyReturn) },
			accept(Rect{40, 30, 200, 150})},
		{"the topmost of two", func(e *pickerEnv) { e.click(200, 150, desktop.MouseButtonPrimary); e.key(fyne.KeyReturn) },
			accept(Rect{40, 30, 200, 150})},
		{"cut at the screen's edge", func(e *pickerEnv) { e.click(300, 150, desktop.MouseButtonPrimary); e.key(fyne.KeyReturn) },
			accept(Rect{150, 100, 250, 120})},
		{"double-click uploads the window", func(e *pickerEnv) { e.doubleClick(300, 150) }, accept(Rect{150, 100, 250, 120})},
		{"click on the bare desktop selects nothing", func(e *pickerEnv) { e.click(20, 280, desktop.MouseButtonPrimary); e.key(fyne.KeyReturn) }, nil},
		{"a drag still selects what was dragged", func(e *pickerEnv) { e.drag(60, 50, 99, 89); e.key(fyne.KeyReturn) },
			accept(Rect{60, 50, 40, 40})},
		{"double-click inside a dragged selection keeps it", func(e *pickerEnv) { e.drag(60, 50, 99, 89); e.doubleClick(70, 60) },
			accept(Rect{60, 50, 40, 40})},
		{"click outside a selection picks the window there", func(e *pickerEnv) {
			e.drag(60, 50, 99, 89)
			e.click(300, 150, desktop.MouseButtonPrimary)
			e.key(fyne.KeyReturn)
		}, accept(Rect{150, 100, 250, 120})},
		{"arrows nudge a picked window", func(e *pickerEnv) {
			e.click(60, 50, desktop.MouseButtonPrimary)
			e.key(fyne.KeyRight)
			e.key(fyne.KeyReturn)
		}, accept(Rect{41, 30, 200, 150})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPickerEnv(t, 400, 300, 1)
			e.p.SetWindows(desktopWindows)
			tt.act(e)
			e.wantCalls(t, tt.want...)
		})
	}
}

// TestOverlayOutlinesWindowUnderPointer: hovering shows the window a click
// would select, outlined and (with nothing selected) with its size; not
// during a drag, nor inside the selection.
func TestOverlayOutlinesWindowUnderPointer(t *testing.T) {
	e := newPickerEnv(t, 400, 300, 2)
	e.p.SetWindows(desktopWindows)
	r := test.WidgetRenderer(e.p).(*pickerRenderer)
	outline := func() (fyne.Position, fyne.Size, bool) {
		return r.snap.inner.Position(), r.snap.inner.Size(), r.snap.inner.Visible()
	}
	if _, _, on := outline(); on {
		t.Error("an outline shows before the pointer moved")
	}
	e.move(60, 50)
	if pos, size, on := outline(); !on || pos != e.at(40, 30) || size != fyne.NewSize(100, 75) {
		t.Errorf("outline at %v %v (shown %v), want the window at %v 100x75", pos, size, on, e.at(40, 30))
	}
	if got := pickerLabelText(t, e); got != "200 × 150" {
		t.Errorf("size label %q, want the window's 200 × 150", got)
	}
	e.p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(60, 50)}, Button: desktop.MouseButtonPrimary})
	e.p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: e.at(90, 80)}, Dragged: fyne.NewDelta(15, 15)})
	if _, _, on := outline(); on {
		t.Error("the outline stays during a drag")
	}
	e.p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(90, 80)}, Button: desktop.MouseButtonPrimary})
	if _, _, on := outline(); on {
		t.Error("the outline shows with the pointer inside the selection")
	}
	e.move(300, 150)
	if pos, _, on := outline(); !on || pos != e.at(150, 100) {
		t.Errorf("outside the selection: outline at %v (shown %v), want %v", pos, on, e.at(150, 100))
	}
	if got := pickerLabelText(t, e); got != "31 × 31" {
		t.Errorf("with a selection the size label shows %q, want the selection's", got)
	}
	e.p.MouseOut()
	if _, _, on := outline(); on {
		t.Error("the outline stays after the pointer left")
	}
}

// TestOverlayHintNamesWindowClick: the hint says a click picks a window
// only when there are windows to pick.
func TestOverlayHintNamesWindowClick(t *testing.T) {
	e := newPickerEnv(t, 960, 540, 1)
	r := test.WidgetRenderer(e.p).(*pickerRenderer)
	if got := r.hint.text.Text; got != T("overlay.hint") {
		t.Errorf("without windows the hint is %q", got)
	}
	e.p.SetWindows(desktopWindows)
	if got, want := r.hint.text.Text, T("overlay.hint")+" · Click a window to select it"; got != want {
		t.Errorf("with windows the hint is %q, want %q", got, want)
	}
}

func TestMagnify(t *testing.T) {
	shot := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 30; x++ {
			shot.SetRGBA(x, y, color.RGBA{R: uint8(x * 8), G: uint8(y * 12), B: 0x40, A: 0xff})
		}
	}
	const radius, zoom = 3, 6
	m := magnify(shot, image.Pt(1, 10), radius, zoom)
	if b := m.Bounds(); b.Dx() != 7*zoom || b.Dy() != 7*zoom {
		t.Fatalf("magnified size %v, want %dx%d", b, 7*zoom, 7*zoom)
	}
	block := func(i, j int) color.RGBA { // a corner of magnified pixel (i, j), off the crosshair
		return m.RGBAAt(i*zoom+1, j*zoom+1)
	}
	checks := []struct {
		name string
		got  color.RGBA
		want color.RGBA
	}{
		{"the pixel right of the pointer", block(radius+1, radius-1), shot.RGBAAt(2, 9)},
		{"the pixel two up-left", block(radius-1, radius-2), shot.RGBAAt(0, 8)},
		{"a pixel off the left edge", block(0, 0), magOffColor},
		{"the centre pixel's frame", m.RGBAAt(radius*zoom, radius*zoom+2), magBoxInColor},
		{"the halo around the frame", m.RGBAAt(radius*zoom-1, radius*zoom+2), magBoxOut},
		{"inside the centre pixel", m.RGBAAt(radius*zoom+2, radius*zoom+2), shot.RGBAAt(1, 10)},
		{"the crosshair to the right", m.RGBAAt((radius+2)*zoom+1, radius*zoom+zoom/2), magLineColor},
		{"the crosshair below", m.RGBAAt(radius*zoom+zoom/2, (radius+2)*zoom+1), magLineColor},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestMagnifierPos(t *testing.T) {
	screen, box := fyne.NewSize(800, 600), fyne.NewSize(140, 160)
	tests := []struct {
		name string
		at   fyne.Position
		want fyne.Position
	}{
		{"below right", fyne.NewPos(100, 100), fyne.NewPos(100+magGap, 100+magGap)},
		{"flipped left at the right edge", fyne.NewPos(750, 100), fyne.NewPos(750-magGap-140, 100+magGap)},
		{"flipped up at the bottom", fyne.NewPos(100, 580), fyne.NewPos(100+magGap, 580-magGap-160)},
		{"both in the corner", fyne.NewPos(799, 599), fyne.NewPos(799-magGap-140, 599-magGap-160)},
		{"top-left corner", fyne.NewPos(0, 0), fyne.NewPos(magGap, magGap)},
	}
	for _, tt := range tests {
		got := magnifierPos(tt.at, box, screen)
		if got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if got.X < 0 || got.Y < 0 || got.X+box.Width > screen.Width || got.Y+box.Height > screen.Height {
			t.Errorf("%s: %v puts the magnifier off the screen", tt.name, got)
		}
	}
	if got := magnifierPos(fyne.NewPos(50, 50), box, fyne.NewSize(100, 100)); got != fyne.NewPos(0, 0) {
		t.Errorf("a screen smaller than the magnifier: %v, want the corner", got)
	}
}

// TestOverlayMagnifierFollowsPointer: the magnifier shows the pixel under
// the pointer, its coordinates, inside the screen; it goes when the
// pointer leaves.
func TestOverlayMagnifierFollowsPointer(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		e := newPickerEnv(t, 640, 400, scale)
		r := test.WidgetRenderer(e.p).(*pickerRenderer)
		if r.mag.img.Visible() {
			t.Errorf("scale %v: the magnifier shows before the pointer moved", scale)
		}
		for _, px := range []image.Point{{10, 10}, {320, 200}, {639, 399}} {
			e.move(px.X, px.Y)
			if got, want := r.mag.coords.text.Text, coordLabel(px); got != want || !r.mag.img.Visible() {
				t.Errorf("scale %v at %v: coordinates %q (shown %v), want %q", scale, px, got, r.mag.img.Visible(), want)
			}
			pos, size := r.mag.img.Position(), r.mag.img.Size()
			if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > e.p.Size().Width || pos.Y+size.Height > e.p.Size().Height {
				t.Errorf("scale %v at %v: magnifier at %v %v leaves the screen %v", scale, px, pos, size, e.p.Size())
			}
			img := r.mag.img.Image.(*image.RGBA)
			c := (2*magRadius+1)*magZoom/2 + 2 // inside the centre pixel, off its frame and the crosshair
			if got, want := img.RGBAAt(c-magZoom/2, c-magZoom/2+1), e.p.shot.(*image.RGBA).RGBAAt(px.X, px.Y); got != want {
				t.Errorf("scale %v at %v: the magnified centre is %v, want the shot's %v", scale, px, got, want)
			}
		}
		e.p.MouseOut()
		if r.mag.img.Visible() || r.mag.coords.text.Visible() {
			t.Errorf("scale %v: the magnifier stays after the pointer left", scale)
		}
	}
}
