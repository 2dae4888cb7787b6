package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// keyRecorder captures the next key combination pressed in a window. It
// borrows the canvas's key handlers and gives them back when it ends: on a
// desktop canvas the key-down/up events, which also report the modifier
// keys themselves; elsewhere the typed-key event with the driver's current
// modifiers. Escape alone cancels.
type keyRecorder struct {
	c       fyne.Canvas
	mods    fyne.KeyModifier // modifier keys seen going down and not yet up
	finish  func(combo string, ok bool)
	restore func() // nil once the recording has ended
}

// startKeyRecorder starts listening on c. finish gets the combination
// (e.g. "Ctrl+Shift+3", not yet checked) or ok == false when canceled.
func startKeyRecorder(c fyne.Canvas, finish func(combo string, ok bool)) *keyRecorder {
	r := &keyRecorder{c: c, finish: finish}
	c.Unfocus() // a focused widget would receive the keys instead of the canvas
	if dc, ok := c.(desktop.Canvas); ok {
		down, up := dc.OnKeyDown(), dc.OnKeyUp()
		dc.SetOnKeyDown(r.keyDown)
		dc.SetOnKeyUp(r.keyUp)
		r.restore = func() { dc.SetOnKeyDown(down); dc.SetOnKeyUp(up) }
		return r
	}
	typed := c.OnTypedKey()
	c.SetOnTypedKey(r.keyDown)
	r.restore = func() { c.SetOnTypedKey(typed) }
	return r
}

// keyDown notes a modifier, or ends the recording at the first other key.
func (r *keyRecorder) keyDown(ev *fyne.KeyEvent) {
	if bit := modifierOf(ev.Name); bit != 0 {
		r.mods |= bit
		return
	}
	mods := r.mods | driverModifiers()
	if ev.Name == fyne.KeyEscape && mods == 0 {
		r.stop("", false)
		return
	}
	r.stop(comboText(mods, ev.Name), true)
}

// keyUp forgets a released modifier.
func (r *keyRecorder) keyUp(ev *fyne.KeyEvent) { r.mods &^= modifierOf(ev.Name) }

// cancel ends the recording without a combination.
func (r *keyRecorder) cancel() { r.stop("", false) }

func (r *keyRecorder) stop(combo string, ok bool) {
	if r.restore == nil {
		return
	}
	r.restore()
	r.restore = nil
	r.finish(combo, ok)
}

// modifierOf maps the modifier keys to their modifier bit (0 for others).
func modifierOf(k fyne.KeyName) fyne.KeyModifier {
	switch k {
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return fyne.KeyModifierControl
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return fyne.KeyModifierShift
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return fyne.KeyModifierAlt
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return fyne.KeyModifierSuper
	}
	return 0
}

// driverModifiers are the modifiers the desktop driver knows to be held.
func driverModifiers() fyne.KeyModifier {
	if a := fyne.CurrentApp(); a != nil {
		if d, ok := a.Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()
		}
	}
	return 0
}

// comboText spells a combination the way shortcuts are written:
// "Ctrl+Alt+Shift+Super+Key".
func comboText(mods fyne.KeyModifier, key fyne.KeyName) string {
	var parts []string
	for _, m := range []struct {
		bit  fyne.KeyModifier
		name string
	}{
		{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierAlt, "Alt"},
		{fyne.KeyModifierShift, "Shift"}, {fyne.KeyModifierSuper, "Super"},
	} {
		if mods&m.bit != 0 {
			parts = append(parts, m.name)
		}
	}
	return strings.Join(append(parts, string(key)), "+")
}
