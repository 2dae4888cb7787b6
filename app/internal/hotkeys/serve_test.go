package hotkeys

import (
	"bufio"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// served is a Serve running in this process, talked to over pipes.
type served struct {
	t    *testing.T
	in   *io.PipeWriter
	msgs chan Message
	done chan error
}

func startServe(t *testing.T, g Grabber) *served {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &served{t: t, in: inW, msgs: make(chan Message, 100), done: make(chan error, 1)}
	go func() {
		err := Serve(inR, outW, g)
		outW.Close()
		s.done <- err
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			m, err := DecodeMessage(sc.Bytes())
			if err != nil {
				m = Message{Type: "undecodable", Error: err.Error()}
			}
			s.msgs <- m
		}
		close(s.msgs)
	}()
	t.Cleanup(func() { inW.Close() })
	if m := s.next(); m.Type != MsgReady {
		t.Fatalf("first message %+v, want ready", m)
	}
	return s
}

func (s *served) bind(b map[string]string) {
	s.t.Helper()
	if err := EncodeCommand(s.in, Command{Bind: b}); err != nil {
		s.t.Fatal(err)
	}
}

func (s *served) next() Message {
	s.t.Helper()
	select {
	case m := <-s.msgs:
		return m
	case <-time.After(10 * time.Second):
		s.t.Fatal("no message from Serve")
		return Message{}
	}
}

// expect reads len(want) messages and compares them in order.
func (s *served) expect(want ...Message) {
	s.t.Helper()
	for _, w := range want {
		if got := s.next(); got != w {
			s.t.Fatalf("got %+v, want %+v", got, w)
		}
	}
}

func TestServeBindsAndReportsByName(t *testing.T) {
	g := newFakeGrabber("Ctrl+Shift+4")
	s := startServe(t, g)
	s.bind(map[string]string{
		"full": "Ctrl+Shift+3", "region": "ctrl+shift+4", "window": "", "clipboard": "Ctrl+Banana",
	})
	s.expect(
		Message{Type: MsgError, Action: "clipboard", Combo: "Ctrl+Banana", Error: `shortcut "Ctrl+Banana": unknown key "Banana"`},
		Message{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"},
		Message{Type: MsgError, Action: "region", Combo: "Ctrl+Shift+4", Error: "Ctrl+Shift+4 is taken by another program"},
	)
	if !g.press("Ctrl+Shift+3") {
		t.Fatal("Ctrl+Shift+3 is not grabbed")
	}
	s.expect(Message{Type: MsgPressed, Action: "full"})
}

func TestServeRefusesDuplicate(t *testing.T) {
	s := startServe(t, newFakeGrabber())
	s.bind(map[string]string{"a": "Ctrl+Shift+3", "b": "shift+ctrl+3"})
	s.expect(
		Message{Type: MsgBound, Action: "a", Combo: "Ctrl+Shift+3"},
		Message{Type: MsgError, Action: "b", Combo: "Ctrl+Shift+3", Error: "Ctrl+Shift+3 is already used for a"},
	)
}

func TestServeRebindKeepsAndReleases(t *testing.T) {
	g := newFakeGrabber()
	s := startServe(t, g)
	s.bind(map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+5"})
	s.expect(Message{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"},
		Message{Type: MsgBound, Action: "region", Combo: "Ctrl+Shift+5"})
	s.bind(map[string]string{"full": "Ctrl+Shift+3", "region": ""})
	s.expect(Message{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"})
	s.bind(map[string]string{"full": "", "region": "Ctrl+Shift+3"}) // move a combo
	s.expect(Message{Type: MsgBound, Action: "region", Combo: "Ctrl+Shift+3"})
	want := []string{"grab Ctrl+Shift+3", "grab Ctrl+Shift+5", "ungrab Ctrl+Shift+5", "ungrab Ctrl+Shift+3", "grab Ctrl+Shift+3"}
	if got := g.events(); !reflect.DeepEqual(got, want) {
		t.Fatalf("grabs %q, want %q", got, want)
	}
}

func TestServeDropsPressOfReleasedShortcut(t *testing.T) {
	g := newFakeGrabber()
	s := startServe(t, g)
	s.bind(map[string]string{"full": "Ctrl+Shift+3"})
	s.expect(Message{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"})
	stale, _ := g.key("Ctrl+Shift+3")
	s.bind(map[string]string{"window": "Ctrl+Shift+5"})
	s.expect(Message{Type: MsgBound, Action: "window", Combo: "Ctrl+Shift+5"})
	stale.down() // an event X queued before the ungrab
	s.bind(map[string]string{"window": "Ctrl+Shift+5"})
	s.expect(Message{Type: MsgBound, Action: "window", Combo: "Ctrl+Shift+5"})
}

func TestServeSurvivesBadCommand(t *testing.T) {
	s := startServe(t, newFakeGrabber())
	if _, err := io.WriteString(s.in, "not json\n"); err != nil {
		t.Fatal(err)
	}
	m := s.next()
	if m.Type != MsgError || m.Action != "" || !strings.Contains(m.Error, "hotkey command") {
		t.Fatalf("got %+v, want an error about the command", m)
	}
	s.bind(map[string]string{"full": "Ctrl+Shift+3"})
	s.expect(Message{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"})
}

func TestServeReleasesAllAtEOF(t *testing.T) {
	g := newFakeGrabber()
	s := startServe(t, g)
	s.bind(map[string]string{"full": "Ctrl+Shift+3", "window": "Ctrl+Shift+5"})
	s.next()
	s.next()
	s.in.Close()
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return at EOF")
	}
	if n := g.heldCount(); n != 0 {
		t.Fatalf("%d grabs still held after EOF", n)
	}
}

// TestRepeatFilter plays key events: d = down, u = up, T = the release
// timers fire.
func TestRepeatFilter(t *testing.T) {
	tests := []struct {
		events string
		want   int
	}{
		{"", 0},
		{"du", 1},
		{"dudududuT", 1}, // auto-repeat: up/down pairs with no gap
		{"duTduT", 2},
		{"duTdT", 2},
		{"dudTd", 1}, // the timer from the first up is stale
		{"ddd", 1},
	}
	for _, tt := range tests {
		t.Run(tt.events, func(t *testing.T) {
			var timers []func()
			presses := 0
			f := &repeatFilter{
				after: func(_ time.Duration, fn func()) { timers = append(timers, fn) },
				press: func() { presses++ },
			}
			for _, e := range tt.events {
				switch e {
				case 'd':
					f.down()
				case 'u':
					f.up()
				case 'T':
					for _, fn := range timers {
						fn()
					}
					timers = nil
				}
			}
			if presses != tt.want {
				t.Fatalf("%q gave %d presses, want %d", tt.events, presses, tt.want)
			}
		})
	}
}
