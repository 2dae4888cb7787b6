package ui

import (
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func TestEditorLook(t *testing.T) {
	env := newEditorEnv(t, "en", 900, 560, fyne.NewSize(1100, 700))
	env.drag(100, 100, [2]float64{200, 150}, [2]float64{300, 200})
	env.key(fyne.KeyR)
	env.drag(400, 100, [2]float64{600, 250})
	env.key(fyne.KeyN)
	env.click(650, 320)
	env.click(700, 320)
	env.key(fyne.KeyT)
	env.click(120, 300)
	env.typeText("Hello editor")
	env.key(fyne.KeyEscape)
	env.key(fyne.KeyV)
	env.click(500, 100)
	env.e.bar.tools[ToolPen].MouseIn(&desktop.MouseEvent{})
	img := env.w.Canvas().Capture()
	f, _ := os.Create("/tmp/ann/editor.png")
	png.Encode(f, img)
	f.Close()
}
