package ui

import (
	"fmt"
	"image"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// TestEditorToolKeys: each key of the contract table picks its tool, the
// toolbar shows it, and the tool's tooltip names the key.
func TestEditorToolKeys(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	keys := []struct {
		key  fyne.KeyName
		tool Tool
	}{
		{fyne.KeyP, ToolPen}, {fyne.KeyL, ToolLine}, {fyne.KeyA, ToolArrow}, {fyne.KeyR, ToolRect},
		{fyne.KeyO, ToolEllipse}, {fyne.KeyM, ToolMarker}, {fyne.KeyT, ToolText}, {fyne.KeyN, ToolStep},
		{fyne.KeyX, ToolRedact}, {fyne.KeyC, ToolCrop}, {fyne.KeyV, ToolSelect},
	}
	for _, k := range keys {
		env.key(k.key)
		if got := env.e.Tool(); got != k.tool {
			t.Errorf("key %s: tool %s, want %s", k.key, got, k.tool)
		}
		if b := env.e.bar.tools[k.tool]; b.Importance != widget.HighImportance {
			t.Errorf("key %s: the %s button is not shown as the current tool", k.key, k.tool)
		}
		btn := env.e.bar.tools[k.tool]
		btn.MouseIn(&desktop.MouseEvent{})
		if tip := env.e.tips.Text(); !strings.HasSuffix(tip, "("+string(k.key)+")") {
			t.Errorf("the %s tooltip is %q: it does not name the key %s", k.tool, tip, k.key)
		}
		btn.MouseOut()
	}
	if len(keys) != len(editorTools()) {
		t.Errorf("%d tools, %d keys tested", len(editorTools()), len(keys))
	}
	if env.e.tips.Text() != "" {
		t.Error("a tooltip stays after the pointer left")
	}
}

func TestEditorTooltipsTranslated(t *testing.T) {
	for code, want := range map[string]string{"en": "Pen (P)", "zh": "画笔（P）", "es": "Lápiz (P)"} {
		t.Run(code, func(t *testing.T) {
			env := newEditorEnv(t, code, 200, 100, fyne.NewSize(1000, 500))
			env.e.bar.tools[ToolPen].MouseIn(&desktop.MouseEvent{})
			if got := env.e.tips.Text(); got != want {
				t.Errorf("tooltip %q, want %q", got, want)
			}
			env.e.bar.swatches[2].MouseIn(&desktop.MouseEvent{})
			if got := env.e.tips.Text(); !strings.Contains(got, "3") || strings.Contains(got, "Pen") {
				t.Errorf("the yellow swatch's tooltip is %q", got)
			}
		})
	}
}

func TestEditorTitle(t *testing.T) {
	env := newEditorEnv(t, "zh", 100, 100, fyne.NewSize(900, 500))
	if got := env.w.Title(); got != "shot.png — Upshot editor" {
		t.Errorf("title %q", got)
	}
}

// TestEditorDrawsEveryTool: a drag (or a click) with each tool adds its
// shape where the pointer went, in the current colour and width.
func TestEditorDrawsEveryTool(t *testing.T) {
	tests := []struct {
		key  fyne.KeyName
		kind annotate.Kind
		path [][2]float64 // press, drags..., release at the last
		want []annotate.Point
	}{
		{fyne.KeyP, annotate.Pen, [][2]float64{{50, 50}, {60, 55}, {70, 65}, {90, 60}}, pts2(50, 50, 60, 55, 70, 65, 90, 60)},
		{fyne.KeyM, annotate.Marker, [][2]float64{{50, 80}, {150, 80}}, pts2(50, 80, 150, 80)},
		{fyne.KeyL, annotate.Line, [][2]float64{{20, 20}, {100, 60}, {200, 150}}, pts2(20, 20, 200, 150)},
		{fyne.KeyA, annotate.Arrow, [][2]float64{{200, 150}, {120, 90}}, pts2(200, 150, 120, 90)},
		{fyne.KeyR, annotate.Rect, [][2]float64{{40, 40}, {240, 140}}, pts2(40, 40, 240, 140)},
		{fyne.KeyO, annotate.Ellipse, [][2]float64{{40, 40}, {240, 140}}, pts2(40, 40, 240, 140)},
		{fyne.KeyX, annotate.Redact, [][2]float64{{100, 100}, {220, 160}}, pts2(100, 100, 220, 160)},
		{fyne.KeyN, annotate.Step, [][2]float64{{300, 50}}, pts2(300, 50)},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
			env.key(tt.key)
			env.drag(tt.path[0][0], tt.path[0][1], tt.path[1:]...)
			s := env.shapes()
			if len(s) != 1 || s[0].Kind != tt.kind {
				t.Fatalf("shapes %+v, want one %s", s, tt.kind)
			}
			if !nearPoints(s[0].Points, tt.want) {
				t.Errorf("points %v, want %v", s[0].Points, tt.want)
			}
			if s[0].Color != 1 || s[0].Width != annotate.DefaultWidth {
				t.Errorf("colour %d width %v, want red at %v", s[0].Color, s[0].Width, float64(annotate.DefaultWidth))
			}
			if changed := framePixelsChanged(env); changed == 0 {
				t.Error("the picture did not change")
			}
			if !env.e.doc.CanUndo() {
				t.Error("nothing to undo after drawing")
			}
		})
	}
}

