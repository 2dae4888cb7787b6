package ui

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// TestEditorText: T, a click, typing, Enter for a new line, Backspace, Esc
// to end: one text shape, one undo step. Letter keys type, not switch tools.
func TestEditorText(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyT)
	env.click(50, 60)
	for _, k := range []struct {
		name fyne.KeyName
		r    string
	}{{fyne.KeyH, "H"}, {fyne.KeyI, "i"}} { // the driver sends the key, then the rune
		env.key(k.name)
		env.typeText(k.r)
	}
	env.key(fyne.KeyReturn)
	env.typeText("therex")
	env.key(fyne.KeyBackspace)
	if env.e.Tool() != ToolText {
		t.Errorf("typing switched the tool to %s", env.e.Tool())
	}
	if !env.e.view.ov.caret[1].Visible() {
		t.Error("no caret while typing")
	}
	env.key(fyne.KeyEscape)
	if env.closed != 0 {
		t.Fatal("Esc while typing closed the editor")
	}
	s := env.shapes()
	if len(s) != 1 || s[0].Kind != annotate.Text || s[0].Text != "Hi\nthere" {
		t.Fatalf("shapes %+v, want the text \"Hi\\nthere\"", s)
	}
	if env.e.view.ov.caret[1].Visible() {
		t.Error("the caret stayed after Esc")
	}
	env.shortcut(fyne.KeyZ, 0)
	if len(env.shapes()) != 0 || env.e.doc.CanUndo() {
		t.Errorf("one undo left %v: typing was more than one step", env.shapes())
	}
}

// TestEditorTextClickElsewhere: a click elsewhere ends the text and only
// that; an empty text leaves nothing; clicking a text edits it.
func TestEditorTextClickElsewhere(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyT)
	env.click(50, 60)
	env.typeText("one")
	env.click(200, 200) // ends "one"
	if env.e.text != nil || len(env.shapes()) != 1 {
		t.Fatalf("after the click elsewhere: editing %v, shapes %v", env.e.text != nil, env.shapes())
	}
	env.click(200, 200) // a new, empty text…
	env.click(300, 250) // …ended at once: nothing
	if len(env.shapes()) != 1 {
		t.Errorf("an empty text was kept: %v", env.shapes())
	}
	env.click(55, 60) // on "one": edit it
	env.typeText("!")
	env.key(fyne.KeyEscape)
	if s := env.shapes(); len(s) != 1 || s[0].Text != "one!" {
		t.Errorf("editing the text gave %v", s)
	}
	env.click(55, 60)
	for range 4 {
		env.key(fyne.KeyBackspace)
	}
	env.key(fyne.KeyEscape)
	if len(env.shapes()) != 0 {
		t.Errorf("a text emptied by Backspace stayed: %v", env.shapes())
	}
	env.shortcut(fyne.KeyZ, 0)
	if s := env.shapes(); len(s) != 1 || s[0].Text != "one!" {
		t.Errorf("undo of the emptying gave %v", s)
	}
}

