// Package portaltest gives tests a session bus of their own, on which they
// play xdg-desktop-portal.
package portaltest

import (
	"bufio"
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// busConfig is the tests' bus configuration: a session bus that activates
// no service from the machine's service files (see testbus.conf).
//
//go:embed testbus.conf
var busConfig []byte

// BusConfig is the configuration of the tests' session buses, for
// harnesses that start a bus of their own (the sway session's).
func BusConfig() []byte { return append([]byte(nil), busConfig...) }

// PrivateBus starts a session bus of its own, points
// DBUS_SESSION_BUS_ADDRESS at it, and stops it when the test ends. The bus
// activates nothing: on a desktop machine the system's xdg-desktop-portal
// would otherwise be started by the first call and own the portal's name.
func PrivateBus(t *testing.T) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", StartBus(t, "unix:path="+filepath.Join(t.TempDir(), "bus")))
}

// StartBus starts a bus like PrivateBus's listening on address (e.g. the
// user bus unix:path=$XDG_RUNTIME_DIR/bus), stops it when the test ends,
// and returns its full address once it listens. The environment is left
// alone.
func StartBus(t *testing.T, address string) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("dbus-daemon is missing: run .ci/deps.sh test")
	}
	conf := filepath.Join(t.TempDir(), "bus.conf")
	if err := os.WriteFile(conf, busConfig, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address", "--address="+address)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n') // printed once it listens
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(line)
}

// Own connects to the session bus, runs the setup functions (which may
// keep the connection: they run before any call can arrive), exports each
// value at the portal's path under its interface name, and takes the
// portal's bus name.
func Own(t *testing.T, ifaces map[string]any, extra ...func(*dbus.Conn) error) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, f := range extra {
		if err := f(conn); err != nil {
			t.Fatal(err)
		}
	}
	for iface, v := range ifaces {
		if err := conn.Export(v, "/org/freedesktop/portal/desktop", iface); err != nil {
			t.Fatal(err)
		}
	}
	const name = "org.freedesktop.portal.Desktop"
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", name, reply, err)
	}
	return conn
}

// RequestPath is the request object a portal answers on for sender's call
// with handle_token token.
func RequestPath(sender dbus.Sender, token string) dbus.ObjectPath {
	name := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + name + "/" + token)
}

// Respond emits the Response signal of the request for sender's call with
// the options opts (which carry handle_token) and returns its path.
func Respond(conn *dbus.Conn, sender dbus.Sender, opts map[string]dbus.Variant, status uint32, results map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	token, _ := opts["handle_token"].Value().(string)
	handle := RequestPath(sender, token)
	if results == nil {
		results = map[string]dbus.Variant{}
	}
	if err := conn.Emit(handle, "org.freedesktop.portal.Request.Response", status, results); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return handle, nil
}

// FileChooser plays the FileChooser portal's OpenFile: it records the
// options and answers with Status and URIs.
type FileChooser struct {
	Conn   *dbus.Conn
	Status uint32
	URIs   []string
	Asked  chan map[string]dbus.Variant
}

// StartFileChooser owns the portal name and serves FileChooser.
func StartFileChooser(t *testing.T, status uint32, uris ...string) *FileChooser {
	t.Helper()
	f := &FileChooser{Status: status, URIs: uris, Asked: make(chan map[string]dbus.Variant, 4)}
	Own(t, map[string]any{"org.freedesktop.portal.FileChooser": f}, func(c *dbus.Conn) error { f.Conn = c; return nil })
	return f
}

// OpenFile answers like a desktop whose user picked f.URIs.
func (f *FileChooser) OpenFile(sender dbus.Sender, parent, title string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f.Asked <- opts
	results := map[string]dbus.Variant{}
	if f.Status == 0 {
		results["uris"] = dbus.MakeVariant(f.URIs)
	}
	return Respond(f.Conn, sender, opts, f.Status, results)
}
