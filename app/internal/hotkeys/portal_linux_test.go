package hotkeys

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// portalWatched is a Portal whose callbacks feed channels.
type portalWatched struct {
	*Portal
	*watcher
}

func startPortal(t *testing.T, bind map[string]string) *portalWatched {
	t.Helper()
	w := &portalWatched{watcher: newWatcher(t)}
	p, err := StartPortal(w.watch(Config{}), "app.upshot.Upshot", bind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	w.Portal, w.current = p, p.Status
	return w
}

func nextBind(t *testing.T, g *portaltest.GlobalShortcuts) portaltest.Bind {
	t.Helper()
	return recv(t, g.Binds, "the app to call BindShortcuts")
}

func settled(s Status) bool {
	for _, a := range s.Actions {
		if a.State == StatePending {
			return false
		}
	}
	return len(s.Actions) > 0
}

func TestPortalBindsSuggestsTriggersAndDeliversPresses(t *testing.T) {
	portaltest.PrivateBus(t)
	g := portaltest.StartGlobalShortcuts(t, 1)
	g.Set(0, nil, map[string]string{"region": "Meta+R"}) // the user picked another key
	w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3", "region": "ctrl+shift+4", "window": "", "clipboard": "Super+Print"})

	b := nextBind(t, g)
	got := map[string]string{}
	for _, s := range b.Shortcuts {
		got[s.ID], _ = s.Props["preferred_trigger"].Value().(string)
		if d, _ := s.Props["description"].Value().(string); d == "" {
			t.Errorf("shortcut %s has no description for the desktop's dialog", s.ID)
		}
	}
	want := map[string]string{"full": "CTRL+SHIFT+3", "region": "CTRL+SHIFT+4", "clipboard": "LOGO+Print"}
	if len(got) != len(want) {
		t.Fatalf("bound %v, want %v (a disabled action is not sent)", got, want)
	}
	for id, trig := range want {
		if got[id] != trig {
			t.Errorf("%s: preferred_trigger %q, want %q", id, got[id], trig)
		}
	}
	s := w.waitFor("every action answered", settled)
	if !s.Running || !s.Desktop || s.Configurable || s.Off != "" {
		t.Errorf("status %+v: want running on the desktop's portal, version 1 (not configurable)", s)
	}
	if a := s.Actions["region"]; a.State != StateBound || a.Combo != "Meta+R" {
		t.Errorf("region %+v: want bound to the desktop's choice Meta+R", a)
	}
	if a := s.Actions["full"]; a.State != StateBound || a.Combo != "CTRL+SHIFT+3" {
		t.Errorf("full %+v: want bound", a)
	}
	if a := s.Actions["window"]; a.State != StateDisabled {
		t.Errorf("window %+v: want disabled", a)
	}

	if err := g.Activate("/org/freedesktop/portal/desktop/session/other/x", "full"); err != nil {
		t.Fatal(err)
	}
	if err := g.Activate(b.Session, "window"); err != nil { // not wanted: ignored
		t.Fatal(err)
	}
	if err := g.Activate(b.Session, "region"); err != nil {
		t.Fatal(err)
	}
	if a := recv(t, w.presses, "the press"); a != "region" {
		t.Fatalf("pressed %q, want only region (another session's and a disabled action's presses are not ours)", a)
	}

	w.Pause(true)
	w.waitFor("paused", func(s Status) bool { return s.Paused && s.Actions["full"].State == StatePaused })
	_ = g.Activate(b.Session, "full")
	select {
	case a := <-w.presses:
		t.Fatalf("pressed %q while paused", a)
	case <-time.After(300 * time.Millisecond):
	}
	w.Pause(false)
	w.waitFor("unpaused", func(s Status) bool { return !s.Paused && s.Actions["full"].State == StateBound })
	_ = g.Activate(b.Session, "clipboard")
	if a := recv(t, w.presses, "the press after the pause"); a != "clipboard" {
		t.Fatalf("pressed %q after the pause, want clipboard", a)
	}
	select {
	case b := <-g.Binds:
		t.Fatalf("pausing bound again: %+v", b)
	default:
	}
}

func TestPortalRebindOpensANewSession(t *testing.T) {
	portaltest.PrivateBus(t)
	g := portaltest.StartGlobalShortcuts(t, 2)
	w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3"})
	first := nextBind(t, g)
	w.waitFor("bound", settled)
	if !w.Status().Configurable {
		t.Error("a version 2 portal should be configurable")
	}
	if err := w.Configure(); err != nil {
		t.Fatal(err)
	}
	if s := recv(t, g.Configured, "ConfigureShortcuts"); s != first.Session {
		t.Errorf("ConfigureShortcuts on %s, want the session %s", s, first.Session)
	}

	w.Rebind(map[string]string{"full": "Ctrl+Alt+F"})
	if closed := recv(t, g.Closed, "the old session's Close (a session binds only once)"); closed != first.Session {
		t.Errorf("closed %s, want the old session %s", closed, first.Session)
	}
	second := nextBind(t, g)
	if second.Session == first.Session || len(second.Shortcuts) != 1 {
		t.Fatalf("second bind %+v", second)
	}
	if trig, _ := second.Shortcuts[0].Props["preferred_trigger"].Value().(string); trig != "CTRL+ALT+f" {
		t.Errorf("preferred_trigger %q, want CTRL+ALT+f", trig)
	}
	w.waitFor("the new binding bound", func(s Status) bool {
		a := s.Actions["full"]
		return a.State == StateBound && a.Combo == "CTRL+ALT+f"
	})

	// The same bindings again: the status is published anew, and no bind
	// (which would come before that status) is made.
	w.drain()
	w.Rebind(map[string]string{"full": "Ctrl+Alt+F"})
	if s := recv(t, w.statuses, "the status after an unchanged Rebind"); s.Actions["full"].State != StateBound {
		t.Errorf("after an unchanged Rebind, full %+v: want still bound", s.Actions["full"])
	}
	select {
	case b := <-g.Binds:
		t.Fatalf("an unchanged Rebind bound again: %+v", b)
	default:
	}
}

func TestPortalRefusalsAreNamed(t *testing.T) {
	t.Run("one left unbound", func(t *testing.T) {
		portaltest.PrivateBus(t)
		g := portaltest.StartGlobalShortcuts(t, 1)
		g.Set(0, map[string]bool{"region": true}, nil)
		w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4"})
		s := w.waitFor("answers", settled)
		if a := s.Actions["region"]; a.State != StateError || !strings.Contains(a.Error, "Capture a region") || !strings.Contains(a.Error, "keyboard settings") {
			t.Errorf("region %+v: want an error naming the action and where to fix it", a)
		}
		if s.Actions["full"].State != StateBound {
			t.Errorf("full %+v: want bound", s.Actions["full"])
		}
	})
	t.Run("dialog cancelled", func(t *testing.T) {
		portaltest.PrivateBus(t)
		g := portaltest.StartGlobalShortcuts(t, 1)
		g.Set(1, nil, nil)
		w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3"})
		s := w.waitFor("answers", settled)
		if a := s.Actions["full"]; a.State != StateError || !strings.Contains(a.Error, "Ctrl+Shift+3") || !strings.Contains(a.Error, "cancelled") {
			t.Errorf("full %+v: want the cancelled dialog named", a)
		}
		if err := w.Configure(); err == nil || !strings.Contains(err.Error(), "keyboard settings") {
			t.Errorf("Configure on version 1: %v, want a pointer to the keyboard settings", err)
		}
		first := nextBind(t, g)
		if closed := recv(t, g.Closed, "the cancelled session's Close"); closed != first.Session {
			t.Errorf("closed %s after the cancel, want %s", closed, first.Session)
		}
		g.Set(0, nil, nil)
		w.Rebind(map[string]string{"full": "Ctrl+Shift+3"}) // Apply, unchanged
		if again := nextBind(t, g); again.Session == first.Session {
			t.Error("asked again in the used session")
		}
		w.waitFor("bound after asking again", func(s Status) bool { return s.Actions["full"].State == StateBound })
	})
	t.Run("session closed by the desktop", func(t *testing.T) {
		portaltest.PrivateBus(t)
		g := portaltest.StartGlobalShortcuts(t, 1)
		w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3"})
		b := nextBind(t, g)
		w.waitFor("bound", settled)
		if err := g.CloseSession(b.Session); err != nil {
			t.Fatal(err)
		}
		s := w.waitFor("off", func(s Status) bool { return s.Off != "" })
		if !strings.Contains(s.Off, "Apply") || s.Running {
			t.Errorf("status %+v: want off, saying how to bind again", s)
		}
		w.Rebind(map[string]string{"full": "Ctrl+Shift+3"}) // Apply
		if again := nextBind(t, g); again.Session == b.Session {
			t.Error("bound again into the closed session")
		}
		w.waitFor("bound again", func(s Status) bool { return s.Running && s.Actions["full"].State == StateBound })
	})
	t.Run("session refused", func(t *testing.T) {
		portaltest.PrivateBus(t)
		g := portaltest.StartGlobalShortcuts(t, 1)
		g.RefuseSessionsFromNow()
		w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3"})
		s := w.waitFor("off", func(s Status) bool { return s.Off != "" })
		// The same advice as a desktop without the portal.
		if !strings.Contains(s.Off, "refused a shortcut session") || !strings.Contains(s.Off, BindCommandsAdvice) {
			t.Errorf("status %+v: want the refusal and what to bind instead", s)
		}
	})
	t.Run("portal gone", func(t *testing.T) {
		portaltest.PrivateBus(t)
		g := portaltest.StartGlobalShortcuts(t, 1)
		w := startPortal(t, map[string]string{"full": "Ctrl+Shift+3"})
		w.waitFor("bound", settled)
		g.Conn.Close()
		s := w.waitFor("off", func(s Status) bool { return s.Off != "" })
		if !strings.Contains(s.Off, "portal stopped") || s.Actions["full"].State != StateOff {
			t.Errorf("status %+v: want off because the portal stopped", s)
		}
	})
}

func TestStartPortalWithoutGlobalShortcuts(t *testing.T) {
	portaltest.PrivateBus(t)
	_, err := StartPortal(Config{}, "", map[string]string{"full": "Ctrl+Shift+3"})
	if !errors.Is(err, ErrNoPortal) {
		t.Fatalf("no portal on the bus: %v, want ErrNoPortal", err)
	}
	portaltest.Own(t, map[string]any{"org.freedesktop.portal.Screenshot": &struct{}{}})
	_, err = StartPortal(Config{}, "", map[string]string{"full": "Ctrl+Shift+3"})
	if !errors.Is(err, ErrNoPortal) {
		t.Fatalf("a portal without GlobalShortcuts: %v, want ErrNoPortal", err)
	}
}

func TestTriggerSpelling(t *testing.T) {
	for in, want := range map[string]string{
		"Ctrl+Shift+3":          "CTRL+SHIFT+3",
		"super+print":           "LOGO+Print",
		"Ctrl+Alt+A":            "CTRL+ALT+a",
		"Ctrl+PageDown":         "CTRL+Page_Down",
		"Alt+Space":             "ALT+space",
		"F12":                   "F12",
		"Ctrl+Shift+Super+Left": "CTRL+SHIFT+LOGO+Left",
	} {
		c, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Trigger(); got != want {
			t.Errorf("%q.Trigger() = %q, want %q", in, got, want)
		}
	}
}

func TestUnavailableSaysWhyForEveryAction(t *testing.T) {
	var got []Status
	u := NewUnavailable(Config{OnStatus: func(s Status) { got = append(got, s) }}, "no portal", map[string]string{"full": "Ctrl+Shift+3", "window": ""})
	var b Backend = u
	b.Rebind(map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4"})
	b.Pause(true)
	s := b.Status()
	if len(got) != 2 || s.Off != "hotkeys are off: no portal" || s.Running || !s.Paused {
		t.Fatalf("status %+v after %d reports", s, len(got))
	}
	if s.Actions["region"].State != StateOff || len(s.Actions) != 2 {
		t.Errorf("actions %+v: want the new bindings, all off", s.Actions)
	}
	b.Close()
}

// drain drops the statuses reported so far.
func (w *watcher) drain() {
	for {
		select {
		case <-w.statuses:
		default:
			return
		}
	}
}
