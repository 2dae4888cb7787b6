package ui

import (
	"fmt"
	"image"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// EditorDeps is what the editor window needs from the app. The callbacks
// run on the UI thread and get the picture as the editor shows it (cut to
// the crop, at native size), theirs to keep: they should return at once,
// do the slow part (encoding, uploading) elsewhere and report back with
// Editor.SetStatus.
type EditorDeps struct {
	Doc   *annotate.Document // the document, from annotate.Open
	Image image.Image        // its decoded source image
	Fonts annotate.Fonts     // for text and steps; the theme's fonts when Regular is nil

	OnUpload func(img image.Image) // Ctrl+Enter, the Upload button
	OnCopy   func(img image.Image) // Ctrl+C: put the picture on the clipboard
	OnSave   func(img image.Image) // Ctrl+S: save it as a PNG (annotate.EditedPath)
	OnClose  func()                // the user closed the editor without uploading (the edits are discarded): close the window
}

// EditorTitle is the editor window's title for the image at path.
func EditorTitle(path string) string { return filepath.Base(path) + " — Upshot editor" }

// Editor is the image editor's window content: a toolbar, the picture and
// a status line. Every drawing goes through the annotate renderer, so the
// picture at 100% is, pixel for pixel, what is uploaded.
type Editor struct {
	w     fyne.Window
	d     EditorDeps
	doc   *annotate.Document
	scene *annotate.Scene

	view   *editorView
	bar    *editorToolbar
	tips   *tipLayer
	status *widget.Label
	info   *widget.Label   // the picture's size and zoom
	bottom *fyne.Container // the status line, the info and the actions

	tool     Tool
	color    int
	width    float64
	selected int                   // shape id under the select tool, 0 when none
	text     *textEdit             // the text being typed, nil when none
	g        *editGesture          // the press being dragged, nil when none
	closing  *dialog.ConfirmDialog // the discard question, while it is up
}

// NewEditor builds the editor into w: its content, its title, its keys and
// its close button (which asks before discarding edits, like Esc).
func NewEditor(w fyne.Window, d EditorDeps) (*Editor, error) {
	if d.Fonts.Regular == nil {
		d.Fonts = themeFonts()
	}
	r, err := annotate.NewRenderer(d.Fonts)
	if err != nil {
		return nil, fmt.Errorf("start the editor: %w", err)
	}
	e := &Editor{w: w, d: d, doc: d.Doc, tool: ToolArrow, color: 1, width: annotate.DefaultWidth}
	e.scene = annotate.NewScene(d.Doc, d.Image, r)
	e.view = newEditorView(e)
	e.tips = newTipLayer()
	e.bar = newEditorToolbar(e)
	e.status = widget.NewLabel(editorHint())
	e.status.Truncation = fyne.TextTruncateEllipsis
	e.info = widget.NewLabel("")
	e.bottom = container.NewBorder(widget.NewSeparator(), nil, nil, container.NewHBox(e.info, e.bar.acts), e.status)
	body := container.NewBorder(e.bar.object(), e.bottom, nil, nil, e.view)
	w.SetContent(container.NewStack(body, e.tips.object()))
	w.SetTitle(EditorTitle(d.Doc.Source()))
	e.attachKeys()
	w.SetCloseIntercept(e.RequestClose)
	w.Canvas().Focus(e.view)
	e.sync()
	return e, nil
}

// themeFonts are the theme's regular and bold fonts.
func themeFonts() annotate.Fonts {
	t := theme.DefaultTheme()
	return annotate.Fonts{
		Regular: t.Font(fyne.TextStyle{}).Content(),
		Bold:    t.Font(fyne.TextStyle{Bold: true}).Content(),
	}
}

// Document is the document being edited.
func (e *Editor) Document() *annotate.Document { return e.doc }

// Tool is the tool in use.
func (e *Editor) Tool() Tool { return e.tool }

// Color is the palette colour new shapes get (1–8).
func (e *Editor) Color() int { return e.color }

// Width is the stroke width new shapes get, in image pixels.
func (e *Editor) Width() float64 { return e.width }

// SetStatus shows a message in the status line ("" brings back the hint).
func (e *Editor) SetStatus(s string) {
	if s == "" {
		s = editorHint()
	}
	e.status.SetText(s)
}

func editorHint() string {
	return lang.X("editor.hint", "Ctrl+Enter uploads · Ctrl+Z undoes · Esc closes")
}

// SetTool switches to tool t, ending any text being typed.
func (e *Editor) SetTool(t Tool) {
	e.finishText()
	if t != ToolSelect {
		e.selected = 0
	}
	e.tool = t
	e.sync()
}

// SetColor picks palette colour c (1–8) for new shapes, and gives it to
// the selected shape or the text being typed.
func (e *Editor) SetColor(c int) {
	if c < 1 || c > annotate.PaletteSize {
		return
	}
	e.color = c
	if id := e.target(); id != 0 {
		e.doc.Recolor(id, c)
	}
	e.sync()
}

// SetWidth sets the stroke width for new shapes, and for the selected
// shape or the text being typed.
func (e *Editor) SetWidth(w float64) {
	e.width = annotate.ClampWidth(w)
	if id := e.target(); id != 0 {
		e.doc.SetWidth(id, e.width)
	}
	e.sync()
}

// target is the shape that colour and width keys change besides the
// defaults: the text being typed or the selected shape.
func (e *Editor) target() int {
	if e.text != nil {
		return e.text.id
	}
	return e.selected
}

// Undo reverts the last edit.
func (e *Editor) Undo() {
	e.endPress()
	e.finishText()
	e.doc.Undo()
	e.dropStaleSelection()
	e.sync()
}

// Redo repeats the last undone edit.
func (e *Editor) Redo() {
	e.endPress()
	e.finishText()
	e.doc.Redo()
	e.dropStaleSelection()
	e.sync()
}

func (e *Editor) dropStaleSelection() {
	if _, ok := e.doc.Shape(e.selected); !ok {
		e.selected = 0
	}
}

// Delete removes the selected shape.
func (e *Editor) Delete() {
	if e.selected != 0 && e.text == nil {
		e.doc.Delete(e.selected)
		e.selected = 0
		e.sync()
	}
}

// export ends what is in progress and returns the picture to hand out.
func (e *Editor) export() image.Image {
	e.endPress()
	e.finishText()
	e.sync()
	return e.scene.Export()
}

// Upload hands the picture to OnUpload.
func (e *Editor) Upload() {
	if img := e.export(); e.d.OnUpload != nil {
		e.d.OnUpload(img)
	}
}

// Copy hands the picture to OnCopy.
func (e *Editor) Copy() {
	if img := e.export(); e.d.OnCopy != nil {
		e.d.OnCopy(img)
	}
}

// Save hands the picture to OnSave.
func (e *Editor) Save() {
	if img := e.export(); e.d.OnSave != nil {
		e.d.OnSave(img)
	}
}

// RequestClose closes the editor, asking first when there are edits: Esc
// and the window's close button. Closing discards the saved edits.
func (e *Editor) RequestClose() {
	e.endPress()
	e.finishText()
	e.sync()
	if e.closing != nil {
		return
	}
	if !e.doc.Edited() {
		e.close()
		return
	}
	name := filepath.Base(e.doc.Source())
	msg := widget.NewLabel(lang.X("editor.discard.message", "{{.Name}} has edits that were not uploaded. Close the editor and throw them away?", data("Name", name)))
	msg.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm(lang.X("editor.discard.title", "Discard your edits?"),
		lang.X("editor.discard.confirm", "Discard"), lang.X("editor.discard.keep", "Keep editing"), msg,
		func(discard bool) {
			e.closing = nil
			if discard {
				e.close()
			} else {
				e.w.Canvas().Focus(e.view)
			}
		}, e.w)
	dlg.Resize(fyne.NewSize(420, 0))
	e.closing = dlg
	dlg.Show()
}

func (e *Editor) close() {
	if err := e.doc.Discard(); err != nil {
		fyne.LogError("editor: discard saved edits", err)
	}
	if e.d.OnClose != nil {
		e.d.OnClose()
	}
}

// sync brings the picture, the overlays, the toolbar and the status line
// up to date with the document and the editor's state.
func (e *Editor) sync() {
	e.view.update(e.scene.Update())
	e.bar.refresh()
	e.showInfo()
}

// showInfo shows the picture's size and zoom; the view calls it too, when
// its layout fits the zoom to the window.
func (e *Editor) showInfo() {
	if e.info == nil || e.bottom == nil {
		return
	}
	b := e.doc.Crop()
	if s := fmt.Sprintf("%d × %d · %d%%", b.Dx(), b.Dy(), int(e.view.zoom*100+0.5)); s != e.info.Text {
		e.info.SetText(s)
		e.bottom.Refresh() // the label's new width moves the actions
	}
}
