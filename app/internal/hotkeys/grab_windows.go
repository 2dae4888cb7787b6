package hotkeys

import (
	"fmt"
	"io"
	"strings"

	"golang.design/x/hotkey"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// StartNative binds the shortcuts the platform's own way. On Windows that
// is RegisterHotKey in this process: no helper process, since
// golang.design/x/hotkey needs no display to start there and cannot take
// the app down. The Manager around it is the one the X11 helper has
// (status, pause, rebinding); cfg.Helper is not used.
func StartNative(cfg Config, bindings map[string]string) *Manager {
	cfg.Serve = func(in io.Reader, out io.Writer) error { return Serve(in, out, winGrabber{}) }
	return Start(cfg, bindings)
}

// winGrabber takes shortcuts with RegisterHotKey. Windows tells presses
// only (WM_HOTKEY, repeated while the key is held); golang.design/x/hotkey
// reports the release by polling the key, and Serve's repeat filter makes
// one press of it all.
type winGrabber struct{}

// Grab implements Grabber.
func (winGrabber) Grab(c Combo, down, up func()) (func() error, error) {
	mods, vk := c.Windows()
	if vk == 0 {
		return nil, fmt.Errorf("%s has no Windows key code", c.Key)
	}
	hk := hotkey.New([]hotkey.Modifier{hotkey.Modifier(mods)}, hotkey.Key(vk))
	if err := hk.Register(); err != nil {
		// RegisterHotKey fails this way when another program holds the
		// combination (ERROR_HOTKEY_ALREADY_REGISTERED).
		if strings.Contains(strings.ToLower(err.Error()), "regist") {
			return nil, fmt.Errorf("%v: %w", err, ErrTaken)
		}
		return nil, err
	}
	// Unregister closes both channels and replaces them: read them once.
	go Forward(hk.Keydown(), hk.Keyup(), down, up)
	return hk.Unregister, nil
}

// BackendFor is KindWindows: RegisterHotKey works in every Windows session.
func BackendFor(platform.Session, string) string { return KindWindows }
