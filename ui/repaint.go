package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// RepaintAfterResize makes w paint once more after every change of its
// size, so that its picture fills the window a tiling compositor gives it.
//
// Why (an upstream bug, Fyne 2.8.1 with GLFW 3.4 and Mesa's EGL on
// Wayland): when the compositor's size for a new window (sway's tile)
// arrives after Fyne made its GL context current between two frames — it
// does so at start-up, applying the colour scheme the desktop's Settings
// portal reports (xdg-desktop-portal-gtk) — Mesa holds a back buffer of
// the old size and applies the new one only from the frame after.
// GLFW's SetSize on Wayland does not report a size either. Fyne paints
// the new size once, into the old buffer, and, nothing being dirty, never
// again: under sway an 820×640 picture clipped at the top and right in a
// 1280×745 tile. The next frame gets the right buffer, so this asks for
// it. The reproduction, with this workaround switched on and off, is
// app/internal/e2e/testdata/tilerepro.
func RepaintAfterResize(w fyne.Window) {
	l := &repaintLayout{refresh: func() {
		// Queued: it runs after the frame being drawn for the new size.
		fyne.Do(func() {
			if c := w.Content(); c != nil {
				w.Canvas().Refresh(c)
			}
		})
	}}
	w.SetContent(container.New(l, w.Content()))
}

// repaintLayout stacks its objects over its whole size and calls refresh
// when that size changes.
type repaintLayout struct {
	refresh func()
	last    fyne.Size
}

// Layout gives every object the whole size.
func (l *repaintLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size != l.last {
		l.last = size
		l.refresh()
	}
}

// MinSize is the largest of the objects' minimum sizes.
func (l *repaintLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}
