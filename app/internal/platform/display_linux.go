package platform

import (
	"fmt"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// CheckDisplay says, before Fyne starts, why no window can open in
// session s: without it a missing or unreachable display ends in a GLFW
// panic and a stack trace. A Wayland session is one whose compositor
// answered already; an X display that is briefly unreachable (a server
// starting or resetting) gets xconn's retries.
func CheckDisplay(s Session) error {
	const cli = "the command line works without one: upshot upload FILE…"
	switch s.Kind {
	case Wayland:
		return nil
	case NoSession:
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
