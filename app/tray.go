package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/systray"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// recentCount is how many uploads the tray's "Recent uploads" lists.
const recentCount = 8

// setupTray installs the tray icon and menu, and decides what closing the
// window does. Fyne exports the icon on the session bus whether or not a
// tray host shows it, and once it has (SetSystemTrayMenu) it keeps running
// after its last window closed: it holds a hidden window of its own. So the
// close button is ours: while a tray host runs it hides the window, which
// the tray, the icon or a second `upshot` bring back; without one — bare
// X11, i3, GNOME without the AppIndicator extension — it quits, so the app
// never runs with no window and no icon.
func (g *gui) setupTray() {
	g.win.SetCloseIntercept(g.closeWindow)
	d, ok := g.app.(desktop.App)
	if !ok {
		return // no tray: closing quits
	}
	platform.WatchTrayHost(g.ctx, os.Getenv, g.trayHostChanged)
	// A click on the icon shows the window (the menu is on the other
	// button); set before the icon is exported, which says so.
	systray.SetOnTapped(func() { fyne.Do(g.showWindow) })
	d.SetSystemTrayIcon(assets.TrayIdle)
	g.recent = g.recentItems(g.readRecent()) // before Run: the first menu must be complete
	g.refreshTrayMenu()
}

// trayHostChanged follows the tray host (from the watcher's goroutine).
// A window hidden into a tray that went away is shown again: nothing else
// would lead back to it.
func (g *gui) trayHostChanged(present bool) {
	if g.trayHost.Swap(present) && !present {
		fyne.Do(func() {
			if g.hidden {
				g.showWindow()
			}
		})
	}
}

// closeWindow is the window's close button (WM_DELETE_WINDOW): hide to
// the tray while a tray host runs and close_to_tray is on (the default),
// else quit.
func (g *gui) closeWindow() {
	if g.trayHost.Load() && g.closeToTray.Load() {
		g.hidden = true
		g.win.Hide()
		return
	}
	g.quit()
}

// showWindow maps the window again, wherever it is (hidden, behind other
// windows, minimized), and asks the window manager to raise and focus it.
func (g *gui) showWindow() {
	g.hidden = false
	g.win.Show()
	g.win.RequestFocus()
}

// quit ends the app (the tray's Quit, or the close button without a tray).
// Uploads still running or waiting are not waited for: they stay in the
// journal and resume at the next start, and the user, whose window with
// them is going, is told so.
func (g *gui) quit() {
	if n := g.queue.Summary().Active(); n > 0 {
		msg := ui.TN("notice.quit_unfinished", n)
		fmt.Fprintln(os.Stderr, "upshot:", msg)
		g.notify(ui.T("app.name"), msg)
	}
	g.quitting = true
	g.app.Quit()
}

// refreshTrayMenu rebuilds the menu (recent uploads, pause state) from
// what is already loaded; it runs on the UI thread. Once quitting, the
// tray is gone (Fyne's Quit closes its bus connection, and systray panics
// on a change after that) while queued UI work still runs: leave it.
func (g *gui) refreshTrayMenu() {
	if g.quitting {
		return
	}
	if d, ok := g.app.(desktop.App); ok {
		d.SetSystemTrayMenu(g.trayMenu())
	}
}

// reloadRecent re-reads "Recent uploads" on a goroutine, then rebuilds the
// menu on the UI thread. Reading the history there would freeze the window
// at the end of a run: it syncs the file to disk and waits for the upload
// recorder's lock, which bbolt polls every 50 ms. Only the newest of
// overlapping reloads is shown.
func (g *gui) reloadRecent() {
	g.recentSeq++
	seq := g.recentSeq
	go func() {
		items := g.recentItems(g.readRecent())
		fyne.Do(func() {
			if seq != g.recentSeq {
				return // a newer reload is on its way
			}
			g.recent = items
			g.refreshTrayMenu()
		})
	}()
}