func pts2(xy ...float64) []annotate.Point {
	var out []annotate.Point
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, annotate.Pt(xy[i], xy[i+1]))
	}
	return out
}

// nearPoints compares within a pixel: positions go through Fyne units.
func nearPoints(a, b []annotate.Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].X-b[i].X) > 1 || math.Abs(a[i].Y-b[i].Y) > 1 {
			return false
		}
	}
	return true
}

// framePixelsChanged counts the pixels of the view's tiles that differ
// from the source capture: what the user sees.
func framePixelsChanged(env *editorEnv) int {
	n := 0
	for _, tl := range env.e.view.tiles {
		for y := 0; y < tl.rect.Dy(); y++ {
			for x := 0; x < tl.rect.Dx(); x++ {
				if tl.img.RGBAAt(x, y) != env.img.RGBAAt(tl.rect.Min.X+x, tl.rect.Min.Y+y) {
					n++
				}
			}
		}
	}
	return n
}

// TestEditorClickIsNoShape: a click with a box tool draws nothing; a
// click with the pen leaves a dot.
func TestEditorClickIsNoShape(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	for _, k := range []fyne.KeyName{fyne.KeyR, fyne.KeyO, fyne.KeyL, fyne.KeyA, fyne.KeyX} {
		env.key(k)
		env.click(100, 100)
	}
	if s := env.shapes(); len(s) != 0 || env.e.doc.CanUndo() {
		t.Errorf("clicks drew %v", s)
	}
	env.key(fyne.KeyP)
	env.click(100, 100)
	if s := env.shapes(); len(s) != 1 || len(s[0].Points) != 1 {
		t.Errorf("a pen click drew %v, want a dot", s)
	}
}

func TestEditorColorAndWidthKeys(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	for c := 1; c <= 8; c++ {
		env.key(fyne.KeyName(string(rune('0' + c))))
		if env.e.Color() != c || !env.e.bar.swatches[c-1].selected {
			t.Errorf("key %d: colour %d", c, env.e.Color())
		}
	}
	env.key(fyne.Key9)
	if env.e.Color() != 8 {
		t.Errorf("key 9 changed the colour to %d", env.e.Color())
	}
	env.key(fyne.Key2)
	env.key(fyne.KeyRightBracket)
	env.key(fyne.KeyRightBracket)
	env.key(fyne.KeyLeftBracket)
	if w := env.e.Width(); w != annotate.DefaultWidth+1 {
		t.Errorf("after ] ] [ width %v, want %v", w, annotate.DefaultWidth+1)
	}
	env.e.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 25)})
	env.e.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 4)}) // a touchpad's nudge: not yet a step
	if w := env.e.Width(); w != annotate.DefaultWidth+2 {
		t.Errorf("after a wheel notch up width %v, want %v", w, annotate.DefaultWidth+2)
	}
	for range 100 {
		env.key(fyne.KeyLeftBracket)
	}
	if env.e.Width() != annotate.MinWidth {
		t.Errorf("width went to %v", env.e.Width())
	}
	env.key(fyne.KeyR)
	env.drag(10, 10, [2]float64{100, 100})
	if s := env.shapes(); s[0].Color != 2 || s[0].Width != annotate.MinWidth {
		t.Errorf("drew %+v, want orange at width 1", s[0])
	}
}

