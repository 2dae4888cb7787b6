package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// MouseDown starts a gesture with the primary button, or a pan with the
// others; either way the picture takes the keyboard focus.
func (v *editorView) MouseDown(ev *desktop.MouseEvent) {
	v.focus()
	v.last = ev.Position
	if ev.Button != desktop.MouseButtonPrimary {
		v.panning = true
		return
	}
	v.pressed = true
	v.e.press(v.toImage(ev.Position))
}

// MouseUp ends the gesture at the pointer. Fyne sends it before DragEnd.
func (v *editorView) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		v.panning = false
		return
	}
	if v.pressed {
		v.pressed = false
		v.e.release(v.toImage(ev.Position))
	}
}

// Dragged follows the pointer: drawing, moving, or panning.
func (v *editorView) Dragged(ev *fyne.DragEvent) {
	if v.panning {
		v.offX += float64(ev.Dragged.DX * v.scale)
		v.offY += float64(ev.Dragged.DY * v.scale)
		v.manual = true
		v.Refresh()
		return
	}
	if !v.pressed { // no MouseDown came (fyne/test.Drag sends none)
		v.pressed = true
		v.e.press(v.toImage(ev.Position.Subtract(ev.Dragged)))
	}
	v.last = ev.Position
	v.e.drag(v.toImage(ev.Position))
}

// DragEnd ends the gesture where the last drag left it, in case no MouseUp
// reached the view (the button was released over the toolbar).
func (v *editorView) DragEnd() {
	v.panning = false
	if v.pressed {
		v.pressed = false
		v.e.release(v.toImage(v.last))
	}
}

// DoubleTapped edits the text under the pointer with the select tool.
func (v *editorView) DoubleTapped(ev *fyne.PointEvent) {
	if v.e.tool == ToolSelect {
		v.e.editTextAt(v.toImage(ev.Position))
	}
}

// Scrolled changes the stroke width, or with Ctrl zooms about the pointer.
// A wheel notch is one step; a touchpad's small scrolls add up to one.
func (v *editorView) Scrolled(ev *fyne.ScrollEvent) {
	v.wheel += ev.Scrolled.DY
	if v.wheel > -10 && v.wheel < 10 {
		return
	}
	up := v.wheel > 0
	v.wheel = 0
	if v.modifiers()&fyne.KeyModifierControl != 0 {
		steps := -1
		if up {
			steps = 1
		}
		v.zoomBy(steps, ev.Position)
		v.e.sync()
		return
	}
	w := v.e.width
	if up {
		v.e.SetWidth(w + widthStep(w))
	} else {
		v.e.SetWidth(w - widthStep(w))
	}
}

// MouseIn, MouseMoved and MouseOut track the pointer for the cursor.
func (v *editorView) MouseIn(ev *desktop.MouseEvent)    { v.last = ev.Position }
func (v *editorView) MouseMoved(ev *desktop.MouseEvent) { v.last = ev.Position }
func (v *editorView) MouseOut()                         {}

// Cursor is a crosshair for drawing, a text cursor for text and the
// pointer for selecting.
func (v *editorView) Cursor() desktop.Cursor {
	switch v.e.tool {
	case ToolSelect:
		return desktop.DefaultCursor
	case ToolText:
		return desktop.TextCursor
	}
	return desktop.CrosshairCursor
}

func (v *editorView) focus() {
	if c := v.e.w.Canvas(); c.Focused() != v {
		c.Focus(v)
	}
}

// AcceptsTab keeps Tab on the picture: moving the focus to a toolbar
// button would send the tool keys to the button.
func (v *editorView) AcceptsTab() bool { return true }

// FocusGained and FocusLost make the view focusable, so that keys typed
// over the picture reach the editor first.
func (v *editorView) FocusGained() {}
func (v *editorView) FocusLost()   {}

// TypedRune, TypedKey and TypedShortcut hand the keys to the editor.
func (v *editorView) TypedRune(r rune)               { v.e.TypedRune(r) }
func (v *editorView) TypedKey(ev *fyne.KeyEvent)     { v.e.TypedKey(ev) }
func (v *editorView) TypedShortcut(sc fyne.Shortcut) { v.e.TypedShortcut(sc) }