// TestEditorSelectMoveResizeDelete: V, a press on a shape selects and
// drags it; a handle resizes it; Delete removes it; each one undo step.
func TestEditorSelectMoveResizeDelete(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyR)
	env.drag(50, 50, [2]float64{150, 120})
	env.key(fyne.KeyV)
	env.drag(150, 90, [2]float64{170, 100}, [2]float64{190, 110}) // grab the right edge
	s := env.shapes()[0]
	if !nearPoints(s.Points, pts2(90, 70, 190, 140)) {
		t.Fatalf("moved to %v, want 40 px right and 20 down", s.Points)
	}
	if !env.e.view.ov.sel[1].Visible() || !env.e.view.ov.handles[2].Visible() {
		t.Error("the selection and its handles are not shown")
	}
	env.drag(190, 140, [2]float64{250, 200}) // the bottom-right handle
	if s := env.shapes()[0]; !nearPoints(s.Points, pts2(90, 70, 250, 200)) {
		t.Errorf("resized to %v", s.Points)
	}
	env.key(fyne.KeyDelete)
	if len(env.shapes()) != 0 {
		t.Fatal("Delete left the shape")
	}
	env.shortcut(fyne.KeyZ, 0)
	if s := env.shapes(); len(s) != 1 || !nearPoints(s[0].Points, pts2(90, 70, 250, 200)) {
		t.Errorf("undo of the delete: %v", s)
	}
	env.shortcut(fyne.KeyZ, 0)
	env.shortcut(fyne.KeyZ, 0)
	if s := env.shapes(); !nearPoints(s[0].Points, pts2(50, 50, 150, 120)) {
		t.Errorf("undo of the resize and the move: %v", s[0].Points)
	}
	env.click(300, 280) // on nothing
	if env.e.selected != 0 || env.e.view.ov.sel[1].Visible() {
		t.Error("a click on nothing kept the selection")
	}
}

func TestEditorSelectDoubleClickEditsText(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyT)
	env.click(50, 60)
	env.typeText("ab")
	env.key(fyne.KeyEscape)
	env.key(fyne.KeyV)
	env.e.view.DoubleTapped(&fyne.PointEvent{Position: env.at(55, 60)})
	env.typeText("c")
	env.key(fyne.KeyEscape)
	if s := env.shapes(); s[0].Text != "abc" {
		t.Errorf("text %q", s[0].Text)
	}
}

// TestEditorSteps: N and three clicks give steps 1, 2, 3; after undoing
// the 3 the next is 3 again.
func TestEditorSteps(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyN)
	for i := range 3 {
		env.click(float64(50+60*i), 100)
	}
	env.shortcut(fyne.KeyZ, 0)
	env.click(300, 200)
	var got []int
	for _, s := range env.shapes() {
		got = append(got, s.Number)
	}
	if len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("steps %v, want 1 2 3", got)
	}
}

// TestEditorCrop: C and a drag set the crop; the other tools then show
// only the crop, and the upload is just that part. A click with C removes
// the crop.
func TestEditorCrop(t *testing.T) {
	env := newEditorEnv(t, "en", 400, 300, fyne.NewSize(1000, 600))
	env.key(fyne.KeyC)
	env.drag(40, 30, [2]float64{100, 100}, [2]float64{240, 180})
	if got := env.e.doc.Crop(); got != image.Rect(40, 30, 240, 180) {
		t.Fatalf("crop %v", got)
	}
	if !env.e.view.ov.veil[0].Visible() {
		t.Error("the crop tool does not veil what the crop leaves out")
	}
	env.key(fyne.KeyA)
	if env.e.view.region != image.Rect(40, 30, 240, 180) || env.e.view.ov.veil[0].Visible() {
		t.Errorf("with the arrow tool the view shows %v", env.e.view.region)
	}
	env.drag(60, 50, [2]float64{200, 150}) // image coordinates still
	if s := env.shapes(); len(s) != 1 || !nearPoints(s[0].Points, pts2(60, 50, 200, 150)) {
		t.Errorf("an arrow drawn in the cropped view: %v", s)
	}
	env.shortcut(fyne.KeyReturn, 0)
	if b := env.uploads[0].Bounds(); b != image.Rect(0, 0, 200, 150) {
		t.Errorf("uploaded %v, want the 200×150 crop", b)
	}
	env.key(fyne.KeyC)
	env.click(10, 10)
	if env.e.doc.Cropped() {
		t.Error("a click with the crop tool kept the crop")
	}
}