// TestEditorRecolorSelected: with a shape selected, a colour key and the
// width keys change it, one undo step each.
func TestEditorRecolorSelected(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyR)
	env.drag(50, 50, [2]float64{150, 120})
	env.key(fyne.KeyV)
	env.click(50, 80) // on the left edge
	if env.e.selected == 0 {
		t.Fatal("clicking the rectangle's edge did not select it")
	}
	env.key(fyne.Key5)
	env.key(fyne.KeyRightBracket)
	s := env.shapes()[0]
	if s.Color != 5 || s.Width != annotate.DefaultWidth+1 {
		t.Errorf("selected shape colour %d width %v", s.Color, s.Width)
	}
	env.shortcut(fyne.KeyZ, 0)
	if s := env.shapes()[0]; s.Width != annotate.DefaultWidth || s.Color != 5 {
		t.Errorf("undo of the width left %+v", s)
	}
	env.shortcut(fyne.KeyZ, 0)
	if s := env.shapes()[0]; s.Color != 1 {
		t.Errorf("undo of the colour left colour %d", s.Color)
	}
}

func TestEditorUndoRedoKeys(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyR)
	env.drag(50, 50, [2]float64{150, 120})
	env.drag(200, 50, [2]float64{300, 120})
	if len(env.shapes()) != 2 {
		t.Fatal("two drags did not make two rectangles")
	}
	before := framePixelsChanged(env)
	env.shortcut(fyne.KeyZ, 0) // Ctrl+Z
	if len(env.shapes()) != 1 || framePixelsChanged(env) >= before {
		t.Errorf("Ctrl+Z: %d shapes, picture not updated", len(env.shapes()))
	}
	env.shortcut(fyne.KeyZ, fyne.KeyModifierShift) // Ctrl+Shift+Z
	if len(env.shapes()) != 2 || framePixelsChanged(env) != before {
		t.Errorf("Ctrl+Shift+Z: %d shapes", len(env.shapes()))
	}
	env.shortcut(fyne.KeyZ, 0)
	env.shortcut(fyne.KeyY, 0) // Ctrl+Y
	if len(env.shapes()) != 2 {
		t.Errorf("Ctrl+Y: %d shapes", len(env.shapes()))
	}
	env.e.bar.undo.Tapped(&fyne.PointEvent{})
	if len(env.shapes()) != 1 || env.e.bar.redo.Disabled() {
		t.Error("the Undo button did not undo, or Redo stayed disabled")
	}
}

