// Package sessionbus finds and connects to the user's D-Bus session bus
// without ever starting one.
//
// godbus's own lookup (dbus.SessionBus, ConnectSessionBus,
// SessionBusPrivate) runs dbus-launch when DBUS_SESSION_BUS_ADDRESS is
// unset: that starts a new bus — and, through activation, daemons such as
// a keyring — which stay behind after we exit (over SSH and in cron every
// command did that). Every D-Bus client of Upshot (the keyring, the
// portals, the recording portal) connects through here instead.
package sessionbus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
)

// ErrNone says there is no session bus to talk to.
var ErrNone = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is no $XDG_RUNTIME_DIR/bus): start Upshot from your desktop session")

// Address is the session bus to use: the one $DBUS_SESSION_BUS_ADDRESS
// names, else the user bus at $XDG_RUNTIME_DIR/bus when that socket
// exists; "" when there is neither. "autolaunch:" asks for exactly what we
// never do, so it counts as no address.
func Address(getenv func(string) string) string {
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

// Connect opens a private connection to the session bus Address finds in
// the process environment (authenticated and Hello'd), or ErrNone.
func Connect(ctx context.Context) (*dbus.Conn, error) {
	return ConnectTo(ctx, Address(os.Getenv))
}

// ConnectTo opens a private connection to the bus at addr ("" = ErrNone).
func ConnectTo(ctx context.Context, addr string) (*dbus.Conn, error) {
	if addr == "" {
		return nil, ErrNone
	}
	return dbus.Connect(addr, dbus.WithContext(ctx))
}
