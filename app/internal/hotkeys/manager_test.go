package hotkeys

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// fakeEnv makes the test binary act as upshot-hotkeyd; its value picks the
// behaviour.
const fakeEnv = "UPSHOT_FAKE_HOTKEYD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeHelper(mode))
	}
	os.Exit(m.Run())
}

// fakeHelper is the helper process of these tests:
//
//	ok        serves with a fake X: Ctrl+Shift+4 is taken, and Ctrl+Shift+3
//	          is "pressed" shortly after every grab
//	crash     reports ready, then dies at the first grab, as on a lost X connection
//	nox       dies before main, as golang.design/x/hotkey does without a display
//	stubborn  reports ready and ignores its stdin closing
func fakeHelper(mode string) int {
	switch mode {
	case "nox":
		fmt.Fprint(os.Stderr, "panic: Failed to initialize the X11 display, and the clipboard package\n"+
			"will not work properly.\n\ngoroutine 1 [running]:\nmain.init()\n")
		return 2
	case "stubborn":
		fmt.Println(`{"type":"ready"}`)
		time.Sleep(time.Minute)
		return 0
	}
	g := newFakeGrabber("Ctrl+Shift+4")
	grab := func(c Combo, down, up func()) (func() error, error) {
		if mode == "crash" {
			fmt.Fprintln(os.Stderr, "X connection to :77 broken (explicit kill or server shutdown).")
			os.Exit(3)
		}
		ungrab, err := g.Grab(c, down, up)
		if err == nil && c.String() == "Ctrl+Shift+3" {
			time.AfterFunc(20*time.Millisecond, func() { g.press("Ctrl+Shift+3") })
		}
		return ungrab, err
	}
	if err := Serve(os.Stdin, os.Stdout, grabFunc(grab)); err != nil {
		return 1
	}
	return 0
}

type grabFunc func(c Combo, down, up func()) (func() error, error)

func (f grabFunc) Grab(c Combo, down, up func()) (func() error, error) { return f(c, down, up) }

// watched is a Manager whose callbacks feed channels.
type watched struct {
	*Manager
	*watcher
}

func startFake(t *testing.T, mode string, bind map[string]string, extraEnv ...string) *watched {
	t.Helper()
	w := &watched{watcher: newWatcher(t)}
	w.Manager = Start(w.watch(Config{
		Helper:      os.Args[0],
		Env:         append([]string{fakeEnv + "=" + mode}, extraEnv...),
		Restarts:    2,
		Backoff:     time.Millisecond,
		StopTimeout: 200 * time.Millisecond,
	}), bind)
	w.current = w.Manager.Status
	t.Cleanup(w.Close)
	return w
}

func bothAnswered(s Status) bool {
	return s.Actions["full"].State == StateBound && s.Actions["region"].State == StateError
}

func TestManagerBindsReportsAndDeliversPresses(t *testing.T) {
	w := startFake(t, "ok", map[string]string{"full": "ctrl+shift+3", "region": "Ctrl+Shift+4", "window": ""})
	s := w.waitFor("full bound and region refused", bothAnswered)
	if !s.Running || s.Off != "" {
		t.Errorf("status %+v, want running", s)
	}
	if got := s.Actions["region"].Error; got != "Ctrl+Shift+4 is taken by another program" {
		t.Errorf("region error %q", got)
	}
	if got := s.Actions["full"].Text(); got != "Ctrl+Shift+3" {
		t.Errorf("full text %q", got)
	}
	if got := s.Actions["window"].State; got != StateDisabled {
		t.Errorf("window state %q, want disabled", got)
	}
	if a := recv(t, w.presses, "a press"); a != "full" {
		t.Fatalf("pressed %q, want full", a)
	}
}