// TestEditorShowsWhatUploads: at 100% the window shows, pixel for pixel,
// the image Ctrl+Enter hands to the upload (at canvas scale 1 and 2).
func TestEditorShowsWhatUploads(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		t.Run(fmt.Sprintf("%gx", scale), func(t *testing.T) {
			env := newEditorEnv(t, "en", 420, 260, fyne.NewSize(1000, 600))
			if c, ok := env.w.Canvas().(interface{ SetScale(float32) }); ok {
				c.SetScale(scale)
			}
			env.w.Resize(fyne.NewSize(1000, 600))
			env.key(fyne.KeyA)
			env.drag(30, 200, [2]float64{200, 60})
			env.key(fyne.KeyX)
			env.drag(250, 40, [2]float64{400, 110})
			env.key(fyne.KeyN)
			env.click(300, 200)
			env.key(fyne.KeyT)
			env.click(40, 40)
			env.typeText("Look here")
			env.shortcut(fyne.KeyReturn, 0) // Ctrl+Enter
			if len(env.uploads) != 1 {
				t.Fatalf("Ctrl+Enter handed %d images to upload", len(env.uploads))
			}
			if env.e.view.zoom != 1 {
				t.Fatalf("zoom %v: the image fits, it should show at 100%%", env.e.view.zoom)
			}
			up := env.uploads[0]
			if up.Bounds().Size() != image.Pt(420, 260) {
				t.Fatalf("uploaded %v", up.Bounds())
			}
			shot := env.w.Canvas().Capture()
			origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(env.e.view).Add(env.at(0, 0))
			ox, oy := int(math.Round(float64(origin.X*scale))), int(math.Round(float64(origin.Y*scale)))
			diff := 0
			for y := range 260 {
				for x := range 420 {
					r1, g1, b1, _ := shot.At(ox+x, oy+y).RGBA()
					r2, g2, b2, _ := up.At(x, y).RGBA()
					if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 {
						diff++
					}
				}
			}
			if diff != 0 {
				t.Errorf("%d pixels of the window differ from the uploaded image", diff)
			}
		})
	}
}

func TestEditorCopySaveCallbacks(t *testing.T) {
	env := newEditorEnv(t, "en", 200, 100, fyne.NewSize(1000, 500))
	env.key(fyne.KeyL)
	env.drag(10, 10, [2]float64{190, 90})
	env.shortcut(fyne.KeyC, 0)
	env.shortcut(fyne.KeyS, 0)
	if len(env.copies) != 1 || len(env.saves) != 1 {
		t.Fatalf("Ctrl+C gave %d images, Ctrl+S %d", len(env.copies), len(env.saves))
	}
	for _, img := range []image.Image{env.copies[0], env.saves[0]} {
		if img.At(100, 50) == env.img.At(100, 50) {
			t.Error("the handed-out image lacks the line")
		}
	}
	if len(env.uploads) != 0 || env.closed != 0 {
		t.Error("copy or save uploaded or closed")
	}
}

// TestEditorEscapeCloses: Esc closes at once without edits; with edits it
// asks, and only Discard closes (removing the saved edits).
func TestEditorEscapeCloses(t *testing.T) {
	env := newEditorEnv(t, "en", 200, 100, fyne.NewSize(1000, 500))
	env.key(fyne.KeyEscape)
	if env.closed != 1 {
		t.Fatalf("Esc without edits: closed %d times", env.closed)
	}
	env = newEditorEnv(t, "en", 200, 100, fyne.NewSize(1000, 500))
	env.key(fyne.KeyR)
	env.drag(10, 10, [2]float64{100, 80})
	env.key(fyne.KeyEscape)
	if env.closed != 0 {
		t.Fatal("Esc with edits closed without asking")
	}
	test.Tap(env.dialogButton(t, "Keep editing"))
	if env.closed != 0 || len(env.shapes()) != 1 {
		t.Fatal("Keep editing closed the editor or lost the edit")
	}
	env.key(fyne.KeyEscape)
	env.key(fyne.KeyP) // keys do not reach the picture under the question…
	if env.e.Tool() != ToolRect || env.e.closing == nil {
		t.Fatalf("under the question: tool %s, question up %v", env.e.Tool(), env.e.closing != nil)
	}
	env.key(fyne.KeyEscape) // …but Esc answers it: keep editing
	if env.e.closing != nil || env.closed != 0 {
		t.Fatal("Esc did not keep editing")
	}
	env.key(fyne.KeyEscape)
	test.Tap(env.dialogButton(t, "Discard"))
	if env.closed != 1 {
		t.Errorf("Discard: closed %d times", env.closed)
	}
	env = newEditorEnv(t, "en", 200, 100, fyne.NewSize(1000, 500))
	env.key(fyne.KeyN)
	env.click(50, 50)
	env.key(fyne.KeyEscape)
	env.key(fyne.KeyReturn) // Enter discards
	if env.closed != 1 {
		t.Errorf("Enter under the question: closed %d times", env.closed)
	}
}
