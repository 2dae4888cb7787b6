package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// Tool is what a press on the picture does.
type Tool string

// The editor's tools: the annotate kinds, selecting and cropping.
const (
	ToolSelect  Tool = "select"
	ToolPen     Tool = Tool(annotate.Pen)
	ToolLine    Tool = Tool(annotate.Line)
	ToolArrow   Tool = Tool(annotate.Arrow)
	ToolRect    Tool = Tool(annotate.Rect)
	ToolEllipse Tool = Tool(annotate.Ellipse)
	ToolMarker  Tool = Tool(annotate.Marker)
	ToolText    Tool = Tool(annotate.Text)
	ToolStep    Tool = Tool(annotate.Step)
	ToolRedact  Tool = Tool(annotate.Redact)
	ToolCrop    Tool = "crop"
)

// editorTool is a tool's key, name and icon: the contract's keys table.
type editorTool struct {
	tool Tool
	key  fyne.KeyName
	name func() string
	icon fyne.Resource
}

func editorTools() []editorTool {
	return []editorTool{
		{ToolSelect, fyne.KeyV, func() string { return lang.X("editor.tool.select", "Select, move, resize") }, iconSelect},
		{ToolPen, fyne.KeyP, func() string { return lang.X("editor.tool.pen", "Pen") }, iconPen},
		{ToolLine, fyne.KeyL, func() string { return lang.X("editor.tool.line", "Line") }, iconLine},
		{ToolArrow, fyne.KeyA, func() string { return lang.X("editor.tool.arrow", "Arrow") }, iconArrow},
		{ToolRect, fyne.KeyR, func() string { return lang.X("editor.tool.rect", "Rectangle") }, iconRect},
		{ToolEllipse, fyne.KeyO, func() string { return lang.X("editor.tool.ellipse", "Ellipse") }, iconEllipse},
		{ToolMarker, fyne.KeyM, func() string { return lang.X("editor.tool.marker", "Marker") }, iconMarker},
		{ToolText, fyne.KeyT, func() string { return lang.X("editor.tool.text", "Text") }, iconText},
		{ToolStep, fyne.KeyN, func() string { return lang.X("editor.tool.step", "Numbered step") }, iconStep},
		{ToolRedact, fyne.KeyX, func() string { return lang.X("editor.tool.redact", "Redact (pixelate)") }, iconRedact},
		{ToolCrop, fyne.KeyC, func() string { return lang.X("editor.tool.crop", "Crop") }, iconCrop},
	}
}

// tip is a tooltip naming a control and its key, "Pen (P)".
func tip(name, key string) string {
	return lang.X("editor.tip", "{{.Name}} ({{.Key}})", data("Name", name, "Key", key))
}

// attachKeys routes the window's keys to the editor when the picture does
// not have the focus (after a toolbar click), and registers its shortcuts.
func (e *Editor) attachKeys() {
	c := e.w.Canvas()
	c.SetOnTypedKey(e.TypedKey)
	c.SetOnTypedRune(e.TypedRune)
	ctrl := fyne.KeyModifierControl
	for _, sc := range []fyne.Shortcut{
		&fyne.ShortcutUndo{}, &fyne.ShortcutRedo{}, &fyne.ShortcutCopy{},
		&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift},
		&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.KeyPlus, Modifier: ctrl},
		&desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: ctrl},
	} {
		c.AddShortcut(sc, e.TypedShortcut)
	}
}

// TypedKey handles the tool keys, 1–8, [ and ], Delete and Esc; while a
// text is typed, the keys that edit it.
func (e *Editor) TypedKey(ev *fyne.KeyEvent) {
	if e.closing != nil { // the picture keeps the focus under the question
		e.answerDiscard(ev.Name)
		return
	}
	if e.text != nil {
		e.textKey(ev)
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		e.RequestClose()
		return
	case fyne.KeyDelete, fyne.KeyBackspace:
		e.Delete()
		return
	case fyne.KeyLeftBracket:
		e.SetWidth(e.width - widthStep(e.width))
		return
	case fyne.KeyRightBracket:
		e.SetWidth(e.width + widthStep(e.width))
		return
	}
	if c := colorKey(ev.Name); c > 0 {
		e.SetColor(c)
		return
	}
	for _, t := range editorTools() {
		if t.key == ev.Name {
			e.SetTool(t.tool)
			return
		}
	}
}

// answerDiscard lets the keys answer the discard question: Enter
// discards, Esc keeps editing; the others do nothing while it is up.
func (e *Editor) answerDiscard(k fyne.KeyName) {
	switch k {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.closing.Confirm()
	case fyne.KeyEscape:
		e.closing.Dismiss()
	}
}

// widthStep is how much [ and ] change a width: a pixel for thin lines,
// more for thick ones.
func widthStep(w float64) float64 { return max(1, float64(int(w/6))) }

func colorKey(k fyne.KeyName) int {
	if len(k) == 1 && k[0] >= '1' && k[0] <= '8' {
		return int(k[0] - '0')
	}
	return 0
}

// TypedRune types into the text being edited; other runes are ignored (the
// tool keys arrive as keys).
func (e *Editor) TypedRune(r rune) {
	if e.text != nil && e.closing == nil {
		e.typeRune(r)
	}
}

// TypedShortcut handles Ctrl+Z (undo), Ctrl+Shift+Z and Ctrl+Y (redo),
// Ctrl+Enter (upload), Ctrl+C (copy), Ctrl+S (save) and the zoom keys.
func (e *Editor) TypedShortcut(sc fyne.Shortcut) {
	if e.closing != nil {
		return
	}
	switch s := sc.(type) {
	case *fyne.ShortcutUndo:
		e.Undo()
	case *fyne.ShortcutRedo:
		e.Redo()
	case *fyne.ShortcutCopy:
		e.Copy()
	case *desktop.CustomShortcut:
		e.customShortcut(s)
	}
}

func (e *Editor) customShortcut(s *desktop.CustomShortcut) {
	ctrl := fyne.KeyModifierControl
	switch {
	case s.Modifier == ctrl|fyne.KeyModifierShift && s.KeyName == fyne.KeyZ:
		e.Redo()
	case s.Modifier != ctrl:
	case s.KeyName == fyne.KeyZ:
		e.Undo()
	case s.KeyName == fyne.KeyY:
		e.Redo()
	case s.KeyName == fyne.KeyC:
		e.Copy()
	case s.KeyName == fyne.KeyReturn || s.KeyName == fyne.KeyEnter:
		e.Upload()
	case s.KeyName == fyne.KeyS:
		e.Save()
	case s.KeyName == fyne.Key0:
		e.view.setZoom(1, e.view.center())
		e.sync()
	case s.KeyName == fyne.KeyEqual || s.KeyName == fyne.KeyPlus:
		e.view.zoomBy(1, e.view.center())
		e.sync()
	case s.KeyName == fyne.KeyMinus:
		e.view.zoomBy(-1, e.view.center())
		e.sync()
	}
}
