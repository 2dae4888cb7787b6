package hotkeys

import (
	"errors"
	"fmt"
	"sync"
)

// fakeGrabber stands in for X11: it records grabs and lets a test press
// the keys it holds.
type fakeGrabber struct {
	mu    sync.Mutex
	taken map[string]bool // canonical combos "another program" holds
	held  map[string]fakeKey
	log   []string
}

type fakeKey struct{ down, up func() }

func newFakeGrabber(taken ...string) *fakeGrabber {
	g := &fakeGrabber{taken: map[string]bool{}, held: map[string]fakeKey{}}
	for _, c := range taken {
		g.taken[c] = true
	}
	return g
}

func (g *fakeGrabber) Grab(c Combo, down, up func()) (func() error, error) {
	name := c.String()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.taken[name] {
		return nil, fmt.Errorf("grab %s: %w", name, ErrTaken)
	}
	if _, dup := g.held[name]; dup {
		// X would answer BadAccess: Serve must never grab twice.
		return nil, errors.New("grabbed twice by the same client")
	}
	g.held[name] = fakeKey{down, up}
	g.log = append(g.log, "grab "+name)
	return func() error {
		g.mu.Lock()
		defer g.mu.Unlock()
		delete(g.held, name)
		g.log = append(g.log, "ungrab "+name)
		return nil
	}, nil
}

// key returns the callbacks of a held combo.
func (g *fakeGrabber) key(name string) (fakeKey, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	k, ok := g.held[name]
	return k, ok
}

// press presses and releases a held combo.
func (g *fakeGrabber) press(name string) bool {
	k, ok := g.key(name)
	if ok {
		k.down()
		k.up()
	}
	return ok
}

func (g *fakeGrabber) events() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.log...)
}

func (g *fakeGrabber) heldCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.held)
}
