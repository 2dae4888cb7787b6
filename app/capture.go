package main

import (
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/ui"
)

// capturesDir is where screenshots wait until they upload or the user
// discards them.
func capturesDir() string {
	return filepath.Join(cli.PathsFor(os.Getenv).Data, "captures")
}

// shoot takes a screenshot in mode once wait returns. It runs off the UI
// thread.
func shoot(screen capture.Screen, mode capture.Mode, wait func()) (*image.RGBA, error) {
	wait()
	return screen.Take(mode)
}

// capture runs one capture for the GUI after delay: full screen and
// window go straight to the queue; region opens the overlay first.
func (g *gui) capture(mode capture.Mode, delay time.Duration) {
	g.captureAfter(mode, func() { time.Sleep(delay) })
}

// captureFromMenu is a capture chosen in the tray menu: it waits until the
// menu is off the screen, or the screenshot would show it half closed.
func (g *gui) captureFromMenu(mode capture.Mode) {
	g.captureAfter(mode, capture.New(g.session).AfterMenu)
}

func (g *gui) captureAfter(mode capture.Mode, wait func()) {
	go func() {
		img, err := shoot(capture.New(g.session), mode, wait)
		if err != nil {
			fyne.Do(func() { g.captureFailed(err) })
			return
		}
		if mode == capture.ModeRegion {
			fyne.Do(func() { g.pickRegion(img, g.queueShot) })
			return
		}
		g.queueShot(img)
	}()
}

// queueShot saves the image as a PNG and queues it as an owned file.
func (g *gui) queueShot(img image.Image) {
	path, err := capture.Save(img, capturesDir())
	fyne.Do(func() {
		if err != nil {
			g.captureFailed(err)
			return
		}
		g.main.AddCapture(path)
	})
}

func (g *gui) captureFailed(err error) {
	if errors.Is(err, capture.ErrCanceled) {
		return
	}
	msg := fmt.Sprintf("Screenshot failed: %v", err)
	fmt.Fprintln(os.Stderr, "upshot:", msg)
	g.notify("Upshot", msg)
}

// pickRegion shows the frozen screen full-screen; the chosen rectangle is
// cropped and handed to done (off the UI thread).
func (g *gui) pickRegion(img *image.RGBA, done func(image.Image)) {
	if g.picking {
		return // one overlay at a time: a second press while it is open is ignored
	}
	g.picking = true
	pickRegionIn(g.app, img, func(r image.Rectangle, ok bool) {
		g.picking = false
		if ok {
			go done(capture.Crop(img, r))
		}
	})
}

// pickRegionIn opens the region overlay in app a and calls done once with
// the selection in screen pixels. Runs on the UI thread.
func pickRegionIn(a fyne.App, img *image.RGBA, done func(image.Rectangle, bool)) {
	w := a.NewWindow("Upshot — select a region")
	scale := float32(1)
	if c := w.Canvas(); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	picker := ui.NewRegionPicker(img, scale, func(r ui.Rect, ok bool) {
		w.Close()
		done(image.Rect(r.X, r.Y, r.X+r.W, r.Y+r.H).Add(img.Bounds().Min), ok)
	})
	picker.Attach(w)
	ui.RepaintAfterResize(w)
	w.Show()
	w.RequestFocus()
}
