package ui

import (
	"image"

	"fyne.io/fyne/v2"
)

// The editor window's size bounds, in Fyne units: big enough for the
// toolbar and a useful picture, small enough to fit the screens of the
// laptops it runs on.
var (
	editorMinSize = fyne.NewSize(720, 480)
	editorMaxSize = fyne.NewSize(1600, 1000)
)

// editorChrome is the room the toolbar, the status line and the window's
// borders take around the picture, in Fyne units.
var editorChrome = fyne.NewSize(24, 112)

// EditorWindowSize is the size to open the editor window at for a picture
// of px pixels on a canvas of scale screen pixels a unit: the picture at
// 100% when it fits, else the largest window that fits (the picture is
// then fitted to it).
func EditorWindowSize(px image.Point, scale float32) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	w := float32(px.X)/scale + editorChrome.Width
	h := float32(px.Y)/scale + editorChrome.Height
	return fyne.NewSize(min(max(w, editorMinSize.Width), editorMaxSize.Width),
		min(max(h, editorMinSize.Height), editorMaxSize.Height))
}
