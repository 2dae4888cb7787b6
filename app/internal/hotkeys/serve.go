package hotkeys

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ErrTaken means another program already holds the shortcut.
var ErrTaken = errors.New("taken by another program")

// Grabber takes global shortcuts from the windowing system. The helper
// implements it with X11; tests implement it with a fake.
type Grabber interface {
	// Grab takes c for the whole desktop. Until ungrab is called it calls
	// down and up, from any goroutine, as the key goes down and up. It
	// returns an error wrapping ErrTaken when another program holds c.
	Grab(c Combo, down, up func()) (ungrab func() error, err error)
}

// RepeatGap is how soon a key-down must follow a key-up to count as the
// keyboard's auto-repeat rather than a new press. X sends auto-repeat as
// up/down pairs with no time between them, every 40 ms or so by default;
// people do not press a whole shortcut twice that fast.
const RepeatGap = 50 * time.Millisecond

// Serve is the helper's main loop: it reports ready, reads commands from
// in, grabs shortcuts with g and reports to out, until in ends. It releases
// every grab before returning.
func Serve(in io.Reader, out io.Writer, g Grabber) error {
	s := newServer(out, g, func(d time.Duration, f func()) { time.AfterFunc(d, f) })
	return s.run(in)
}

// server is the state of Serve.
type server struct {
	g     Grabber
	after func(time.Duration, func())

	outMu sync.Mutex // one writer at a time: presses come from other goroutines
	out   io.Writer

	grabs map[string]*grab // by action
}

// grab is one held shortcut.
type grab struct {
	combo  Combo
	ungrab func() error
	filter *repeatFilter
}

func newServer(out io.Writer, g Grabber, after func(time.Duration, func())) *server {
	return &server{g: g, after: after, out: out, grabs: map[string]*grab{}}
}

func (s *server) run(in io.Reader) error {
	defer s.releaseAll()
	if err := s.emit(Message{Type: MsgReady}); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		cmd, err := DecodeCommand(sc.Bytes())
		if err != nil {
			err = s.emit(Message{Type: MsgError, Error: err.Error()})
		} else {
			err = s.apply(cmd.Bind)
		}
		if err != nil {
			return err // the GUI is gone
		}
	}
	if err := sc.Err(); err != nil {
		_ = s.emit(Message{Type: MsgFatal, Error: "reading commands: " + err.Error()})
		return err
	}
	return nil
}

// emit writes one message.
func (s *server) emit(m Message) error {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	return EncodeMessage(s.out, m)
}

// apply makes the grabs match bind and reports on every action in it.
func (s *server) apply(bind map[string]string) error {
	wanted := map[string]string{} // action → canonical combo
	for action, text := range bind {
		if c, err := Parse(text); err == nil {
			wanted[action] = c.String()
		}
	}
	for action, g := range s.grabs {
		if wanted[action] != g.combo.String() {
			s.release(action)
		}
	}
	owner := map[string]string{} // canonical combo → action holding it
	for action, g := range s.grabs {
		owner[g.combo.String()] = action
	}
	actions := make([]string, 0, len(bind))
	for action := range bind {
		actions = append(actions, action)
	}
	sort.Strings(actions) // deterministic: the first action wins a duplicate
	for _, action := range actions {
		if bind[action] == "" {
			continue
		}
		if err := s.emit(s.bindOne(action, bind[action], owner)); err != nil {
			return err
		}
	}
	return nil
}

// bindOne grabs one shortcut unless it is held already, and says how it went.
func (s *server) bindOne(action, text string, owner map[string]string) Message {
	fail := func(combo, msg string) Message {
		return Message{Type: MsgError, Action: action, Combo: combo, Error: msg}
	}
	c, err := Parse(text)
	if err != nil {
		return fail(text, err.Error())
	}
	name := c.String()
	switch other, held := owner[name]; {
	case held && other == action:
		return Message{Type: MsgBound, Action: action, Combo: name}
	case held:
		return fail(name, fmt.Sprintf("%s is already used for %s", name, other))
	}
	f := &repeatFilter{gap: RepeatGap, after: s.after, press: func() {
		_ = s.emit(Message{Type: MsgPressed, Action: action})
	}}
	ungrab, err := s.g.Grab(c, f.down, f.up)
	switch {
	case errors.Is(err, ErrTaken):
		return fail(name, name+" is taken by another program")
	case err != nil:
		return fail(name, fmt.Sprintf("%s: %v", name, err))
	}
	s.grabs[action] = &grab{combo: c, ungrab: ungrab, filter: f}
	owner[name] = action
	return Message{Type: MsgBound, Action: action, Combo: name}
}

// release lets go of one action's shortcut.
func (s *server) release(action string) {
	g := s.grabs[action]
	delete(s.grabs, action)
	g.filter.stop()
	_ = g.ungrab() // nothing useful to do if the X server already forgot it
}

func (s *server) releaseAll() {
	for action := range s.grabs {
		s.release(action)
	}
}

// repeatFilter turns key-down/up events into presses: one press per
// key-down that follows a real key-up, none for auto-repeat.
type repeatFilter struct {
	gap   time.Duration
	after func(time.Duration, func())
	press func()

	stopped atomic.Bool
	mu      sync.Mutex
	held    bool
	gen     uint64 // bumped by every event; a release timer from an older gen is stale
}

func (f *repeatFilter) down() {
	f.mu.Lock()
	f.gen++
	first := !f.held
	f.held = true
	f.mu.Unlock()
	if first && !f.stopped.Load() {
		f.press()
	}
}

func (f *repeatFilter) up() {
	f.mu.Lock()
	f.gen++
	gen := f.gen
	f.mu.Unlock()
	f.after(f.gap, func() {
		f.mu.Lock()
		if f.gen == gen {
			f.held = false
		}
		f.mu.Unlock()
	})
}

// stop drops any event that was queued before the ungrab.
func (f *repeatFilter) stop() { f.stopped.Store(true) }
