package platform

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// CheckDisplay says, before Fyne starts, why no window can open: without it
// a missing or unreachable display ends in a GLFW panic and a stack trace.
// An X display that is briefly unreachable (a server starting or resetting)
// gets xconn's retries.
func CheckDisplay(getenv func(string) string) error {
	const cli = "the command line works without one: upshot upload FILE…"
	if w := getenv("WAYLAND_DISPLAY"); w != "" {
		sock := w
		if !filepath.IsAbs(sock) {
			sock = filepath.Join(getenv("XDG_RUNTIME_DIR"), w)
		}
		if _, err := os.Stat(sock); err == nil || getenv("DISPLAY") == "" {
			return nil // GLFW reports a Wayland failure itself
		}
	}
	d := getenv("DISPLAY")
	if d == "" {
		return fmt.Errorf("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): start Upshot from your desktop session; %s", cli)
	}
	c, err := xconn.Dial(d)
	if err != nil {
		return fmt.Errorf("%v: check DISPLAY, or start Upshot from your desktop session; %s", err, cli)
	}
	c.Close()
	return nil
}
