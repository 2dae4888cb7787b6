package sessionbus

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/godbus/dbus/v5"
)

// env is a getenv over a fixed set of variables.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestBusAddress(t *testing.T) {
	run := t.TempDir()
	l, err := net.Listen("unix", filepath.Join(run, "bus"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	plain := t.TempDir()
	if err := os.WriteFile(filepath.Join(plain, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	userBus := "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(run, "bus"))
	tests := []struct {
		name string
		env  func(string) string
		want string
	}{
		{"the variable", env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/x/bus", "XDG_RUNTIME_DIR", run), "unix:path=/x/bus"},
		{"user bus", env("XDG_RUNTIME_DIR", run), userBus},
		{"autolaunch: is no address", env("DBUS_SESSION_BUS_ADDRESS", "autolaunch:", "XDG_RUNTIME_DIR", run), userBus},
		{"autolaunch: and no user bus", env("DBUS_SESSION_BUS_ADDRESS", "autolaunch:"), ""},
		{"no socket in the runtime dir", env("XDG_RUNTIME_DIR", t.TempDir()), ""},
		{"a file that is no socket", env("XDG_RUNTIME_DIR", plain), ""},
		{"relative runtime dir", env("XDG_RUNTIME_DIR", "run"), ""},
		{"nothing", env(), ""},
	}
	for _, tt := range tests {
		if got := Address(tt.env); got != tt.want {
			t.Errorf("%s: Address = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestConnectWithoutABusSaysSo(t *testing.T) {
	if _, err := ConnectTo(context.Background(), ""); !errors.Is(err, ErrNone) {
		t.Fatalf("ConnectTo(\"\") = %v, want ErrNone", err)
	}
}
