package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestEditorSnapshot is the editor as a user sees it: every kind of mark
// on a capture, a selected box with its handles, and a tooltip. After an
// intended change, review testdata/failed/editor_en.png and copy it over.
func TestEditorSnapshot(t *testing.T) {
	env := newEditorEnv(t, "en", 640, 380, fyne.NewSize(900, 520))
	env.drag(60, 320, [2]float64{160, 240}, [2]float64{250, 170}) // the default tool: an arrow
	env.key(fyne.KeyR)
	env.drag(270, 90, [2]float64{470, 180})
	env.key(fyne.KeyN)
	env.click(300, 230)
	env.click(360, 230)
	env.key(fyne.KeyT)
	env.key(fyne.Key5)
	env.click(40, 60)
	env.typeText("Click Save first")
	env.key(fyne.KeyEscape)
	env.key(fyne.KeyX)
	env.drag(480, 250, [2]float64{620, 300})
	env.key(fyne.KeyM)
	env.key(fyne.Key3)
	env.drag(300, 120, [2]float64{440, 120})
	env.key(fyne.KeyP)
	env.key(fyne.Key4)
	env.drag(420, 330, [2]float64{450, 350}, [2]float64{490, 320}, [2]float64{530, 345})
	env.key(fyne.KeyV)
	env.click(270, 140) // the box's left edge
	env.e.bar.tools[ToolMarker].MouseIn(&desktop.MouseEvent{})
	test.AssertImageMatches(t, "editor_en.png", env.w.Canvas().Capture())
}