// TestEditorZoom: a capture larger than the window is fitted; Ctrl+0
// shows 100%; Ctrl+wheel zooms about the pointer; drawing at any zoom
// lands on the image pixels under the pointer.
func TestEditorZoom(t *testing.T) {
	env := newEditorEnv(t, "en", 3000, 2000, fyne.NewSize(1000, 700))
	v := env.e.view
	if v.zoom >= 1 || v.zoom < 0.2 {
		t.Fatalf("a 3000×2000 capture in a 1000×700 window shows at zoom %v", v.zoom)
	}
	env.key(fyne.KeyR)
	env.drag(1000, 500, [2]float64{2000, 1500})
	if s := env.shapes(); !nearPoints(s[0].Points, pts2(1000, 500, 2000, 1500)) {
		t.Errorf("drawn at fit zoom: %v", s[0].Points)
	}
	env.shortcut(fyne.Key0, 0)
	if v.zoom != 1 {
		t.Errorf("Ctrl+0: zoom %v", v.zoom)
	}
	v.mods = func() fyne.KeyModifier { return fyne.KeyModifierControl }
	at := env.at(1500, 1000)
	v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, -25)})
	if v.zoom != 0.8 {
		t.Errorf("Ctrl+wheel down: zoom %v, want 0.8", v.zoom)
	}
	if p := v.toImage(at); !nearPoints([]annotate.Point{p}, pts2(1500, 1000)) {
		t.Errorf("zooming moved the pixel under the pointer to %v", p)
	}
	if env.e.Width() != annotate.DefaultWidth {
		t.Error("Ctrl+wheel changed the width")
	}
	v.mods = func() fyne.KeyModifier { return 0 }
	env.drag(1400, 900, [2]float64{1450, 950})
	if s := env.shapes(); len(s) != 2 || !nearPoints(s[1].Points, pts2(1400, 900, 1450, 950)) {
		t.Errorf("drawn at 80%%: %v", s)
	}
}

// TestEditorPan: dragging with another button moves a zoomed picture.
func TestEditorPan(t *testing.T) {
	env := newEditorEnv(t, "en", 3000, 2000, fyne.NewSize(1000, 700))
	v := env.e.view
	env.shortcut(fyne.Key0, 0)
	before := v.toImage(fyne.NewPos(400, 300))
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(400, 300)}, Button: desktop.MouseButtonSecondary})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(300, 250)}, Dragged: fyne.NewDelta(-100, -50)})
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(300, 250)}, Button: desktop.MouseButtonSecondary})
	v.DragEnd()
	after := v.toImage(fyne.NewPos(400, 300))
	if after.X-before.X != 100 || after.Y-before.Y != 50 {
		t.Errorf("panning by (-100, -50) moved the view by (%v, %v)", after.X-before.X, after.Y-before.Y)
	}
	if len(env.shapes()) != 0 {
		t.Error("panning drew")
	}
}

// TestEditorDiscardRemovesSavedEdits: with the document saved beside the
// capture, Discard removes the saved edits; the close button asks too.
func TestEditorDiscardRemovesSavedEdits(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "shot.png")
	if err := annotate.SavePNG(src, editorCapture(200, 100)); err != nil {
		t.Fatal(err)
	}
	doc, img, err := annotate.Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	closed := 0
	e, err := NewEditor(w, EditorDeps{Doc: doc, Image: img, OnClose: func() { closed++ }})
	if err != nil {
		t.Fatal(err)
	}
	w.Resize(fyne.NewSize(1000, 500))
	e.SetTool(ToolRect)
	e.press(annotate.Pt(10, 10))
	e.drag(annotate.Pt(100, 80))
	e.release(annotate.Pt(100, 80))
	if err := doc.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(annotate.SidecarPath(src)); err != nil {
		t.Fatalf("the edit was not saved beside the capture: %v", err)
	}
	e.RequestClose() // the window's close button
	env := &editorEnv{w: w}
	test.Tap(env.dialogButton(t, "Discard"))
	if closed != 1 {
		t.Errorf("closed %d times", closed)
	}
	if _, err := os.Stat(annotate.SidecarPath(src)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Discard left the saved edits (%v)", err)
	}
}
