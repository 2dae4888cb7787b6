package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// editorToolbar is the row of tools, colours and width above the picture
// and the actions below it. Every control names its key in its tooltip.
type editorToolbar struct {
	e        *Editor
	tools    map[Tool]*tipButton
	swatches []*swatch
	width    *widget.Label
	undo     *tipButton
	redo     *tipButton
	root     fyne.CanvasObject // the tools, colours and width, above the picture
	acts     fyne.CanvasObject // the actions, below it
}

func newEditorToolbar(e *Editor) *editorToolbar {
	b := &editorToolbar{e: e, tools: map[Tool]*tipButton{}}
	var row []fyne.CanvasObject // one NewHBox at the end: each Add would lay the row out again
	for _, t := range editorTools() {
		tool := t.tool
		btn := newTipButton("", t.icon, tip(t.name(), string(t.key)), e.tips, func() { e.SetTool(tool); e.refocus() })
		b.tools[tool] = btn
		row = append(row, btn)
	}
	row = append(row, widget.NewSeparator())
	for c := 1; c <= annotate.PaletteSize; c++ {
		s := newSwatch(c, tip(colorName(c), fmt.Sprint(c)), e.tips, func(c int) { e.SetColor(c); e.refocus() })
		b.swatches = append(b.swatches, s)
		row = append(row, s)
	}
	row = append(row, widget.NewSeparator())
	thinner := newTipButton("", theme.ContentRemoveIcon(), tip(lang.X("editor.thinner", "Thinner"), "["), e.tips,
		func() { e.SetWidth(e.width - widthStep(e.width)); e.refocus() })
	thicker := newTipButton("", theme.ContentAddIcon(), tip(lang.X("editor.thicker", "Thicker"), "]"), e.tips,
		func() { e.SetWidth(e.width + widthStep(e.width)); e.refocus() })
	b.width = widget.NewLabel("")
	row = append(row, thinner)
	row = append(row, b.width)
	row = append(row, thicker)
	b.root = container.NewVBox(container.NewHBox(row...), widget.NewSeparator())
	b.acts = b.actions()
	b.refresh()
	return b
}

// actions are undo, redo, copy, save and upload.
func (b *editorToolbar) actions() fyne.CanvasObject {
	e := b.e
	b.undo = newTipButton("", theme.ContentUndoIcon(), tip(lang.X("editor.undo", "Undo"), "Ctrl+Z"), e.tips, func() { e.Undo(); e.refocus() })
	b.redo = newTipButton("", theme.ContentRedoIcon(), tip(lang.X("editor.redo", "Redo"), "Ctrl+Shift+Z"), e.tips, func() { e.Redo(); e.refocus() })
	cp := newTipButton("", theme.ContentCopyIcon(), tip(lang.X("editor.copy", "Copy the image"), "Ctrl+C"), e.tips, func() { e.Copy(); e.refocus() })
	save := newTipButton("", theme.DocumentSaveIcon(), tip(lang.X("editor.save", "Save as PNG beside the original"), "Ctrl+S"), e.tips, func() { e.Save(); e.refocus() })
	up := newTipButton(lang.X("editor.upload", "Upload"), theme.UploadIcon(), tip(lang.X("editor.upload", "Upload"), "Ctrl+Enter"), e.tips, func() { e.Upload(); e.refocus() })
	up.Importance = widget.HighImportance
	for _, w := range []*tipButton{b.undo, b.redo, cp, save} {
		w.Importance = widget.LowImportance
	}
	return container.NewHBox(b.undo, b.redo, cp, save, up)
}

func (b *editorToolbar) object() fyne.CanvasObject { return b.root }

// refresh shows the current tool, colour, width and what can be undone.
func (b *editorToolbar) refresh() {
	e := b.e
	for t, btn := range b.tools {
		imp := widget.LowImportance
		if t == e.tool {
			imp = widget.HighImportance
		}
		if btn.Importance != imp {
			btn.Importance = imp
			btn.Refresh()
		}
	}
	for _, s := range b.swatches {
		s.setSelected(s.index == e.color)
	}
	b.width.SetText(lang.X("editor.width", "{{.Width}} px", data("Width", fmt.Sprint(e.width))))
	setEnabled(b.undo, e.doc.CanUndo() || e.text != nil)
	setEnabled(b.redo, e.doc.CanRedo())
}

func setEnabled(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

// refocus gives the keyboard back to the picture after a toolbar click.
func (e *Editor) refocus() { e.w.Canvas().Focus(e.view) }

// colorName is the name of palette colour c.
func colorName(c int) string {
	switch c {
	case 1:
		return lang.X("editor.color.red", "Red")
	case 2:
		return lang.X("editor.color.orange", "Orange")
	case 3:
		return lang.X("editor.color.yellow", "Yellow")
	case 4:
		return lang.X("editor.color.green", "Green")
	case 5:
		return lang.X("editor.color.blue", "Blue")
	case 6:
		return lang.X("editor.color.purple", "Purple")
	case 7:
		return lang.X("editor.color.black", "Black")
	}
	return lang.X("editor.color.white", "White")
}

// swatch is a palette colour to click, with a ring when it is the current
// one.
type swatch struct {
	widget.BaseWidget
	index    int
	selected bool
	tip      string
	tips     *tipLayer
	tapped   func(int)
	dot      *canvas.Circle
	ring     *canvas.Circle
}

var (
	_ fyne.Tappable     = (*swatch)(nil)
	_ desktop.Hoverable = (*swatch)(nil)
)

func newSwatch(i int, tip string, tips *tipLayer, tapped func(int)) *swatch {
	s := &swatch{index: i, tip: tip, tips: tips, tapped: tapped}
	s.dot = canvas.NewCircle(annotate.PaletteColor(i))
	s.dot.StrokeColor, s.dot.StrokeWidth = color.NRGBA{0x80, 0x80, 0x80, 0xff}, 1
	s.ring = canvas.NewCircle(color.Transparent)
	s.ring.StrokeWidth = 2
	s.ExtendBaseWidget(s)
	return s
}

func (s *swatch) setSelected(on bool) {
	if s.selected != on {
		s.selected = on
		s.Refresh()
	}
}

// Tapped picks the colour.
func (s *swatch) Tapped(*fyne.PointEvent) {
	s.tips.hide(s)
	s.tapped(s.index)
}

// MouseIn shows the tooltip; MouseOut hides it.
func (s *swatch) MouseIn(*desktop.MouseEvent)    { s.tips.show(s.tip, s) }
func (s *swatch) MouseMoved(*desktop.MouseEvent) {}
func (s *swatch) MouseOut()                      { s.tips.hide(s) }

func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	return &swatchRenderer{s: s, objs: []fyne.CanvasObject{s.ring, s.dot}}
}

type swatchRenderer struct {
	s    *swatch
	objs []fyne.CanvasObject
}

func (r *swatchRenderer) Layout(size fyne.Size) {
	d := min(size.Width, size.Height)
	at := fyne.NewPos((size.Width-d)/2, (size.Height-d)/2)
	r.s.ring.Move(at.AddXY(2, 2))
	r.s.ring.Resize(fyne.NewSquareSize(d - 4))
	r.s.dot.Move(at.AddXY(7, 7))
	r.s.dot.Resize(fyne.NewSquareSize(d - 14))
}

func (r *swatchRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(30) }

func (r *swatchRenderer) Refresh() {
	r.s.ring.StrokeColor = color.Transparent
	if r.s.selected {
		r.s.ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
	}
	r.s.ring.Refresh()
	r.s.dot.Refresh()
}

func (r *swatchRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *swatchRenderer) Destroy()                     {}
