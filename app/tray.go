package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// recentCount is how many uploads the tray's "Recent uploads" lists.
const recentCount = 8

// setupTray installs the tray icon and menu. Fyne exports the menu on the
// session bus whether or not a tray host shows it; only when a host is
// actually there (a StatusNotifierWatcher owns its bus name) does closing
// the window hide it to the tray. Without one — bare X11, i3, GNOME without
// the AppIndicator extension — closing the window quits, so the app never
// runs with no window and no icon.
func (g *gui) setupTray() {
	d, ok := g.app.(desktop.App)
	if !ok {
		return
	}
	d.SetSystemTrayIcon(assets.TrayIdle)
	g.recent = g.recentItems(g.readRecent()) // before Run: the first menu must be complete
	g.refreshTrayMenu()
	if trayHostPresent() {
		g.win.SetCloseIntercept(g.win.Hide)
	}
}

// refreshTrayMenu rebuilds the menu (recent uploads, pause state) from
// what is already loaded; it runs on the UI thread.
func (g *gui) refreshTrayMenu() {
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
	recent := fyne.NewMenuItem("Recent uploads", nil)
	recent.ChildMenu = fyne.NewMenu("", g.recent...)
	pause := fyne.NewMenuItem("Pause hotkeys", g.togglePause)
	pause.Checked = g.paused
	return fyne.NewMenu("Upshot",
		fyne.NewMenuItem("Capture full screen", shot(capture.ModeFull)),
		fyne.NewMenuItem("Capture region", shot(capture.ModeRegion)),
		fyne.NewMenuItem("Capture window", shot(capture.ModeWindow)),
		fyne.NewMenuItem("Upload clipboard", func() { g.act("show", 0); g.main.PasteClipboard() }),
		fyne.NewMenuItem("Upload files…", func() { g.act("show", 0); g.main.Browse() }),
		fyne.NewMenuItemSeparator(),
		recent,
		fyne.NewMenuItem("Show window", act("show")),
		fyne.NewMenuItem("Settings", g.showSettings),
		pause,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Quit", g.app.Quit),
	)
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
	db, err := history.Open(g.paths.History)
	if err != nil {
		return recentEntries{err: err}
	}
	defer db.Close()
	entries, err := db.List(history.Query{Limit: recentCount})
	return recentEntries{entries: entries, err: err}
}

// recentItems lists the last uploads; a click copies the link.
func (g *gui) recentItems(r recentEntries) []*fyne.MenuItem {
	if r.err != nil && len(r.entries) == 0 {
		return []*fyne.MenuItem{disabled("History unavailable")}
	}
	if len(r.entries) == 0 {
		return []*fyne.MenuItem{disabled("No uploads yet")}
	}
	items := make([]*fyne.MenuItem, 0, len(r.entries))
	for _, e := range r.entries {
		link := e.URL
		items = append(items, fyne.NewMenuItem(e.Name, func() {
			if err := g.main.CopyText(link); err == nil {
				g.notify("Upshot", "Link copied: "+link)
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
	if !ok {
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
	if icon != g.trayIcon {
		g.trayIcon = icon
		d.SetSystemTrayIcon(icon)
		if icon != assets.TrayBusy {
			g.reloadRecent()
		}
	}
}

// trayHostPresent reports whether a StatusNotifierItem host runs on the
// session bus. UPSHOT_TRAY=0/1 overrides the probe.
func trayHostPresent() bool {
	switch os.Getenv("UPSHOT_TRAY") {
	case "0":
		return false
	case "1":
		return true
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return false
	}
	defer conn.Close()
	if conn.Auth(nil) != nil || conn.Hello() != nil {
		return false
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot: tray probe:", err)
	}
	return err == nil && has
}
