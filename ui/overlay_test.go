package ui

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// pickerEnv is a region picker attached to a test window that shows its
// w×h pixel shot at the given canvas scale, recording what done receives.
type pickerEnv struct {
	p     *RegionPicker
	w     fyne.Window
	calls []pickerResult
}

type pickerResult struct {
	r  Rect
	ok bool
}

func newPickerEnv(t *testing.T, w, h int, scale float32) *pickerEnv {
	t.Helper()
	test.NewTempApp(t)
	e := &pickerEnv{}
	e.p = NewRegionPicker(fakeDesktop(w, h), scale, func(r Rect, ok bool) {
		e.calls = append(e.calls, pickerResult{r, ok})
	})
	e.w = test.NewTempWindow(t, nil)
	if c, ok := e.w.Canvas().(interface{ SetScale(float32) }); ok {
		c.SetScale(scale)
	}
	e.p.Attach(e.w)
	e.w.Resize(fyne.NewSize(float32(w)/scale, float32(h)/scale))
	return e
}

// at is a pixel's position in Fyne units.
func (e *pickerEnv) at(x, y int) fyne.Position {
	return fyne.NewPos(float32(x)/e.p.scale, float32(y)/e.p.scale)
}

// drag presses at pixel (x0, y0), drags through the midpoint to (x1, y1)
// and releases there, as the desktop driver delivers it.
func (e *pickerEnv) drag(x0, y0, x1, y1 int) {
	e.p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(x0, y0)}, Button: desktop.MouseButtonPrimary})
	prev := e.at(x0, y0)
	for _, pt := range []fyne.Position{e.at((x0+x1)/2, (y0+y1)/2), e.at(x1, y1)} {
		e.p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pt}, Dragged: fyne.NewDelta(pt.X-prev.X, pt.Y-prev.Y)})
		prev = pt
	}
	e.p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(x1, y1)}, Button: desktop.MouseButtonPrimary})
	e.p.DragEnd()
}

// click presses and releases a button at pixel (x, y).
func (e *pickerEnv) click(x, y int, b desktop.MouseButton) {
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(x, y)}, Button: b}
	e.p.MouseDown(ev)
	e.p.MouseUp(ev)
}

// key types k through the window canvas, as Attach routes it.
func (e *pickerEnv) key(k fyne.KeyName) {
	e.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
}

func (e *pickerEnv) wantCalls(t *testing.T, want ...pickerResult) {
	t.Helper()
	if len(e.calls) != len(want) {
		t.Fatalf("done called %d times (%v), want %v", len(e.calls), e.calls, want)
	}
	for i := range want {
		if e.calls[i] != want[i] {
			t.Errorf("done call %d = %+v, want %+v", i, e.calls[i], want[i])
		}
	}
}

