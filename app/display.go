package main

import (
	"fmt"
	"os"

	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/xconn"
)

// checkDisplay says, before Fyne starts, why no window can open: without it
// a missing or unreachable display ends in a GLFW panic and a stack trace.
// A Wayland session is one whose compositor answered already; an X display
// that is briefly unreachable (a server starting or resetting) gets
// xconn's retries.
func checkDisplay(s platform.Session) error {
	const cli = "the command line works without one: upshot upload FILE…"
	switch s.Kind {
	case platform.Wayland:
		return nil
	case platform.NoSession:
		if s.WaylandProblem != "" {
			return fmt.Errorf("no display to open the window on: %s, and DISPLAY is unset — start Upshot from your desktop session; %s", s.WaylandProblem, cli)
		}
		return fmt.Errorf("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): start Upshot from your desktop session; %s", cli)
	}
	c, err := xconn.Dial(s.Display)
	if err != nil {
		return fmt.Errorf("%v: check DISPLAY, or start Upshot from your desktop session; %s", err, cli)
	}
	c.Close()
	return nil
}

// ensureCacheDir creates the user's cache directory: Fyne creates only its
// own subdirectory and logs an error on a fresh account without ~/.cache.
func ensureCacheDir() {
	if dir, err := os.UserCacheDir(); err == nil {
		_ = os.MkdirAll(dir, 0o700)
	}
}
