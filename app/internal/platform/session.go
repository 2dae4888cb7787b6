package platform

import (
	"fmt"
	"net"
	"path/filepath"
	"time"
)

// SessionKind is the display protocol of the desktop session.
type SessionKind int

// Session kinds.
const (
	// NoSession: neither a Wayland compositor nor an X display (SSH, cron).
	NoSession SessionKind = iota
	// X11: an X server, and no Wayland compositor answering.
	X11
	// Wayland: a compositor answers on WAYLAND_DISPLAY. DISPLAY may be set
	// too, but it is Xwayland, which sees only X clients: its screen reads
	// back black and its clipboard is not the one Wayland apps paste from.
	Wayland
)

// String names the kind for messages.
func (k SessionKind) String() string {
	switch k {
	case X11:
		return "X11"
	case Wayland:
		return "Wayland"
	}
	return "no display"
}

// Session is the graphical session this process runs in. It is decided
// once, by DetectSession, and every adapter follows it: screenshots
// (portal or X), the clipboard (wl-copy/wl-paste or the X selection),
// hotkeys (GlobalShortcuts portal or the X helper) and the display check.
type Session struct {
	Kind SessionKind
	// Display is DISPLAY as given: the X server, or Xwayland in a
	// Wayland session.
	Display string
	// WaylandSocket is the compositor's socket when Kind is Wayland.
	WaylandSocket string
	// WaylandProblem says why a WAYLAND_DISPLAY that is set was not used
	// (its socket is missing or refuses connections); "" otherwise.
	WaylandProblem string
}

// Wayland reports whether the session is Wayland.
func (s Session) Wayland() bool { return s.Kind == Wayland }

// X11 reports whether the session is X11 (not Wayland with Xwayland).
func (s Session) X11() bool { return s.Kind == X11 }

// waylandDialTimeout bounds the probe of the compositor's socket; a live
// compositor accepts at once.
const waylandDialTimeout = 2 * time.Second

// DetectSession decides the session from the environment: Wayland when
// WAYLAND_DISPLAY names a socket that accepts a connection, whatever
// DISPLAY says (XDG_SESSION_TYPE is not trusted: a session started from a
// TTY says "tty"); else X11 when DISPLAY is set; else none.
func DetectSession(getenv func(string) string) Session {
	s := Session{Display: getenv("DISPLAY")}
	if name := getenv("WAYLAND_DISPLAY"); name != "" {
		sock, err := waylandSocket(name, getenv("XDG_RUNTIME_DIR"))
		if err == nil {
			err = probe(sock)
		}
		if err == nil {
			s.Kind, s.WaylandSocket = Wayland, sock
			return s
		}
		s.WaylandProblem = err.Error()
	}
	if s.Display != "" {
		s.Kind = X11
	}
	return s
}

// waylandSocket resolves WAYLAND_DISPLAY the way libwayland does: an
// absolute path as is, a name inside XDG_RUNTIME_DIR.
func waylandSocket(name, runtimeDir string) (string, error) {
	if filepath.IsAbs(name) {
		return name, nil
	}
	if runtimeDir == "" {
		return "", fmt.Errorf("WAYLAND_DISPLAY=%s but XDG_RUNTIME_DIR is not set", name)
	}
	return filepath.Join(runtimeDir, name), nil
}

// probe connects to the compositor's socket and hangs up.
func probe(sock string) error {
	c, err := net.DialTimeout("unix", sock, waylandDialTimeout)
	if err != nil {
		return fmt.Errorf("no Wayland compositor answers on %s: %w", sock, err)
	}
	return c.Close()
}
