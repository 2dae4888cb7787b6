package hotkeys

import (
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Defaults for Config.
const (
	DefaultRestarts    = 3
	DefaultBackoff     = time.Second
	DefaultStopTimeout = 2 * time.Second
	// stableAfter is how long a helper must have run for its crash to
	// count as a new problem rather than another try at the same one.
	stableAfter = time.Minute
)

// Config tells a Manager which helper to run and whom to tell.
type Config struct {
	// Helper is the path of the upshot-hotkeyd executable.
	Helper string
	// Args and Env are extra arguments and environment ("K=V") for it.
	Args []string
	Env  []string
	// Serve, when set, is the helper's main loop run in this process
	// instead of Helper (StartInProcess): Serve with a Grabber of its own.
	Serve func(in io.Reader, out io.Writer) error
	// OnPressed is called when the shortcut of action is pressed.
	OnPressed func(action string)
	// OnStatus is called whenever the status changes.
	OnStatus func(Status)
	// Restarts is how often a crashed helper is started again before
	// the Manager gives up: 0 means DefaultRestarts, negative never.
	Restarts int
	// Backoff is the wait before the first restart, doubled for each
	// further one: 0 means DefaultBackoff.
	Backoff time.Duration
	// StopTimeout is how long Close waits for the helper to exit before
	// killing it: 0 means DefaultStopTimeout.
	StopTimeout time.Duration
}

// Manager runs the hotkey helper, keeps it bound to the wanted shortcuts,
// and survives it failing: then the status says why hotkeys are off.
//
// The callbacks run on the Manager's own goroutine, one at a time, never on
// the UI thread; a GUI hands them over with fyne.Do. They must not call
// Close.
type Manager struct {
	cfg  Config
	kick chan struct{} // "the wanted bindings changed", coalesced
	quit chan struct{}
	done chan struct{}
	stop sync.Once

	mu     sync.Mutex
	want   map[string]string
	paused bool
	gaveUp bool // the run loop has ended for good
	status Status
}

// Start starts the helper in the background and binds bindings (action →
// shortcut, "" for none). It never fails: problems arrive through OnStatus.
func Start(cfg Config, bindings map[string]string) *Manager {
	if cfg.Restarts == 0 {
		cfg.Restarts = DefaultRestarts
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = DefaultStopTimeout
	}
	m := &Manager{
		cfg:  cfg,
		kick: make(chan struct{}, 1),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		want: copyMap(bindings),
	}
	m.status.Actions = m.actionsLocked(StateOff)
	go m.run()
	return m
}

// Rebind replaces all bindings.
func (m *Manager) Rebind(bindings map[string]string) {
	m.mu.Lock()
	m.want = copyMap(bindings)
	m.mu.Unlock()
	m.poke()
}

// Pause releases every shortcut (true) or takes them again (false), for
// example while the user records a new shortcut in the settings.
func (m *Manager) Pause(paused bool) {
	m.mu.Lock()
	m.paused = paused
	m.mu.Unlock()
	m.poke()
}

// Status returns the latest status.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status.clone()
}

// Close stops the helper, which releases its shortcuts, and waits for it.
func (m *Manager) Close() {
	m.stop.Do(func() { close(m.quit) })
	<-m.done
}

// poke tells the run loop that the wanted state changed. Once the loop has
// given up, poke updates the status itself.
func (m *Manager) poke() {
	m.mu.Lock()
	if m.gaveUp {
		m.status.Paused = m.paused
		m.status.Actions = m.actionsLocked(StateOff)
		s := m.status.clone()
		m.mu.Unlock()
		m.notify(s)
		return
	}
	m.mu.Unlock()
	select {
	case m.kick <- struct{}{}:
	default: // a kick is pending already
	}
}