func (g *gui) trayMenu() *fyne.Menu {
	act := func(a string) func() { return func() { g.act(a, 0) } }
	shot := func(m capture.Mode) func() { return func() { g.captureFromMenu(m) } }
	recent := fyne.NewMenuItem(ui.T("tray.recent"), nil)
	recent.ChildMenu = fyne.NewMenu("", g.recent...)
	pause := fyne.NewMenuItem(ui.T("tray.pause"), g.togglePause)
	pause.Checked = g.paused
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(ui.T("tray.capture_full"), shot(capture.ModeFull)),
		fyne.NewMenuItem(ui.T("tray.capture_region"), shot(capture.ModeRegion)),
		fyne.NewMenuItem(ui.T("tray.capture_window"), shot(capture.ModeWindow)),
		g.delayedCaptureMenu(),
	}
	items = append(items, g.recordMenuItems()...)
	return fyne.NewMenu(ui.T("app.name"), append(items,
		fyne.NewMenuItem(ui.T("tray.upload_clipboard"), func() { g.act("show", 0); g.main.PasteClipboard() }),
		fyne.NewMenuItem(ui.T("tray.upload_files"), func() { g.act("show", 0); g.main.Browse() }),
		g.pauseUploadsItem(),
		g.cancelUploadsItem(),
		fyne.NewMenuItemSeparator(),
		recent,
		fyne.NewMenuItem(ui.T("tray.show"), act("show")),
		fyne.NewMenuItem(ui.T("tray.settings"), g.showSettings),
		pause,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(ui.T("tray.quit"), g.quit),
	)...)
}

// recentEntries is what readRecent found: the last uploads, or why there
// are none to show.
type recentEntries struct {
	entries []history.Entry
	err     error
}

// readRecent reads the last uploads from the history file. It blocks on
// disk and on other writers: keep it off the UI thread once running.
func (g *gui) readRecent() recentEntries {
	entries, err := service.History{Path: g.paths.History}.Recent(recentCount)
	return recentEntries{entries: entries, err: err}
}

// recentItems lists the last uploads; a click copies the link.
func (g *gui) recentItems(r recentEntries) []*fyne.MenuItem {
	if r.err != nil && len(r.entries) == 0 {
		return []*fyne.MenuItem{disabled(ui.T("tray.history_unavailable"))}
	}
	if len(r.entries) == 0 {
		return []*fyne.MenuItem{disabled(ui.T("tray.no_uploads"))}
	}
	items := make([]*fyne.MenuItem, 0, len(r.entries))
	for _, e := range r.entries {
		link := e.URL
		items = append(items, fyne.NewMenuItem(e.Name, func() {
			if err := g.main.CopyText(link); err == nil {
				g.notify(ui.T("app.name"), ui.T("notice.tray_link_copied", "Link", link))
			}
		}))
	}
	return items
}

func disabled(label string) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, nil)
	it.Disabled = true
	return it
}

func (g *gui) togglePause() {
	g.paused = !g.paused
	if g.hotkeys != nil {
		g.hotkeys.Pause(g.paused)
	}
	g.refreshTrayMenu()
}

// onActivity follows the queue on the UI thread: the tray icon shows idle,
// busy or error, and a finished run refreshes "Recent uploads".
func (g *gui) onActivity(s uploader.Summary) {
	d, ok := g.app.(desktop.App)
	if !ok || g.quitting {
		return
	}
	icon := assets.TrayIdle
	switch s.Outcome() {
	case uploader.OutcomeRunning:
		if s.Active() > 0 {
			icon = assets.TrayBusy
		}
	case uploader.OutcomeSome, uploader.OutcomeNone:
		icon = assets.TrayError
	}
	if g.recSlot.Recording() {
		icon = assets.TrayRecording
	}
	g.followQueue(s)
	if icon != g.trayIcon {
		g.trayIcon = icon
		d.SetSystemTrayIcon(icon)
		if icon != assets.TrayBusy {
			g.reloadRecent()
		}
	}
}
