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

// editorScreenShare is how much of the screen the editor window may take:
// room is left for a panel and the window's frame.
const editorScreenShare = 0.92

// EditorWindowSize is the size to open the editor window at for a picture
// of px pixels on a canvas of scale screen pixels a unit, on a screen of
// screen pixels (zero when unknown): the picture at 100% when it fits,
// else the largest window that fits (the picture is then fitted to it).
func EditorWindowSize(px image.Point, scale float32, screen image.Point) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	most := editorMaxSize
	if screen.X > 0 && screen.Y > 0 {
		most.Width = max(min(most.Width, float32(screen.X)/scale*editorScreenShare), editorMinSize.Width)
		most.Height = max(min(most.Height, float32(screen.Y)/scale*editorScreenShare), editorMinSize.Height)
	}
	w := float32(px.X)/scale + editorChrome.Width
	h := float32(px.Y)/scale + editorChrome.Height
	return fyne.NewSize(min(max(w, editorMinSize.Width), most.Width), min(max(h, editorMinSize.Height), most.Height))
}
