package hotkeys

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/portal"

	"github.com/upshot-app/upshot/app/internal/sessionbus"
)

// Backend is what the app needs from a source of global shortcuts: the
// X11 helper (Manager) or the desktop's portal (Portal).
type Backend interface {
	Rebind(bindings map[string]string)
	Pause(paused bool)
	Status() Status
	Close()
}

const shortcutsIface = "org.freedesktop.portal.GlobalShortcuts"

// ErrNoPortal is returned by StartPortal when the desktop offers no
// GlobalShortcuts portal.
var ErrNoPortal = errors.New("the desktop has no GlobalShortcuts portal")

// BindCommandsAdvice is what to do where the desktop lets Upshot hold no
// shortcut: no GlobalShortcuts portal, or one that refuses a session.
const BindCommandsAdvice = "bind the commands upshot capture full, upshot capture region, upshot capture window" +
	" and upshot clipboard in the desktop's keyboard settings instead"

// portalBindTimeout bounds a BindShortcuts request, which may wait for the
// user in the desktop's dialog.
const portalBindTimeout = 5 * time.Minute

// Portal binds the shortcuts through xdg-desktop-portal's GlobalShortcuts
// interface — on Wayland no client may grab keys, the desktop delivers
// them. The desktop has the last word: our combinations are its preferred
// triggers, it may show a dialog to confirm them, and it reports the
// triggers it chose, which the status shows.
//
// A session can bind only once, so new bindings close the session and
// open another. Callbacks run on the Portal's goroutine, as with Manager.
type Portal struct {
	cfg     Config
	conn    *dbus.Conn
	version uint32
	ctx     context.Context // cancelled by Close, ending a pending dialog
	cancel  context.CancelFunc
	kick    chan struct{}
	done    chan struct{}

	mu       sync.Mutex
	want     map[string]string
	paused   bool
	status   Status
	result   map[string]ActionStatus // the last bind's answer, per action
	answered map[string]string       // the bindings result answers
	session  dbus.ObjectPath         // the session, "" after a failed bind
}

