package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/hotkeys"
	"github.com/upshot-app/upshot/app/internal/ipc"
)

// hotkeydPath is the helper executable that owns the global hotkeys: it
// lives next to upshot (golang.design/x/hotkey panics without a display, so
// it cannot be linked into the binary the CLI runs from).
func hotkeydPath() string {
	if p := os.Getenv("UPSHOT_HOTKEYD"); p != "" {
		return p
	}
	exe, err := os.Executable()
	if err != nil {
		return "upshot-hotkeyd"
	}
	return filepath.Join(filepath.Dir(exe), "upshot-hotkeyd")
}

// bindings are the configured hotkeys, defaults for the ones not set.
func (g *gui) bindings() map[string]string {
	b := hotkeys.DefaultBindings()
	for k, v := range g.targets.Config().Settings.Hotkeys {
		b[k] = v
	}
	return b
}

// startHotkeys binds the global shortcuts: through the desktop's
// GlobalShortcuts portal on Wayland (no client may grab keys there), else
// through the X11 helper. UPSHOT_HOTKEYS=portal|x11 overrides the choice.
// The app survives either failing and says why.
func (g *gui) startHotkeys() {
	cfg := hotkeys.Config{
		Helper:    hotkeydPath(),
		OnPressed: func(action string) { fyne.Do(func() { g.act(action, 0) }) },
		OnStatus:  g.hotkeyStatusChanged(),
	}
	if hotkeys.BackendFor(g.session, os.Getenv("UPSHOT_HOTKEYS")) == hotkeys.BackendPortal {
		p, err := hotkeys.StartPortal(cfg, AppID, g.bindings())
		if err == nil {
			g.hotkeys = p
			return
		}
		g.hotkeys = hotkeys.NewUnavailable(cfg, err.Error()+" — "+hotkeys.BindCommandsAdvice, g.bindings())
		return
	}
	g.hotkeys = hotkeys.Start(cfg, g.bindings())
}

// hotkeyStatusChanged tells the user — once per change, not per report —
// when hotkeys are off or a combination is taken, and why. The app itself
// carries on: the tray, the window and `upshot capture` still work.
func (g *gui) hotkeyStatusChanged() func(hotkeys.Status) {
	last := ""
	return func(s hotkeys.Status) { // the Manager calls this from one goroutine
		msg := hotkeyProblems(s)
		if msg == last {
			return
		}
		last = msg
		if msg == "" {
			return
		}
		fmt.Fprintln(os.Stderr, "upshot:", msg)
		fyne.Do(func() { g.notify("Upshot", msg) })
	}
}

// hotkeyProblems is "" when every enabled hotkey works.
func hotkeyProblems(s hotkeys.Status) string {
	if s.Off != "" {
		return s.Off
	}
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(s.Actions)) {
		if e := s.Actions[name].Error; e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, "; ")
}

// act runs a named action: a hotkey, a tray item or a request from another
// `upshot` process. It runs on the UI thread.
func (g *gui) act(action string, delay time.Duration) {
	switch {
	case isCaptureMode(action): // the hotkey actions are named after the modes
		g.capture(capture.Mode(action), delay)
	case action == hotkeys.ActionClipboard:
		g.main.PasteClipboard()
	case action == "show":
		g.win.Show()
		g.win.RequestFocus()
	}
}

// serveIPC lets later `upshot capture …` runs hand their work to this
// instance, so a desktop shortcut bound to the command behaves exactly like
// the built-in hotkey.
func (g *gui) serveIPC() {
	srv, err := ipc.Listen(g.handleIPC)
	if err != nil {
		fmt.Fprintf(os.Stderr, "upshot: single-instance socket: %v\n", err)
		return
	}
	g.ipc = srv
}

func (g *gui) handleIPC(req ipc.Request) ipc.Response {
	switch req.Command {
	case ipc.CmdCapture:
		mode, delay, rest, err := parseCaptureArgs(req.Args)
		if err == nil && len(rest) > 0 {
			err = fmt.Errorf("capture: unknown argument %q — use full, monitor, region or window [--delay S]", rest[0])
		}
		if err != nil {
			return ipc.Response{Error: err.Error(), Exit: cli.ExitUsage}
		}
		fyne.Do(func() { g.act(string(mode), delay) })
		return ipc.Response{OK: true, Lines: []string{"capture handed to the running Upshot"}}
	case ipc.CmdUpload:
		return g.handleUpload(req)
	case ipc.CmdShow:
		fyne.Do(func() { g.act("show", 0) })
		return ipc.Response{OK: true}
	case ipc.CmdClipboard:
		fyne.Do(func() { g.act(hotkeys.ActionClipboard, 0) })
		return ipc.Response{OK: true, Lines: []string{"clipboard handed to the running Upshot"}}
	}
	return ipc.Response{Error: "unknown command " + req.Command, Exit: cli.ExitUsage}
}

// isCaptureMode reports whether word names a capture mode.
func isCaptureMode(word string) bool {
	switch capture.Mode(word) {
	case capture.ModeFull, capture.ModeMonitor, capture.ModeRegion, capture.ModeWindow:
		return true
	}
	return false
}

// parseCaptureArgs reads `capture` words: a mode and --delay S. Words
// that are neither come back in rest, in order (upload flags, for the
// command line).
func parseCaptureArgs(args []string) (mode capture.Mode, delay time.Duration, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--delay" || a == "-delay":
			if i+1 >= len(args) {
				return "", 0, nil, fmt.Errorf("--delay needs a number of seconds")
			}
			i++
			a = "--delay=" + args[i]
			fallthrough
		case strings.HasPrefix(a, "--delay="):
			var s float64
			if _, err := fmt.Sscan(strings.TrimPrefix(a, "--delay="), &s); err != nil || s < 0 || s > 600 {
				return "", 0, nil, fmt.Errorf("--delay %q: give seconds from 0 to 600", strings.TrimPrefix(a, "--delay="))
			}
			delay = time.Duration(s * float64(time.Second))
		case isCaptureMode(a):
			mode = capture.Mode(a)
		default:
			rest = append(rest, a)
		}
	}
	if mode == "" {
		return "", 0, nil, fmt.Errorf("capture: say full, monitor, region or window")
	}
	return mode, delay, rest, nil
}