func TestOverlayFinish(t *testing.T) {
	accept := func(r Rect) []pickerResult { return []pickerResult{{r, true}} }
	tests := []struct {
		name  string
		scale float32
		act   func(e *pickerEnv)
		want  []pickerResult
	}{
		{"drag then Return", 1, func(e *pickerEnv) { e.drag(40, 30, 339, 229); e.key(fyne.KeyReturn) }, accept(Rect{40, 30, 300, 200})},
		{"drag up-left then Enter", 1, func(e *pickerEnv) { e.drag(339, 229, 40, 30); e.key(fyne.KeyEnter) }, accept(Rect{40, 30, 300, 200})},
		{"HiDPI scale 2", 2, func(e *pickerEnv) { e.drag(41, 31, 340, 230); e.key(fyne.KeyReturn) }, accept(Rect{41, 31, 300, 200})},
		{"fractional scale 1.25", 1.25, func(e *pickerEnv) { e.drag(41, 31, 340, 230); e.key(fyne.KeyReturn) }, accept(Rect{41, 31, 300, 200})},
		{"drag past the edge", 1, func(e *pickerEnv) { e.drag(300, 200, 900, 900); e.key(fyne.KeyReturn) }, accept(Rect{300, 200, 100, 100})},
		{"Esc", 1, func(e *pickerEnv) { e.drag(40, 30, 339, 229); e.key(fyne.KeyEscape) }, []pickerResult{{Rect{}, false}}},
		{"Esc without selection", 1, func(e *pickerEnv) { e.key(fyne.KeyEscape) }, []pickerResult{{Rect{}, false}}},
		{"Return without selection", 1, func(e *pickerEnv) { e.key(fyne.KeyReturn) }, nil},
		{"click selects nothing", 1, func(e *pickerEnv) { e.click(50, 50, desktop.MouseButtonPrimary); e.key(fyne.KeyReturn) }, nil},
		{"double-click accepts", 1, func(e *pickerEnv) {
			e.drag(40, 30, 339, 229)
			e.click(100, 100, desktop.MouseButtonPrimary)
			e.click(100, 100, desktop.MouseButtonPrimary)
			test.DoubleTap(e.p)
		}, accept(Rect{40, 30, 300, 200})},
		{"double-click without selection", 1, func(e *pickerEnv) { test.DoubleTap(e.p) }, nil},
		{"right button does not select", 1, func(e *pickerEnv) {
			e.p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(10, 10)}, Button: desktop.MouseButtonSecondary})
			e.p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: e.at(10, 10)}, Button: desktop.MouseButtonSecondary})
			e.key(fyne.KeyReturn)
		}, nil},
		{"test.Drag without MouseDown", 1, func(e *pickerEnv) {
			test.Drag(e.w.Canvas(), e.at(120, 90), 100, 50) // ends at (120, 90), started 100×50 up-left
			e.key(fyne.KeyReturn)
		}, accept(Rect{20, 40, 101, 51})},
		{"done only once", 1, func(e *pickerEnv) {
			e.drag(40, 30, 339, 229)
			e.key(fyne.KeyReturn)
			e.key(fyne.KeyEscape)
			test.DoubleTap(e.p)
		}, accept(Rect{40, 30, 300, 200})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPickerEnv(t, 400, 300, tt.scale)
			tt.act(e)
			e.wantCalls(t, tt.want...)
		})
	}
}

func TestOverlayArrowKeys(t *testing.T) {
	tests := []struct {
		name  string
		mods  fyne.KeyModifier
		keys  []fyne.KeyName
		want  Rect
		label string
	}{
		{"nudge", 0, []fyne.KeyName{fyne.KeyRight, fyne.KeyRight, fyne.KeyDown, fyne.KeyLeft, fyne.KeyUp, fyne.KeyUp},
			Rect{11, 9, 100, 50}, "100 × 50"},
		{"Shift resizes", fyne.KeyModifierShift, []fyne.KeyName{fyne.KeyRight, fyne.KeyRight, fyne.KeyUp},
			Rect{10, 10, 102, 49}, "102 × 49"},
		{"Shift with Ctrl still resizes", fyne.KeyModifierShift | fyne.KeyModifierControl, []fyne.KeyName{fyne.KeyDown},
			Rect{10, 10, 100, 51}, "100 × 51"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPickerEnv(t, 400, 300, 1)
			e.p.modifiers = func() fyne.KeyModifier { return tt.mods }
			e.drag(10, 10, 109, 59)
			for _, k := range tt.keys {
				e.key(k)
			}
			if got := e.p.sel.Normalized(); got != tt.want {
				t.Errorf("selection %+v, want %+v", got, tt.want)
			}
			if got := pickerLabelText(t, e); got != tt.label {
				t.Errorf("size label shows %q, want %q", got, tt.label)
			}
			e.key(fyne.KeyReturn)
			e.wantCalls(t, pickerResult{tt.want, true})
		})
	}
}

// pickerLabelText is the size label as rendered.
func pickerLabelText(t *testing.T, e *pickerEnv) string {
	t.Helper()
	r := test.WidgetRenderer(e.p).(*pickerRenderer)
	if !r.size.text.Visible() {
		return ""
	}
	return r.size.text.Text
}

func TestOverlayAttach(t *testing.T) {
	e := newPickerEnv(t, 400, 300, 1)
	if e.w.Content() != e.p {
		t.Error("Attach did not make the picker the window content")
	}
	if !e.w.FullScreen() {
		t.Error("Attach did not make the window full screen")
	}
	if e.w.Padded() {
		t.Error("Attach left the window padded: the shot would be offset")
	}
	if e.w.Canvas().OnTypedKey() == nil {
		t.Fatal("Attach did not route the window's keys")
	}
	if c := e.p.Cursor(); c != desktop.CrosshairCursor {
		t.Errorf("cursor %v, want the crosshair", c)
	}
}

