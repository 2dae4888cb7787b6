package platform

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// compositor listens on a Unix socket in dir, the way a Wayland
// compositor does, until the test ends.
func compositor(t *testing.T, dir, name string) string {
	t.Helper()
	sock := filepath.Join(dir, name)
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return sock
}

// staleSocket leaves a socket file nobody listens on, as a crashed
// compositor does.
func staleSocket(t *testing.T, dir, name string) {
	t.Helper()
	l, err := net.Listen("unix", filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
}

func TestDetectSession(t *testing.T) {
	run := t.TempDir()
	live := compositor(t, run, "wayland-1")
	staleSocket(t, run, "wayland-9")
	tests := []struct {
		name    string
		env     map[string]string
		kind    SessionKind
		sock    string
		problem string
	}{
		// sway started from a TTY: Xwayland's DISPLAY, XDG_SESSION_TYPE=tty.
		{"wayland with xwayland, from a tty", map[string]string{"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": run, "DISPLAY": ":0", "XDG_SESSION_TYPE": "tty"}, Wayland, live, ""},
		{"wayland only", map[string]string{"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": run}, Wayland, live, ""},
		{"absolute socket path", map[string]string{"WAYLAND_DISPLAY": live}, Wayland, live, ""},
		{"x11 session", map[string]string{"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, X11, "", ""},
		// XDG_SESSION_TYPE alone decides nothing: without a compositor
		// to talk to, X is what there is.
		{"says wayland, only X reachable", map[string]string{"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, X11, "", ""},
		{"stale wayland socket, X there", map[string]string{"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": run, "DISPLAY": ":0"}, X11, "", "no Wayland compositor answers"},
		{"missing wayland socket", map[string]string{"WAYLAND_DISPLAY": "wayland-5", "XDG_RUNTIME_DIR": run}, NoSession, "", "wayland-5"},
		{"no runtime dir", map[string]string{"WAYLAND_DISPLAY": "wayland-1", "DISPLAY": ":1"}, X11, "", "XDG_RUNTIME_DIR is not set"},
		{"nothing", map[string]string{}, NoSession, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DetectSession(func(k string) string { return tt.env[k] })
			if s.Kind != tt.kind || s.WaylandSocket != tt.sock || s.Display != tt.env["DISPLAY"] {
				t.Errorf("DetectSession = %+v, want %v on %q with DISPLAY %q", s, tt.kind, tt.sock, tt.env["DISPLAY"])
			}
			if s.Wayland() != (tt.kind == Wayland) || s.X11() != (tt.kind == X11) {
				t.Errorf("Wayland() %v, X11() %v for %v", s.Wayland(), s.X11(), s.Kind)
			}
			if (tt.problem == "") != (s.WaylandProblem == "") || !strings.Contains(s.WaylandProblem, tt.problem) {
				t.Errorf("WaylandProblem %q, want one about %q", s.WaylandProblem, tt.problem)
			}
		})
	}
}

func TestSessionKindString(t *testing.T) {
	for k, want := range map[SessionKind]string{NoSession: "no display", X11: "X11", Wayland: "Wayland"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", k, got, want)
		}
	}
}
