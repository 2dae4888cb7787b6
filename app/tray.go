package main

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/assets"
)

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
	d.SetSystemTrayMenu(g.trayMenu())
	if trayHostPresent() {
		g.win.SetCloseIntercept(g.win.Hide)
	}
}

func (g *gui) trayMenu() *fyne.Menu {
	show := func() { g.win.Show(); g.win.RequestFocus() }
	return fyne.NewMenu("Upshot",
		fyne.NewMenuItem("Upload clipboard", func() { show(); g.main.PasteClipboard() }),
		fyne.NewMenuItem("Upload files…", func() { show(); g.main.Browse() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show window", show),
	)
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
	if err := conn.Auth(nil); err != nil {
		return false
	}
	if err := conn.Hello(); err != nil {
		return false
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
