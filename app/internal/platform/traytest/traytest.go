// Package traytest is a tray host for tests: the StatusNotifierWatcher a
// panel, KDE's system tray or GNOME's AppIndicator extension runs on the
// session bus, and which a tray icon registers with. It shows nothing; it
// only makes the desktop look like one with a tray.
package traytest

import (
	"slices"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// Name, Path and Interface are where a StatusNotifierWatcher answers.
const (
	Name      = "org.kde.StatusNotifierWatcher"
	Path      = "/StatusNotifierWatcher"
	Interface = "org.kde.StatusNotifierWatcher"
)

// Watcher is a running fake tray host.
type Watcher struct {
	conn *dbus.Conn
	once sync.Once
	mu   sync.Mutex
	reg  []string // "sender path" of each registered item
}

// Start takes the watcher's name on the session bus of
// DBUS_SESSION_BUS_ADDRESS and gives it up when the test ends (or Stop).
func Start(t testing.TB) *Watcher {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("traytest: session bus: %v", err)
	}
	w := &Watcher{conn: conn}
	t.Cleanup(w.Stop)
	if err := conn.Export(methods{w}, Path, Interface); err != nil {
		t.Fatal(err)
	}
	props := prop.Map{Interface: {
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitFalse},
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitFalse},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitFalse},
	}}
	if _, err := prop.Export(conn, Path, props); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(Name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("traytest: own %s: %v %v", Name, reply, err)
	}
	return w
}

// Stop gives the name up, as a panel that quits or crashes does.
func (w *Watcher) Stop() { w.once.Do(func() { w.conn.Close() }) }

// Registered lists the items that registered, as "sender path".
func (w *Watcher) Registered() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.reg)
}

// methods are the watcher's D-Bus methods (kept off Watcher, whose own
// methods are for the test).
type methods struct{ w *Watcher }

// RegisterStatusNotifierItem records an item: service is its bus name or,
// as Fyne's systray sends, its object path.
func (m methods) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	m.w.mu.Lock()
	m.w.reg = append(m.w.reg, string(sender)+" "+service)
	m.w.mu.Unlock()
	return nil
}

// RegisterStatusNotifierHost accepts a host (there is only this one).
func (m methods) RegisterStatusNotifierHost(string) *dbus.Error { return nil }