// run starts the helper again and again until it is closed or gives up.
func (m *Manager) run() {
	defer close(m.done)
	backoff, failures := m.cfg.Backoff, 0
	for {
		started := time.Now()
		reason, retry := m.session()
		if reason == "" {
			return // closed
		}
		if time.Since(started) > stableAfter {
			backoff, failures = m.cfg.Backoff, 0
		}
		failures++
		retry = retry && failures <= m.cfg.Restarts
		m.off(reason, retry)
		if !retry {
			return
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-m.quit:
			t.Stop()
			return
		}
		backoff *= 2
	}
}

// session runs one helper until it ends or the Manager is closed. It
// returns why the helper ended ("" when closed) and whether to retry.
func (m *Manager) session() (reason string, retry bool) {
	h, err := startHelper(m.cfg)
	if err != nil {
		return "cannot start the hotkey helper: " + err.Error(), false
	}
	defer h.stop(m.cfg.StopTimeout)
	m.sendWanted(h)
	var fatal string
	for {
		select {
		case msg, ok := <-h.msgs:
			if !ok {
				h.stop(m.cfg.StopTimeout) // stdout ended: reap it, killing one that lingers
				return explain(h.stderr.String(), h.waitErr, m.display(), fatal)
			}
			if msg.Type == MsgFatal {
				fatal = msg.Error
			}
			m.handle(msg)
		case <-m.kick:
			m.sendWanted(h)
		case <-m.quit:
			return "", false
		}
	}
}

// sendWanted sends the wanted bindings, none while paused, and marks them
// pending.
func (m *Manager) sendWanted(h *helperProc) {
	m.mu.Lock()
	bind := map[string]string{}
	if !m.paused {
		bind = copyMap(m.want)
	}
	state := StatePending
	if m.paused {
		state = StatePaused
	}
	m.status.Paused = m.paused
	m.status.Actions = m.actionsLocked(state)
	s := m.status.clone()
	m.mu.Unlock()
	h.send(Command{Bind: bind})
	m.notify(s)
}

// handle applies one message from the helper.
func (m *Manager) handle(msg Message) {
	switch msg.Type {
	case MsgReady:
		m.update(func(s *Status) { s.Running, s.Off, s.Retrying = true, "", false })
	case MsgBound, MsgError:
		if msg.Action == "" {
			return // a complaint about a command: nothing the user can act on
		}
		m.update(func(s *Status) {
			if _, ok := s.Actions[msg.Action]; !ok || m.paused {
				return // an answer to bindings that were since replaced
			}
			a := ActionStatus{Combo: msg.Combo, State: StateBound}
			if msg.Type == MsgError {
				a.State, a.Error = StateError, msg.Error
			}
			s.Actions[msg.Action] = a
		})
	case MsgPressed:
		m.mu.Lock()
		live := !m.paused && m.want[msg.Action] != ""
		m.mu.Unlock()
		if live && m.cfg.OnPressed != nil {
			m.cfg.OnPressed(msg.Action)
		}
	}
}

// off records that no helper runs, and why.
func (m *Manager) off(reason string, retrying bool) {
	m.update(func(s *Status) {
		s.Running, s.Off, s.Retrying = false, "hotkeys are off: "+reason, retrying
		m.gaveUp = !retrying
		s.Actions = m.actionsLocked(StateOff)
	})
}

// update changes the status under the lock and reports it.
func (m *Manager) update(change func(*Status)) {
	m.mu.Lock()
	change(&m.status)
	s := m.status.clone()
	m.mu.Unlock()
	m.notify(s)
}

func (m *Manager) notify(s Status) {
	if m.cfg.OnStatus != nil {
		m.cfg.OnStatus(s)
	}
}

// actionsLocked is a fresh per-action status for the wanted bindings, with
// state for those that have a shortcut. The caller holds m.mu.
func (m *Manager) actionsLocked(state State) map[string]ActionStatus {
	return actionStates(m.want, state)
}

// display is the DISPLAY the helper sees.
func (m *Manager) display() string {
	d := os.Getenv("DISPLAY")
	for _, kv := range m.cfg.Env {
		if v, ok := strings.CutPrefix(kv, "DISPLAY="); ok {
			d = v
		}
	}
	return d
}

func copyMap(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}
