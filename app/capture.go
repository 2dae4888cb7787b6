package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
)

// captureFlow is the GUI's capture flow: the shot lands in the window's
// queue, the region is picked in an overlay of this app. It opens in the
// editor first when Settings → Capture says so, or when the overlay was
// left with E.
func (g *gui) captureFlow() service.CaptureFlow {
	edit := g.config().Settings.EditCaptures()
	return service.CaptureFlow{
		Shoot: capture.New(g.session).Take,
		Region: func(ctx context.Context, img *image.RGBA) (image.Rectangle, error) {
			r, forEdit, err := g.pickRegion(ctx, img)
			edit = edit || forEdit
			return r, err
		},
		Dir: g.paths.Captures,
		Queue: func(path string) error {
			toEdit := edit
			fyne.Do(func() {
				if toEdit {
					g.editThenQueue(path, true)
				} else {
					g.main.AddCapture(path)
				}
			})
			return nil
		},
		Connect: g.preconnect,
	}
}

// preconnect opens the connection to the upload host ahead of the
// capture's upload (bounded by the connect timeout), and the session's
// HTTP/2 connection beside it for the uploads that follow.
func (g *gui) preconnect(ctx context.Context) {
	g.mu.Lock()
	t := g.targets
	g.mu.Unlock()
	_ = t.PreconnectUpload(ctx, "", true) // the upload reports what fails
}

// capture runs one capture for the GUI off the UI thread; a failure is
// notified, a dismissed overlay is not.
func (g *gui) capture(shot service.Shot) { g.runCapture(g.captureFlow(), shot) }

// captureFromMenu is a capture chosen in the tray menu: it shoots once the
// menu is off the screen, or the screenshot would show it half closed.
func (g *gui) captureFromMenu(mode capture.Mode) {
	f := g.captureFlow()
	screen := capture.New(g.session)
	f.Shoot = func(m capture.Mode) (*image.RGBA, error) {
		screen.AfterMenu()
		return screen.Take(m)
	}
	g.runCapture(f, service.Shot{Mode: mode})
}

func (g *gui) runCapture(f service.CaptureFlow, shot service.Shot) {
	go func() {
		if _, err := f.Run(g.ctx, shot); err != nil {
			fyne.Do(func() { g.captureFailed(err) })
		}
	}()
}

func (g *gui) captureFailed(err error) {
	if errors.Is(err, capture.ErrCanceled) {
		return
	}
	var ce *service.CaptureError
	if errors.As(err, &ce) {
		err = ce.Err
	}
	fmt.Fprintln(os.Stderr, "upshot: Screenshot failed:", err)
	g.notify(ui.T("app.name"), ui.T("notice.capture_failed", "Error", err.Error()))
}

// pickRegion shows the frozen screen full-screen in this app and waits for
// the rectangle chosen. One overlay at a time: a second capture while it
// is open is dropped, like a dismissed one.
// forEdit is true when the user left the overlay with E (open the
// selection in the editor) rather than Enter.
func (g *gui) pickRegion(ctx context.Context, img *image.RGBA) (r image.Rectangle, forEdit bool, err error) {
	type pick struct {
		r        image.Rectangle
		ok, edit bool
	}
	picked := make(chan pick, 1)
	wins := screenWindows(g.session, img) // before the overlay covers them
	fyne.Do(func() {
		if g.picking {
			picked <- pick{}
			return
		}
		g.picking = true
		pickRegionIn(g.app, img, wins, service.ForRecording(ctx), func(r image.Rectangle, ok bool) {
			g.picking = false
			picked <- pick{r: r, ok: ok}
		}, func(r image.Rectangle) {
			g.picking = false
			picked <- pick{r: r, ok: true, edit: true}
		})
	})
	select {
	case p := <-picked:
		if !p.ok {
			return image.Rectangle{}, false, capture.ErrCanceled
		}
		return p.r, p.edit, nil
	case <-ctx.Done():
		return image.Rectangle{}, false, ctx.Err()
	}
}

// pickRegionAlone is the overlay of `upshot capture region` in session s
// when no app runs: a one-shot Fyne app of its own. E in it asks for the
// editor.
func pickRegionAlone(s platform.Session) func(context.Context, *image.RGBA) (image.Rectangle, bool, error) {
	return func(ctx context.Context, img *image.RGBA) (image.Rectangle, bool, error) {
		return pickRegionOnce(img, screenWindows(s, img), service.ForRecording(ctx))
	}
}

func pickRegionOnce(img *image.RGBA, wins []ui.Rect, forRecording bool) (image.Rectangle, bool, error) {
	a := fyneapp.NewWithID(AppID)
	var picked image.Rectangle
	ok, edit := false, false
	pickRegionIn(a, img, wins, forRecording, func(r image.Rectangle, accepted bool) {
		picked, ok = r, accepted
		a.Quit()
	}, func(r image.Rectangle) {
		picked, ok, edit = r, true, true
		a.Quit()
	})
	a.Run()
	if !ok {
		return image.Rectangle{}, false, capture.ErrCanceled
	}
	return picked, edit, nil
}

// screenWindows lists the windows on the screen of session s, topmost
// first, in the pixels of img (a capture of the whole screen), for the
// overlay to snap to; none when the session cannot tell.
func screenWindows(s platform.Session, img *image.RGBA) []ui.Rect {
	rs, err := capture.New(s).Windows()
	if err != nil {
		return nil // snapping is a help: a drag still selects
	}
	out := make([]ui.Rect, 0, len(rs))
	for _, r := range rs {
		r = r.Sub(img.Bounds().Min)
		out = append(out, ui.Rect{X: r.Min.X, Y: r.Min.Y, W: r.Dx(), H: r.Dy()})
	}
	return out
}

// pickRegionIn opens the region overlay in app a, with the windows wins to
// snap to, and calls done once with the selection in screen pixels — or,
// when edit is set and the user pressed E, edit instead. forRecording: the
// selection is to be recorded (the hint says so; no editor). Runs on the
// UI thread.
func pickRegionIn(a fyne.App, img *image.RGBA, wins []ui.Rect, forRecording bool, done func(image.Rectangle, bool), edit func(image.Rectangle)) {
	w := a.NewWindow(ui.T("window.region"))
	scale := float32(1)
	if c := w.Canvas(); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	toScreen := func(r ui.Rect) image.Rectangle {
		return image.Rect(r.X, r.Y, r.X+r.W, r.Y+r.H).Add(img.Bounds().Min)
	}
	picker := ui.NewRegionPicker(img, scale, func(r ui.Rect, ok bool) {
		w.Close()
		done(toScreen(r), ok)
	})
	if edit != nil {
		picker.SetOnEdit(func(r ui.Rect) {
			w.Close()
			edit(toScreen(r))
		})
	}
	picker.SetWindows(wins)
	if forRecording {
		picker.SetForRecording()
	}
	picker.Attach(w)
	ui.RepaintAfterResize(w)
	w.Show()
	w.RequestFocus()
}
