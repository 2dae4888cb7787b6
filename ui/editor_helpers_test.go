package ui

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// editorEnv is an editor in a test window over a synthetic capture, with
// what its callbacks received.
type editorEnv struct {
	e       *Editor
	w       fyne.Window
	img     *image.RGBA
	uploads []image.Image
	copies  []image.Image
	saves   []image.Image
	closed  int
	gone    bool // the window was closed
}

// closeWindow closes the window once (the test driver panics on twice).
func (env *editorEnv) closeWindow() {
	if !env.gone {
		env.gone = true
		env.w.Close()
	}
}

// newEditorEnv opens a w×h capture in a window of the given size (in
// units, at canvas scale 1), in language code.
func newEditorEnv(t testing.TB, code string, w, h int, win fyne.Size) *editorEnv {
	t.Helper()
	test.NewTempApp(t)
	withLanguage(t, code)
	env := &editorEnv{img: editorCapture(w, h)}
	path := filepath.Join(t.TempDir(), "shot.png")
	doc := annotate.NewDocument(path, w, h)
	env.w = test.NewWindow(nil)
	t.Cleanup(env.closeWindow)
	env.w.Resize(win)
	var err error
	env.e, err = NewEditor(env.w, EditorDeps{
		Doc: doc, Image: env.img,
		Fonts:    annotate.Fonts{Regular: goregular.TTF, Bold: gobold.TTF},
		OnUpload: func(img image.Image) { env.uploads = append(env.uploads, img) },
		OnCopy:   func(img image.Image) { env.copies = append(env.copies, img) },
		OnSave:   func(img image.Image) { env.saves = append(env.saves, img) },
		OnClose:  func() { env.closed++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	env.e.tips.delay = 0
	env.e.view.mods = func() fyne.KeyModifier { return 0 }
	env.w.Resize(win) // the content is set: lay it out at this size
	return env
}

// editorCapture is a w×h picture like a window: bands of colour and dark
// text-like bars, deterministic.
func editorCapture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0xf6, 0xf7, 0xf9, 0xff}
			switch {
			case y < 28:
				c = color.RGBA{0x2f, 0x34, 0x3f, 0xff}
			case y%22 >= 8 && y%22 < 14 && x%160 > 12 && x%160 < 30+(y*5+x/160*17)%110:
				c = color.RGBA{0x3a, 0x3d, 0x44, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// at is the position on the view of image pixel (x, y).
func (env *editorEnv) at(x, y float64) fyne.Position {
	return env.e.view.toUnits(annotate.Point{X: x, Y: y})
}

// drag presses on image pixel (x0, y0), drags through the given points
// and releases on the last, as the desktop driver delivers it.
func (env *editorEnv) drag(x0, y0 float64, through ...[2]float64) {
	v := env.e.view
	start := env.at(x0, y0)
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: start}, Button: desktop.MouseButtonPrimary})
	prev := start
	for _, p := range through {
		pos := env.at(p[0], p[1])
		v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: fyne.NewDelta(pos.X-prev.X, pos.Y-prev.Y)})
		prev = pos
	}
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: prev}, Button: desktop.MouseButtonPrimary})
	v.DragEnd()
}

// click presses and releases on image pixel (x, y).
func (env *editorEnv) click(x, y float64) { env.drag(x, y) }

// key types a key as the driver delivers it: to the focused object, else
// (a dialog is up) to the canvas's handler.
func (env *editorEnv) key(k fyne.KeyName) {
	c := env.w.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: k})
	} else if h := c.OnTypedKey(); h != nil {
		h(&fyne.KeyEvent{Name: k})
	}
}

// typeText types runes as the driver delivers them.
func (env *editorEnv) typeText(s string) {
	c := env.w.Canvas()
	for _, r := range s {
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else if h := c.OnTypedRune(); h != nil {
			h(r)
		}
	}
}

// shortcut sends a Ctrl (plus mods) shortcut as the desktop driver does.
func (env *editorEnv) shortcut(k fyne.KeyName, mods fyne.KeyModifier) {
	var sc fyne.Shortcut = &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl | mods}
	if mods == 0 {
		switch k {
		case fyne.KeyZ:
			sc = &fyne.ShortcutUndo{}
		case fyne.KeyY:
			sc = &fyne.ShortcutRedo{}
		case fyne.KeyC:
			sc = &fyne.ShortcutCopy{}
		}
	}
	env.w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(sc)
}

func (env *editorEnv) shapes() []annotate.Shape { return env.e.doc.Shapes() }

// findButton is the button labelled text in o's tree, or nil.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// dialogButton is the button labelled text in the window's top overlay.
func (env *editorEnv) dialogButton(t testing.TB, text string) *widget.Button {
	t.Helper()
	top := env.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is shown (looking for %q)", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	return b
}
