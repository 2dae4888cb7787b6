// Command tilerepro reproduces an upstream bug of Fyne 2.8.1's GLFW 3.4
// driver on Wayland, which ui.RepaintAfterResize works around: a window
// tiled by the compositor shows its first size's picture, clipped at the
// top and right, instead of filling its tile.
//
// Run it in sway with xdg-desktop-portal and xdg-desktop-portal-gtk on
// the session bus (the Settings portal's colour scheme is what makes Fyne
// touch its GL context between frames at start-up):
//
//	go build -tags migrated_fynedo -o /tmp/tilerepro ./app/internal/e2e/testdata/tilerepro
//	/tmp/tilerepro &            # red, 820×640, clipped, amid the tile
//	TILEREPRO_FIX=1 /tmp/tilerepro &   # red over the whole tile
//	grim /tmp/tile.png
//
// What happens: the window is shown at 820×640; Fyne applies the portal's
// settings and makes its context current (Mesa takes a back buffer of
// 820×640); sway's configure for the tile arrives; Mesa defers the
// resize of the wl_egl_window until that buffer is swapped; Fyne paints
// the tile's size once into it and then has nothing dirty to paint again.
// It lives under testdata so that `go build ./...` leaves it out.
package main

import (
	"image/color"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/ui"
)

func main() {
	a := app.NewWithID("app.upshot.TileRepro")
	w := a.NewWindow("tilerepro")
	red := canvas.NewRectangle(color.NRGBA{R: 0xff, A: 0xff})
	w.SetContent(container.NewStack(red, container.NewBorder(widget.NewLabel("top"), widget.NewLabel("bottom"), nil, nil)))
	if os.Getenv("TILEREPRO_FIX") != "" {
		ui.RepaintAfterResize(w)
	}
	w.Resize(fyne.NewSize(820, 640))
	w.ShowAndRun()
}
