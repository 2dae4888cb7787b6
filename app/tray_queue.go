package main

import (
	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
)

// The tray's entries for the queue (pause, cancel) and for a capture after
// a delay.

// trayQueue is what the tray menu last showed of the queue, so that it is
// rebuilt when that changes, not on every batch of events.
type trayQueue struct {
	paused, active bool
}

// delayedCaptureMenu is "Capture after a delay (5 s)" with the three
// capture modes: the wait is the settings' capture_delay.
func (g *gui) delayedCaptureMenu() *fyne.MenuItem {
	delay := g.config().Settings.Delay()
	shoot := func(mode capture.Mode) func() {
		return func() { g.delayedCapture(mode) }
	}
	item := fyne.NewMenuItem(ui.T("tray.capture_delayed", "Seconds", delay.Seconds()), nil)
	item.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem(ui.T("tray.capture_full"), shoot(capture.ModeFull)),
		fyne.NewMenuItem(ui.T("tray.capture_region"), shoot(capture.ModeRegion)),
		fyne.NewMenuItem(ui.T("tray.capture_window"), shoot(capture.ModeWindow)),
	)
	return item
}

// delayedCapture says when the shot will be taken, then takes it after the
// configured wait (service.DelayedShot).
func (g *gui) delayedCapture(mode capture.Mode) {
	shot := service.DelayedShot(g.config().Settings, mode)
	g.notify(ui.T("app.name"), ui.T("notice.capture_in", "Seconds", shot.Delay.Seconds()))
	g.capture(shot)
}

// pauseUploadsItem is "Pause uploads", checked while the queue is paused.
func (g *gui) pauseUploadsItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(ui.T("tray.pause_uploads"), func() {
		g.main.TogglePause()
		g.refreshTrayMenu()
	})
	item.Checked = g.queue.Paused()
	return item
}

// cancelUploadsItem is "Cancel all uploads", offered while some run or wait.
func (g *gui) cancelUploadsItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(ui.T("tray.cancel_uploads"), g.main.CancelAll)
	item.Disabled = !g.tray.active
	return item
}

// followQueue rebuilds the tray menu when the queue was paused or resumed
// (from the window too) or started or stopped having work. UI thread.
func (g *gui) followQueue(s uploader.Summary) {
	now := trayQueue{paused: g.queue.Paused(), active: s.Active() > 0}
	if now != g.tray {
		g.tray = now
		g.refreshTrayMenu()
	}
}