// StartPortal connects to the desktop's GlobalShortcuts portal and binds
// bindings in the background. appID identifies a host (non-Flatpak) app
// to portals that keep a registry. It fails, with ErrNoPortal, only when
// there is no such portal to talk to.
func StartPortal(cfg Config, appID string, bindings map[string]string) (*Portal, error) {
	conn, err := sessionbus.Connect(context.Background())
	if err != nil {
		return nil, fmt.Errorf("%w (session bus: %v)", ErrNoPortal, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	obj := conn.Object(portal.Name, portal.Path)
	if appID != "" {
		// Portals from 1.19 on ask host apps to say who they are before
		// any other call; older ones have no registry, which is fine.
		_ = obj.CallWithContext(ctx, "org.freedesktop.host.portal.Registry.Register", 0, appID, map[string]dbus.Variant{}).Err
	}
	var v dbus.Variant
	if err := obj.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, shortcutsIface, "version").Store(&v); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w (%v)", ErrNoPortal, err)
	}
	version, _ := v.Value().(uint32)
	signals := make(chan *dbus.Signal, 64)
	conn.Signal(signals)
	for _, match := range [][]dbus.MatchOption{
		{dbus.WithMatchObjectPath(portal.Path), dbus.WithMatchInterface(shortcutsIface)},
		{dbus.WithMatchInterface(portal.SessionIface), dbus.WithMatchMember("Closed")},
		{dbus.WithMatchInterface("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, portal.Name)},
	} {
		if err := conn.AddMatchSignal(match...); err != nil {
			conn.Close()
			return nil, fmt.Errorf("%w (watch its signals: %v)", ErrNoPortal, err)
		}
	}
	p := &Portal{cfg: cfg, conn: conn, version: version, kick: make(chan struct{}, 1), done: make(chan struct{}),
		want: copyMap(bindings), result: map[string]ActionStatus{}}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.status = Status{Desktop: true, Configurable: version >= 2, Actions: actionStates(p.want, StatePending)}
	go p.run(signals)
	return p, nil
}

// Rebind replaces all bindings; changed ones are bound in a new session.
func (p *Portal) Rebind(bindings map[string]string) {
	p.mu.Lock()
	p.want = copyMap(bindings)
	p.mu.Unlock()
	p.poke()
}

// Pause ignores presses (true) or delivers them again (false). The
// desktop keeps the shortcuts meanwhile: a portal cannot release them.
func (p *Portal) Pause(paused bool) {
	p.mu.Lock()
	p.paused = paused
	p.mu.Unlock()
	p.poke()
}

// Status returns the latest status.
func (p *Portal) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status.clone()
}

// Close ends the session, which releases the shortcuts, and waits.
func (p *Portal) Close() {
	p.cancel()
	<-p.done
}

// Configure opens the desktop's own dialog for this app's shortcuts
// (GlobalShortcuts version 2).
func (p *Portal) Configure() error {
	if p.version < 2 {
		return fmt.Errorf("this desktop's shortcut portal (version %d) cannot open its settings: use the desktop's keyboard settings", p.version)
	}
	p.mu.Lock()
	session := p.session
	p.mu.Unlock()
	if session == "" {
		return errors.New("no shortcuts are bound yet")
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	return p.conn.Object(portal.Name, portal.Path).CallWithContext(ctx, shortcutsIface+".ConfigureShortcuts", 0, session, "", map[string]dbus.Variant{}).Err
}

func (p *Portal) poke() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

func (p *Portal) run(signals chan *dbus.Signal) {
	defer close(p.done)
	defer p.conn.Close()
	p.bind()
	for {
		select {
		case <-p.ctx.Done():
			p.closeSession()
			return
		case <-p.kick:
			p.bind()
		case sig := <-signals:
			p.signal(sig)
		}
	}
}

// active is the bindings that have a shortcut.
func active(want map[string]string) map[string]string {
	out := map[string]string{}
	for a, c := range want {
		if strings.TrimSpace(c) != "" {
			out[a] = c
		}
	}
	return out
}

// bind brings the session in line with the wanted bindings.
func (p *Portal) bind() {
	p.mu.Lock()
	want := active(p.want)
	p.mu.Unlock()
	// A live session has bound exactly answered: a failed bind closes it.
	if p.session != "" && maps.Equal(want, p.answered) {
		p.publish(true, "")
		return
	}
	p.closeSession()
	result := map[string]ActionStatus{}
	if len(want) == 0 {
		p.setResult(result, want)
		p.publish(true, "")
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, portalBindTimeout)
	defer cancel()
	session, err := p.createSession(ctx)
	if err != nil {
		p.publish(false, "the desktop refused a shortcut session ("+err.Error()+") — "+BindCommandsAdvice)
		return
	}
	p.mu.Lock()
	p.session, p.answered = session, nil // nothing bound in it yet
	p.mu.Unlock()
	var list []shortcut
	for _, action := range slices.Sorted(maps.Keys(want)) {
		props := map[string]dbus.Variant{"description": dbus.MakeVariant(ActionDescription(action))}
		if c, err := Parse(want[action]); err == nil {
			props["preferred_trigger"] = dbus.MakeVariant(c.Trigger())
		}
		list = append(list, shortcut{ID: action, Props: props})
	}
	results, err := portal.Call(ctx, p.conn, shortcutsIface+".BindShortcuts", nil, session, list, "")
	failed := err != nil
	switch {
	case errors.Is(err, portal.ErrCancelled):
		for action, combo := range want {
			result[action] = ActionStatus{Combo: combo, State: StateError,
				Error: combo + " is not set: the desktop's shortcut dialog was cancelled — press Apply in Settings → Hotkeys to ask again"}
		}
	case err != nil:
		if p.ctx.Err() != nil {
			return // closing
		}
		for action, combo := range want {
			result[action] = ActionStatus{Combo: combo, State: StateError, Error: combo + " is not set: " + err.Error()}
		}
	default:
		bound := parseShortcuts(results["shortcuts"])
		for action, combo := range want {
			trigger, ok := bound[action]
			if !ok {
				result[action] = ActionStatus{Combo: combo, State: StateError,
					Error: fmt.Sprintf("the desktop did not bind “%s”: give it a shortcut in the desktop's keyboard settings", ActionDescription(action))}
				continue
			}
			if trigger == "" {
				trigger = combo
			}
			result[action] = ActionStatus{Combo: trigger, State: StateBound}
		}
	}
	if failed { // a session binds once: the next Apply needs a new one
		p.closeSession()
	}
	p.setResult(result, want)
	p.publish(true, "")
}

// setResult records a bind's answer and the bindings it answered.
func (p *Portal) setResult(result map[string]ActionStatus, answered map[string]string) {
	p.mu.Lock()
	p.result, p.answered = result, answered
	p.mu.Unlock()
}

// publish rebuilds the status from the last bind's answer and reports it.
// off is "" while the portal serves us, else why it does not.
func (p *Portal) publish(running bool, off string) {
	p.mu.Lock()
	s := &p.status
	s.Running, s.Paused = running, p.paused
	s.Off = ""
	if off != "" {
		s.Off = "hotkeys are off: " + off
	}
	s.Actions = actionStates(p.want, StateOff)
	for action, a := range s.Actions {
		if a.State == StateDisabled || off != "" {
			continue
		}
		r, ok := p.result[action]
		if !ok || p.answered[action] != p.want[action] {
			r = ActionStatus{Combo: a.Combo, State: StatePending}
		}
		if p.paused && r.State == StateBound {
			r.State = StatePaused
		}
		s.Actions[action] = r
	}
	c := s.clone()
	p.mu.Unlock()
	if p.cfg.OnStatus != nil {
		p.cfg.OnStatus(c)
	}
}

// createSession opens a GlobalShortcuts session and returns its handle.
func (p *Portal) createSession(ctx context.Context) (dbus.ObjectPath, error) {
	token, err := portal.Token()
	if err != nil {
		return "", err
	}
	results, err := portal.Call(ctx, p.conn, shortcutsIface+".CreateSession",
		map[string]dbus.Variant{"session_handle_token": dbus.MakeVariant(token)})
	if err != nil {
		return "", err
	}
	// The handle is documented as a string; some desktops send a path.
	switch h := results["session_handle"].Value().(type) {
	case string:
		return dbus.ObjectPath(h), nil
	case dbus.ObjectPath:
		return h, nil
	}
	return portal.SessionPath(p.conn, token), nil
}

// closeSession ends the current session, if any.
func (p *Portal) closeSession() {
	p.mu.Lock()
	session := p.session
	p.session = ""
	p.mu.Unlock()
	if session != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = p.conn.Object(portal.Name, session).CallWithContext(ctx, portal.SessionIface+".Close", 0).Err
	}
}

// signal handles a press, a change of triggers, the end of the session or
// of the portal itself.
func (p *Portal) signal(sig *dbus.Signal) {
	p.mu.Lock()
	session, paused := p.session, p.paused
	p.mu.Unlock()
	switch sig.Name {
	case shortcutsIface + ".Activated":
		if len(sig.Body) < 2 || sig.Body[0] != session || session == "" {
			return
		}
		action, _ := sig.Body[1].(string)
		p.mu.Lock()
		live := !paused && strings.TrimSpace(p.want[action]) != ""
		p.mu.Unlock()
		if live && p.cfg.OnPressed != nil {
			p.cfg.OnPressed(action)
		}
	case shortcutsIface + ".ShortcutsChanged":
		if len(sig.Body) < 2 || sig.Body[0] != session || session == "" {
			return
		}
		bound := parseShortcuts(dbus.MakeVariant(sig.Body[1]))
		p.mu.Lock()
		for action, trigger := range bound {
			if r, ok := p.result[action]; ok && trigger != "" {
				r.Combo, r.State, r.Error = trigger, StateBound, ""
				p.result[action] = r
			}
		}
		p.mu.Unlock()
		p.publish(true, "")
	case portal.SessionIface + ".Closed":
		if sig.Path != session || session == "" {
			return
		}
		p.mu.Lock()
		p.session = ""
		p.mu.Unlock()
		p.publish(false, "the desktop ended Upshot's shortcut session — press Apply in Settings → Hotkeys to bind them again")
	case "org.freedesktop.DBus.NameOwnerChanged":
		if len(sig.Body) < 3 {
			return
		}
		p.mu.Lock()
		p.session = ""
		p.mu.Unlock()
		if owner, _ := sig.Body[2].(string); owner == "" {
			p.publish(false, "the desktop's portal stopped")
			return
		}
		p.bind() // a restarted portal: bind afresh
	}
}

// shortcut is one element of an a(sa{sv}) list.
type shortcut struct {
	ID    string
	Props map[string]dbus.Variant
}

// parseShortcuts reads a shortcut list into action → trigger description.
func parseShortcuts(v dbus.Variant) map[string]string {
	var list []shortcut
	if v.Signature().String() == "" || v.Store(&list) != nil {
		return map[string]string{}
	}
	out := make(map[string]string, len(list))
	for _, s := range list {
		trigger, _ := s.Props["trigger_description"].Value().(string)
		out[s.ID] = strings.TrimSpace(trigger)
	}
	return out
}

// ActionDescription says what an action does, for the desktop's dialog.
func ActionDescription(action string) string {
	switch action {
	case ActionFull:
		return "Capture the full screen and upload it"
	case ActionRegion:
		return "Capture a region and upload it"
	case ActionWindow:
		return "Capture the active window and upload it"
	case ActionClipboard:
		return "Upload what is on the clipboard"
	case ActionRecord:
		return "Record a region of the screen; press again to stop and upload"
	}
	return "Upshot: " + action
}

// Unavailable is the Backend of a session where no shortcut can work:
// its status says why, for every action, and stays so.
type Unavailable struct {
	mu     sync.Mutex
	reason string
	status Status
	notify func(Status)
}

// NewUnavailable reports reason through cfg.OnStatus once, at once.
func NewUnavailable(cfg Config, reason string, bindings map[string]string) *Unavailable {
	u := &Unavailable{reason: reason, notify: cfg.OnStatus}
	u.Rebind(bindings)
	return u
}

// Rebind keeps the bindings for the status; nothing is bound.
func (u *Unavailable) Rebind(bindings map[string]string) {
	u.mu.Lock()
	u.status = Status{Off: "hotkeys are off: " + u.reason, Paused: u.status.Paused, Actions: actionStates(bindings, StateOff)}
	s := u.status.clone()
	u.mu.Unlock()
	if u.notify != nil {
		u.notify(s)
	}
}

// Pause only records the pause.
func (u *Unavailable) Pause(paused bool) {
	u.mu.Lock()
	u.status.Paused = paused
	u.mu.Unlock()
}

// Status returns why nothing is bound.
func (u *Unavailable) Status() Status {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.status.clone()
}

// Close does nothing.
func (u *Unavailable) Close() {}
