package keyring

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
)

// busAddress is the session bus to look for the keyring on: the one
// $DBUS_SESSION_BUS_ADDRESS names, else the user bus at
// $XDG_RUNTIME_DIR/bus when that socket exists; "" when there is neither,
// and then there is no keyring.
//
// It never starts a bus. godbus's own lookup (dbus.SessionBus,
// ConnectSessionBus, SessionBusPrivate — what go-keyring uses) falls back
// to running dbus-launch without the variable, which starts a new bus
// and, through activation, a keyring daemon, both left running after we
// exit; over SSH and in cron every command did that. "autolaunch:" asks
// for exactly that, so it counts as no address.
func busAddress(getenv func(string) string) string {
	if addr := strings.TrimSpace(getenv("DBUS_SESSION_BUS_ADDRESS")); addr != "" && !strings.HasPrefix(addr, "autolaunch:") {
		return addr
	}
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" || !filepath.IsAbs(dir) {
		return ""
	}
	path := filepath.Join(dir, "bus")
	if st, err := os.Stat(path); err != nil || st.Mode()&os.ModeSocket == 0 {
		return ""
	}
	return "unix:path=" + dbus.EscapeBusAddressValue(path)
}
