//go:build e2e

// End-to-end tests of the real helper in a real X server, with keys typed
// by xdotool. They need DISPLAY (the e2e runner starts Xvfb) and must not
// share that display with other tests that type keys at the same time.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/hotkeys"
)

// The shortcuts these tests take: unlike the app's defaults, so the GUI's
// end-to-end tests running on the same display keep theirs.
const (
	comboA = "Ctrl+Alt+Shift+F9"
	keysA  = "ctrl+alt+shift+F9"
	comboB = "Ctrl+Alt+Shift+F10"
	keysB  = "ctrl+alt+shift+F10"
)

// helperBin is the helper built once by TestMain for all tests.
var helperBin string

func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "FAIL: DISPLAY is not set: run the e2e tests under Xvfb (make e2e)")
		os.Exit(1)
	}
	if _, err := exec.LookPath("xdotool"); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: xdotool is missing: run .ci/deps.sh test")
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "upshot-hotkeyd-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	helperBin = filepath.Join(dir, "upshot-hotkeyd")
	cmd := exec.Command("go", "build", "-o", helperBin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildHelper returns the helper TestMain built.
func buildHelper(t *testing.T) string {
	t.Helper()
	return helperBin
}

func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

// rawHelper is a helper driven over the protocol directly.
type rawHelper struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan hotkeys.Message
}

func startRaw(t *testing.T, bin string) *rawHelper {
	t.Helper()
	cmd := exec.Command(bin)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &rawHelper{cmd: cmd, in: in, lines: make(chan hotkeys.Message, 100)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			m, err := hotkeys.DecodeMessage(sc.Bytes())
			if err != nil {
				m = hotkeys.Message{Type: "undecodable: " + sc.Text()}
			}
			h.lines <- m
		}
		close(h.lines)
	}()
	t.Cleanup(func() { in.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return h
}

func (h *rawHelper) bind(t *testing.T, b map[string]string) {
	t.Helper()
	if err := hotkeys.EncodeCommand(h.in, hotkeys.Command{Bind: b}); err != nil {
		t.Fatal(err)
	}
}

func (h *rawHelper) next(t *testing.T) hotkeys.Message {
	t.Helper()
	select {
	case m, ok := <-h.lines:
		if !ok {
			t.Fatal("the helper closed its stdout")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message from the helper")
	}
	return hotkeys.Message{}
}

func TestSecondHelperIsToldTheComboIsTaken(t *testing.T) {
	bin := buildHelper(t)
	first, second := startRaw(t, bin), startRaw(t, bin)
	for _, h := range []*rawHelper{first, second} {
		if m := h.next(t); m.Type != hotkeys.MsgReady {
			t.Fatalf("first message %+v", m)
		}
	}
	first.bind(t, map[string]string{"full": comboA})
	if m := first.next(t); m.Type != hotkeys.MsgBound {
		t.Fatalf("first helper: %+v", m)
	}
	second.bind(t, map[string]string{"full": comboA, "region": comboB})
	want := []hotkeys.Message{
		{Type: hotkeys.MsgError, Action: "full", Combo: comboA, Error: comboA + " is taken by another program"},
		{Type: hotkeys.MsgBound, Action: "region", Combo: comboB},
	}
	for _, w := range want {
		if got := second.next(t); got != w {
			t.Fatalf("second helper: %+v, want %+v", got, w)
		}
	}
}

func TestMissingKeyIsRefusedNotGrabbedAsAnyKey(t *testing.T) {
	h := startRaw(t, buildHelper(t))
	h.next(t) // ready
	h.bind(t, map[string]string{"full": "Ctrl+F24"})
	m := h.next(t)
	// Xvfb's keymap has no F24; a grab of keycode 0 would take every key.
	if m.Type != hotkeys.MsgError || !strings.Contains(m.Error, "no F24 key") {
		t.Fatalf("got %+v, want an error about F24", m)
	}
}

func TestHelperExitsWhenStdinCloses(t *testing.T) {
	h := startRaw(t, buildHelper(t))
	h.next(t) // ready
	h.bind(t, map[string]string{"full": comboA})
	h.next(t)
	h.in.Close()
	done := make(chan error, 1)
	go func() { done <- h.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("helper exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the helper did not exit after its stdin closed")
	}
}

// managed is a hotkeys.Manager running the real helper.
type managed struct {
	*hotkeys.Manager
	pressed chan string
	status  chan hotkeys.Status
}

func startManaged(t *testing.T, bind map[string]string, env ...string) *managed {
	t.Helper()
	m := &managed{pressed: make(chan string, 100), status: make(chan hotkeys.Status, 100)}
	m.Manager = hotkeys.Start(hotkeys.Config{
		Helper:    buildHelper(t),
		Env:       env,
		OnPressed: func(a string) { m.pressed <- a },
		OnStatus:  func(s hotkeys.Status) { m.status <- s },
		Backoff:   10 * time.Millisecond,
	}, bind)
	t.Cleanup(m.Close)
	return m
}

func (m *managed) waitStatus(t *testing.T, ok func(hotkeys.Status) bool) hotkeys.Status {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case s := <-m.status:
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("status never came; last %+v", m.Status())
		}
	}
}

// presses collects n presses.
func (m *managed) presses(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	for len(got) < n {
		select {
		case a := <-m.pressed:
			got = append(got, a)
		case <-time.After(10 * time.Second):
			t.Fatalf("presses so far %q, want %d", got, n)
		}
	}
	return got
}

func TestManagerWithRealHelperDeliversEachPressOnce(t *testing.T) {
	m := startManaged(t, map[string]string{"full": comboA, "region": comboB})
	m.waitStatus(t, func(s hotkeys.Status) bool {
		return s.Actions["full"].State == hotkeys.StateBound && s.Actions["region"].State == hotkeys.StateBound
	})
	xdotool(t, "key", keysA)
	xdotool(t, "key", "ctrl+alt+F9", "shift+alt+F10", "ctrl+shift+F9", "F10") // near misses
	// Held long enough for the keyboard's auto-repeat to start.
	xdotool(t, "keydown", keysB)
	time.Sleep(1200 * time.Millisecond)
	xdotool(t, "keyup", keysB)
	xdotool(t, "key", keysA) // the marker: anything spurious shows up before it
	if got, want := m.presses(t, 3), []string{"full", "region", "full"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("presses %q, want %q", got, want)
	}
	m.Pause(true)
	m.waitStatus(t, func(s hotkeys.Status) bool { return s.Paused })
	// Paused: the key is released, so a second program can take it.
	other := startRaw(t, buildHelper(t))
	other.next(t)
	other.bind(t, map[string]string{"x": comboA})
	if msg := other.next(t); msg.Type != hotkeys.MsgBound {
		t.Fatalf("after Pause, another program could not take "+comboA+": %+v", msg)
	}
}

func TestManagerReportsABadDisplay(t *testing.T) {
	tests := []struct{ env, want string }{
		{"DISPLAY=:1999", "hotkeys are off: cannot open the X display :1999"},
		{"DISPLAY=", "hotkeys are off: no X display (DISPLAY is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			m := startManaged(t, map[string]string{"full": comboA}, tt.env)
			s := m.waitStatus(t, func(s hotkeys.Status) bool { return s.Off != "" && !s.Retrying })
			if !strings.HasPrefix(s.Off, tt.want) {
				t.Fatalf("Off = %q, want %q…", s.Off, tt.want)
			}
		})
	}
}
