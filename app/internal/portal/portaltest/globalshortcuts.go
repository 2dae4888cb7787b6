package portaltest

import (
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// ShortcutsIface is the GlobalShortcuts portal interface.
const ShortcutsIface = "org.freedesktop.portal.GlobalShortcuts"

// Shortcut is one element of an a(sa{sv}) shortcut list.
type Shortcut struct {
	ID    string
	Props map[string]dbus.Variant
}

// Bind is one BindShortcuts call as the fake received it.
type Bind struct {
	Session   dbus.ObjectPath
	Shortcuts []Shortcut
}

// GlobalShortcuts plays xdg-desktop-portal's GlobalShortcuts interface the
// way a desktop does: sessions are objects with Close, BindShortcuts
// answers with the shortcuts the "user" accepted, and Activate emits the
// Activated signal a key press would.
type GlobalShortcuts struct {
	Conn *dbus.Conn

	mu sync.Mutex
	// Status is the response code BindShortcuts answers with (1: the
	// user cancelled the dialog).
	Status uint32
	// Refuse lists shortcut IDs the "user" leaves unbound.
	Refuse map[string]bool
	// Trigger, when set, names the trigger the desktop reports for an ID
	// (else the preferred trigger is reported as accepted).
	Trigger map[string]string
	// RefuseSessions makes CreateSession answer response 2, the way a
	// desktop that lets no app hold shortcuts (or this one) refuses.
	RefuseSessions bool

	Binds      chan Bind            // every BindShortcuts call
	Closed     chan dbus.ObjectPath // every Session.Close call
	Configured chan dbus.ObjectPath // every ConfigureShortcuts call
	sessions   map[dbus.ObjectPath]bool
}

// StartGlobalShortcuts owns the portal name on the current session bus
// (see PrivateBus) and serves GlobalShortcuts at the given version.
func StartGlobalShortcuts(t *testing.T, version uint32) *GlobalShortcuts {
	t.Helper()
	g := &GlobalShortcuts{
		Binds:      make(chan Bind, 16),
		Closed:     make(chan dbus.ObjectPath, 16),
		Configured: make(chan dbus.ObjectPath, 16),
		sessions:   map[dbus.ObjectPath]bool{},
	}
	Own(t, map[string]any{ShortcutsIface: g}, func(conn *dbus.Conn) error {
		g.Conn = conn
		_, err := prop.Export(conn, "/org/freedesktop/portal/desktop", prop.Map{
			ShortcutsIface: {"version": {Value: version}},
		})
		return err
	})
	return g
}

// CreateSession creates a session object and answers with its handle.
func (g *GlobalShortcuts) CreateSession(sender dbus.Sender, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	g.mu.Lock()
	refuse := g.RefuseSessions
	g.mu.Unlock()
	if refuse {
		return Respond(g.Conn, sender, opts, 2, nil)
	}
	token, _ := opts["session_handle_token"].Value().(string)
	name := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	session := dbus.ObjectPath("/org/freedesktop/portal/desktop/session/" + name + "/" + token)
	if err := g.Conn.Export(&fakeSession{g: g, path: session}, session, "org.freedesktop.portal.Session"); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	g.mu.Lock()
	g.sessions[session] = true
	g.mu.Unlock()
	// The handle is a string in the reply: see the portal's documentation.
	return Respond(g.Conn, sender, opts, 0, map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
}

// BindShortcuts records the call and answers with the accepted shortcuts.
func (g *GlobalShortcuts) BindShortcuts(sender dbus.Sender, session dbus.ObjectPath, shortcuts []Shortcut, parent string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	g.Binds <- Bind{Session: session, Shortcuts: shortcuts}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.sessions[session] {
		return "", dbus.MakeFailedError(errNoSession)
	}
	var bound []Shortcut
	for _, s := range shortcuts {
		if g.Refuse[s.ID] {
			continue
		}
		trigger, _ := s.Props["preferred_trigger"].Value().(string)
		if t, ok := g.Trigger[s.ID]; ok {
			trigger = t
		}
		bound = append(bound, Shortcut{ID: s.ID, Props: map[string]dbus.Variant{
			"description":         s.Props["description"],
			"trigger_description": dbus.MakeVariant(trigger),
		}})
	}
	results := map[string]dbus.Variant{}
	if g.Status == 0 {
		results["shortcuts"] = dbus.MakeVariant(bound)
	}
	return Respond(g.Conn, sender, opts, g.Status, results)
}

// ConfigureShortcuts records the call (version 2).
func (g *GlobalShortcuts) ConfigureShortcuts(session dbus.ObjectPath, parent string, opts map[string]dbus.Variant) *dbus.Error {
	g.Configured <- session
	return nil
}

// RefuseSessionsFromNow makes later CreateSession calls refuse.
func (g *GlobalShortcuts) RefuseSessionsFromNow() {
	g.mu.Lock()
	g.RefuseSessions = true
	g.mu.Unlock()
}

// Set changes how later BindShortcuts calls answer.
func (g *GlobalShortcuts) Set(status uint32, refuse map[string]bool, trigger map[string]string) {
	g.mu.Lock()
	g.Status, g.Refuse, g.Trigger = status, refuse, trigger
	g.mu.Unlock()
}

// Activate emits what a press of shortcut id in session looks like.
func (g *GlobalShortcuts) Activate(session dbus.ObjectPath, id string) error {
	return g.Conn.Emit("/org/freedesktop/portal/desktop", ShortcutsIface+".Activated",
		session, id, uint64(1000), map[string]dbus.Variant{})
}

// CloseSession ends a session from the desktop's side (Session::Closed).
func (g *GlobalShortcuts) CloseSession(session dbus.ObjectPath) error {
	g.mu.Lock()
	delete(g.sessions, session)
	g.mu.Unlock()
	return g.Conn.Emit(session, "org.freedesktop.portal.Session.Closed", map[string]dbus.Variant{})
}

type fakeSession struct {
	g    *GlobalShortcuts
	path dbus.ObjectPath
}

// Close ends the session from the application's side.
func (s *fakeSession) Close() *dbus.Error {
	s.g.mu.Lock()
	delete(s.g.sessions, s.path)
	s.g.mu.Unlock()
	s.g.Conn.Export(nil, s.path, "org.freedesktop.portal.Session")
	s.g.Closed <- s.path
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

const errNoSession = errString("no such session")