func TestOverlayMarkup(t *testing.T) {
	scenes := []struct {
		name string
		act  func(e *pickerEnv)
	}{
		{"overlay_empty.xml", func(*pickerEnv) {}},
		{"overlay_selection.xml", func(e *pickerEnv) { e.drag(120, 90, 519, 389) }},
		// At the top the label goes inside the selection and the hint
		// moves to the bottom so as not to cover it.
		{"overlay_selection_top.xml", func(e *pickerEnv) { e.drag(300, 0, 699, 149) }},
		// A screen narrower than the hint shrinks its text.
		{"overlay_narrow.xml", func(e *pickerEnv) { e.w.Resize(fyne.NewSize(480, 540)) }},
	}
	for _, s := range scenes {
		t.Run(s.name, func(t *testing.T) {
			e := newPickerEnv(t, 960, 540, 1)
			s.act(e)
			test.AssertRendersToMarkup(t, s.name, e.w.Canvas())
		})
	}
}

// TestOverlayPixels renders the picker and checks what the user sees: the
// selection shows the shot untouched, the rest is darker, and the border
// and the size label stand out.
func TestOverlayPixels(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		e := newPickerEnv(t, 640, 400, scale)
		e.drag(200, 160, 439, 319)
		img := e.w.Canvas().Capture()
		shot := e.p.shot
		sc := func(x, y int) (int, int) { // a shot pixel in the capture
			k := float32(img.Bounds().Dx()) / 640
			return int(float32(x) * k), int(float32(y) * k)
		}
		inside, outside := image.Pt(320, 240), image.Pt(600, 380) // away from the hint and label
		if got, want := pxLuma(img.At(sc(inside.X, inside.Y))), pxLuma(shot.At(inside.X, inside.Y)); pxAbs(got-want) > 2 {
			t.Errorf("scale %v: inside the selection luminance %d, want the shot's %d", scale, got, want)
		}
		if got, src := pxLuma(img.At(sc(outside.X, outside.Y))), pxLuma(shot.At(outside.X, outside.Y)); got > src*6/10 {
			t.Errorf("scale %v: outside luminance %d, want well under the shot's %d", scale, got, src)
		}
		for _, edge := range []image.Point{{320, 160}, {439, 240}, {320, 319}, {200, 240}} {
			if got, src := img.At(sc(edge.X, edge.Y)), shot.At(edge.X, edge.Y); pxDist(got, src) < 60 {
				t.Errorf("scale %v: border at %v is %v, hardly different from the shot's %v", scale, edge, got, src)
			}
		}
	}
}

func pxLuma(c color.Color) int {
	r, g, b, _ := c.RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

func pxDist(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	return (pxAbs(int(ar>>8)-int(br>>8)) + pxAbs(int(ag>>8)-int(bg>>8)) + pxAbs(int(ab>>8)-int(bb>>8)))
}

func pxAbs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// fakeDesktop draws a w×h screenshot-like picture: a light desktop with a
// dark and a light window, so that the veil and border are judged on both.
func fakeDesktop(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(r image.Rectangle, c color.RGBA) {
		for y := r.Min.Y; y < r.Max.Y && y < h; y++ {
			for x := r.Min.X; x < r.Max.X && x < w; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	for y := 0; y < h; y++ {
		fill(image.Rect(0, y, w, y+1), color.RGBA{R: 0x70, G: uint8(0x90 + 0x50*y/h), B: 0xd0, A: 0xff})
	}
	fill(image.Rect(w/10, h/8, w/2, h*3/4), color.RGBA{R: 0x24, G: 0x27, B: 0x2e, A: 0xff})
	fill(image.Rect(w/10, h/8, w/2, h/8+h/20), color.RGBA{R: 0x3a, G: 0x3f, B: 0x4b, A: 0xff})
	fill(image.Rect(w*2/5, h/3, w*9/10, h*9/10), color.RGBA{R: 0xf4, G: 0xf4, B: 0xf0, A: 0xff})
	for i := 0; i < 6; i++ { // lines of "text" in the light window
		y := h/3 + h/12 + i*h/30
		fill(image.Rect(w*2/5+w/25, y, w*2/5+w/25+(w/3)*(6-i%3)/6, y+h/120+1), color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff})
	}
	return img
}