func TestManagerPauseAndRebind(t *testing.T) {
	w := startFake(t, "ok", map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4"})
	w.waitFor("first answers", bothAnswered)
	w.Pause(true)
	s := w.waitFor("paused", func(s Status) bool { return s.Paused })
	if s.Actions["full"].State != StatePaused {
		t.Fatalf("full %+v while paused", s.Actions["full"])
	}
	w.Pause(false)
	w.waitFor("bound again", bothAnswered)
	w.Rebind(map[string]string{"window": "Ctrl+Shift+5"})
	s = w.waitFor("window bound", func(s Status) bool { return s.Actions["window"].State == StateBound })
	if _, ok := s.Actions["full"]; ok {
		t.Fatalf("full still listed after a rebind without it: %+v", s.Actions)
	}
}

func TestManagerHelperFailures(t *testing.T) {
	tests := []struct {
		name, mode string
		env        []string
		wantOff    []string
		retries    int // statuses that promised a retry before giving up
	}{
		{"crash", "crash", nil, []string{"hotkeys are off: ", "X connection to :77 broken", "exit status 3"}, 2},
		{"no display", "nox", []string{"DISPLAY="}, []string{"hotkeys are off: no X display (DISPLAY is not set"}, 0},
		{"bad display", "nox", []string{"DISPLAY=:99"}, []string{"hotkeys are off: cannot open the X display :99"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := startFake(t, tt.mode, map[string]string{"full": "Ctrl+Shift+3"}, tt.env...)
			retries := 0
			s := w.waitFor("gave up", func(s Status) bool {
				if s.Retrying && s.Actions["full"].State == StateOff {
					retries++
				}
				return s.Off != "" && !s.Retrying
			})
			for _, want := range tt.wantOff {
				if !strings.Contains(s.Off, want) {
					t.Errorf("Off = %q, want it to contain %q", s.Off, want)
				}
			}
			if retries != tt.retries || s.Running || s.Actions["full"].State != StateOff {
				t.Errorf("retries %d (want %d), final %+v", retries, tt.retries, s)
			}
		})
	}
}

func TestManagerMissingHelper(t *testing.T) {
	w := &watched{watcher: newWatcher(t)}
	w.Manager = Start(w.watch(Config{Helper: "/nonexistent/upshot-hotkeyd"}),
		map[string]string{"full": "Ctrl+Shift+3"})
	w.current = w.Manager.Status
	defer w.Close()
	s := w.waitFor("off", func(s Status) bool { return s.Off != "" })
	if !strings.Contains(s.Off, "cannot start the hotkey helper") || !strings.Contains(s.Off, "/nonexistent/upshot-hotkeyd") || s.Retrying {
		t.Fatalf("status %+v", s)
	}
	w.Rebind(map[string]string{"window": "Ctrl+Shift+5"}) // must not block or panic after giving up
	s = w.waitFor("rebind noted", func(s Status) bool { return s.Actions["window"].State == StateOff })
	if s.Off == "" {
		t.Fatalf("status after rebind %+v, want still off", s)
	}
}

func TestManagerCloseKillsStubbornHelper(t *testing.T) {
	w := startFake(t, "stubborn", map[string]string{"full": "Ctrl+Shift+3"})
	w.waitFor("running", func(s Status) bool { return s.Running })
	closed := make(chan struct{})
	go func() { w.Close(); close(closed) }()
	recv(t, closed, "Close to return for a helper that ignores its stdin")
	select {
	case s := <-w.statuses:
		t.Fatalf("a status after Close: %+v", s)
	default:
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		name, stderr, display, fatal string
		waitErr                      error
		want                         string
		retry                        bool
	}{
		{"panic line wins", "log\npanic: boom\n\ngoroutine 1", ":0", "", fmt.Errorf("exit status 2"),
			"panic: boom (the hotkey helper stopped: exit status 2)", true},
		{"last line", "first\nlast words\n", ":0", "", nil, "last words (the hotkey helper stopped)", true},
		{"silent", "", ":0", "", fmt.Errorf("signal: killed"), "the hotkey helper stopped: signal: killed", true},
		{"fatal message", "", ":0", "cannot open the keyboard map", nil, "cannot open the keyboard map", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, retry := explain(tt.stderr, tt.waitErr, tt.display, tt.fatal)
			if got != tt.want || retry != tt.retry {
				t.Fatalf("explain = %q, %v; want %q, %v", got, retry, tt.want, tt.retry)
			}
		})
	}
}

func TestTailBufferKeepsEnd(t *testing.T) {
	b := &tailBuffer{max: 8}
	fmt.Fprint(b, "0123456789")
	fmt.Fprint(b, "ab")
	if got := b.String(); got != "456789ab" {
		t.Fatalf("tail %q", got)
	}
}
