package hotkeys

// Run under Wine (make wine-unit) with a display, or on Windows: keys are
// synthesized with keybd_event, which reaches RegisterHotKey as a person's
// typing does.

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

var keybdEvent = windows.NewLazySystemDLL("user32.dll").NewProc("keybd_event")

// pressKeys holds the virtual keys down in order, then lets go of them.
func pressKeys(vks ...byte) {
	const keyUp = 0x2
	for _, vk := range vks {
		keybdEvent.Call(uintptr(vk), 0, 0, 0)
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(80 * time.Millisecond)
	for i := len(vks) - 1; i >= 0; i-- {
		keybdEvent.Call(uintptr(vks[i]), 0, keyUp, 0)
	}
}

const (
	vkShift, vkControl, vkMenu, vkF9, vkF10 = 0x10, 0x11, 0x12, 0x78, 0x79
)

// waitStatus waits until ok holds for a status the Manager reported.
func waitStatus(t *testing.T, statuses <-chan Status, what string, ok func(Status) bool) Status {
	t.Helper()
	deadline := time.After(30 * time.Second) // a new Wine prefix starts its desktop first
	for {
		select {
		case s := <-statuses:
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("no status with %s", what)
		}
	}
}

func TestWindowsHotkeyPressReachesTheApp(t *testing.T) {
	statuses := make(chan Status, 64)
	pressed := make(chan string, 8)
	m := StartNative(Config{OnPressed: func(a string) { pressed <- a }, OnStatus: func(s Status) { statuses <- s }},
		map[string]string{ActionFull: "Ctrl+Alt+Shift+F9", ActionRegion: ""})
	defer m.Close()
	waitStatus(t, statuses, "the shortcut bound", func(s Status) bool { return s.Actions[ActionFull].State == StateBound })
	pressKeys(vkControl, vkMenu, vkShift, vkF9)
	select {
	case a := <-pressed:
		if a != ActionFull {
			t.Fatalf("pressed %q, want %q", a, ActionFull)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Ctrl+Alt+Shift+F9 typed, no press reported")
	}
	select {
	case a := <-pressed:
		t.Fatalf("one press reported twice (%q)", a)
	case <-time.After(300 * time.Millisecond):
	}
	m.Pause(true)
	waitStatus(t, statuses, "the shortcut paused", func(s Status) bool { return s.Actions[ActionFull].State == StatePaused })
	pressKeys(vkControl, vkMenu, vkShift, vkF9)
	select {
	case a := <-pressed:
		t.Fatalf("a press (%q) while paused", a)
	case <-time.After(500 * time.Millisecond):
	}
}

func TestWindowsHotkeyTakenIsSaid(t *testing.T) {
	statuses := make(chan Status, 64)
	first := StartNative(Config{OnStatus: func(Status) {}}, map[string]string{ActionFull: "Ctrl+Alt+Shift+F10"})
	defer first.Close()
	deadline := time.Now().Add(10 * time.Second)
	for first.Status().Actions[ActionFull].State != StateBound {
		if time.Now().After(deadline) {
			t.Fatalf("the first Manager did not bind: %+v", first.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	second := StartNative(Config{OnStatus: func(s Status) { statuses <- s }}, map[string]string{ActionFull: "Ctrl+Alt+Shift+F10"})
	defer second.Close()
	s := waitStatus(t, statuses, "an error for the taken shortcut", func(s Status) bool { return s.Actions[ActionFull].State == StateError })
	if e := s.Actions[ActionFull].Error; !strings.Contains(e, "taken by another program") || !strings.Contains(e, "Ctrl+Alt+Shift+F10") {
		t.Fatalf("error %q, want it to say Ctrl+Alt+Shift+F10 is taken", e)
	}
}
