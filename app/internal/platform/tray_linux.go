package platform

import (
	"fmt"
	"os"

	"github.com/godbus/dbus/v5"
)

// TrayHostPresent reports whether a StatusNotifierItem host runs on the
// session bus: only then may closing the window hide it to the tray (bare
// X11, i3 and GNOME without the AppIndicator extension have none).
// UPSHOT_TRAY=0/1 overrides the probe. It connects to the session bus the
// desktop runs and never starts one.
func TrayHostPresent(getenv func(string) string) bool {
	if v, ok := trayOverride(getenv); ok {
		return v
	}
	if getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
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
