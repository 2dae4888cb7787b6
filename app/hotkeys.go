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
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
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
// the platform's own way — the X11 helper, or RegisterHotKey in process on
// Windows. UPSHOT_HOTKEYS=portal|x11 overrides the choice on Linux. The
// app survives any of them failing and says why.
func (g *gui) startHotkeys() {
	cfg := hotkeys.Config{
		Helper:    hotkeydPath(),
		OnPressed: func(action string) { fyne.Do(func() { g.act(action, 0) }) },
		OnStatus:  g.hotkeyStatusChanged(),
	}
	if hotkeys.BackendFor(g.session, os.Getenv("UPSHOT_HOTKEYS")) == hotkeys.KindPortal {
		p, err := hotkeys.StartPortal(cfg, AppID, g.bindings())
		if err == nil {
			g.hotkeys = p
			return
		}
		g.hotkeys = hotkeys.NewUnavailable(cfg, err.Error()+" — "+hotkeys.BindCommandsAdvice, g.bindings())
		return
	}
	g.hotkeys = hotkeys.StartNative(cfg, g.bindings())
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
		fyne.Do(func() { g.notify(ui.T("app.name"), msg) })
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
	case cli.IsCaptureMode(action): // the hotkey actions are named after the modes
		g.capture(service.Shot{Mode: capture.Mode(action), Delay: delay})
	case action == hotkeys.ActionClipboard:
		g.main.PasteClipboard()
	case action == hotkeys.ActionRecord:
		g.toggleRecording(record.ModeRegion)
	case action == "show":
		g.showWindow()
	}
}
