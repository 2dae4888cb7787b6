package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// openOnMain shows w, a window the main one opened (Settings, History),
// centred on the main window: on the screen's centre at first, then moved
// onto the main window once the window manager has mapped it (it places
// new windows by its own policy, often the screen's top-left corner).
func (g *gui) openOnMain(w fyne.Window) {
	w.CenterOnScreen()
	w.Show()
	parent, child := nativeHandle(g.win), nativeHandle(w)
	go func() {
		if err := platform.CentreOn(g.session, parent, child); err != nil {
			fmt.Fprintln(os.Stderr, "upshot: place the window on the main one:", err)
		}
	}()
}

// nativeHandle is w's X11 window or Windows HWND; 0 when it has none yet.
func nativeHandle(w fyne.Window) uintptr {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return 0
	}
	var h uintptr
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			h = c.WindowHandle
		case driver.WindowsWindowContext:
			h = c.HWND
		}
	})
	return h
}
