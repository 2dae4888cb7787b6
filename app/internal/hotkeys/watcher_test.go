package hotkeys

import (
	"testing"
	"time"
)

// waitLimit bounds every wait in these tests: a hang detector, generous
// enough never to be a speed assertion.
const waitLimit = 10 * time.Second

// watcher feeds a Backend's callbacks into channels. It is embedded, next
// to the Backend, in the tests' watched Manager and Portal.
type watcher struct {
	t        *testing.T
	statuses chan Status
	presses  chan string
	current  func() Status // the Backend's Status, for failure messages
}

func newWatcher(t *testing.T) *watcher {
	return &watcher{t: t, statuses: make(chan Status, 100), presses: make(chan string, 100)}
}

// watch points cfg's callbacks at the watcher's channels.
func (w *watcher) watch(cfg Config) Config {
	cfg.OnPressed = func(a string) { w.presses <- a }
	cfg.OnStatus = func(s Status) { w.statuses <- s }
	return cfg
}

// waitFor returns the first status that satisfies ok.
func (w *watcher) waitFor(what string, ok func(Status) bool) Status {
	w.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case s := <-w.statuses:
			if ok(s) {
				return s
			}
		case <-deadline:
			w.t.Fatalf("no status with %s; last: %+v", what, w.current())
		}
	}
}

// recv returns the next value from ch, failing the test if none comes.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitLimit):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}
