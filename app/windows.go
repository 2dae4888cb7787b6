package main

import (
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/hotkeys"
	"github.com/upshot-app/upshot/app/internal/keyring"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader/history"
	"github.com/upshot-app/upshot/uploader/profile"
)

// showSettings opens (or raises) the settings window.
func (g *gui) showSettings() {
	if g.settingsWin != nil {
		g.settingsWin.Show()
		g.settingsWin.RequestFocus()
		return
	}
	secrets, usingFile, err := keyring.New(g.paths.Keys)
	if err != nil {
		g.notify(ui.T("app.name"), ui.T("notice.keystore_failed", "Error", err.Error()))
	}
	w := g.app.NewWindow(ui.T("window.settings"))
	w.Resize(fyne.NewSize(760, 600))
	g.settings = ui.NewSettings(w, ui.SettingsDeps{
		Config:           g.settingsConfig,
		Save:             g.saveConfig,
		Secrets:          secrets,
		UsingKeyFile:     usingFile,
		CheckKey:         service.CheckKey,
		Hotkeys:          g.bindings,
		HotkeyStatus:     g.hotkeyStatus,
		HotkeyDesktop:    g.hotkeyDesktop,
		ConfigureHotkeys: g.configureHotkeys(),
		SetHotkeys:       g.setHotkeys,
		ParseHotkey:      func(s string) (string, error) { c, err := hotkeys.Parse(s); return c.String(), err },
		SetAutostart:     setAutostart,
		OnLanguage:       g.applyLanguage,
		ForcedLanguage:   forcedLanguage(),
		FontMissing:      g.fontMissing,
		ImportSXCU:       g.runImport,
	})
	ui.RepaintAfterResize(w)
	w.SetOnClosed(func() { g.settingsWin, g.settings = nil, nil })
	g.settingsWin = w
	w.Show()
}

// settingsConfig is the configuration Settings edits: empty while the
// file cannot be read (the first save moves that file aside).
func (g *gui) settingsConfig() *profile.Config {
	c, err := profile.Load(g.paths.Config)
	if err != nil {
		return profile.New()
	}
	return c
}

// saveConfig persists the settings and points new uploads at them. An
// unreadable config file is kept beside the new one, never overwritten.
func (g *gui) saveConfig(cfg *profile.Config) error {
	kept, err := service.SaveConfig(g.paths.Config, cfg, time.Now())
	if kept != "" {
		g.notify(ui.T("app.name"), ui.T("notice.config_kept", "Path", kept))
	}
	if err != nil {
		return err
	}
	return g.loadTargets()
}

func (g *gui) hotkeyStatus() map[string]string {
	out := map[string]string{}
	if g.hotkeys == nil {
		return out
	}
	st := g.hotkeys.Status()
	for name, a := range st.Actions {
		out[name] = a.Error
		if st.Off != "" {
			out[name] = st.Off
		}
	}
	return out
}

// hotkeyDesktop says whether the desktop's portal holds the shortcuts and
// which keys it chose.
func (g *gui) hotkeyDesktop() (map[string]string, bool) {
	if g.hotkeys == nil {
		return nil, false
	}
	st := g.hotkeys.Status()
	if !st.Desktop {
		return nil, false
	}
	out := map[string]string{}
	for name, a := range st.Actions {
		if a.State == hotkeys.StateBound || a.State == hotkeys.StatePaused {
			out[name] = a.Combo
		}
	}
	return out, true
}

// configureHotkeys opens the desktop's shortcut dialog, where it has one.
func (g *gui) configureHotkeys() func() error {
	p, ok := g.hotkeys.(*hotkeys.Portal)
	if !ok || !p.Status().Configurable {
		return nil
	}
	return p.Configure
}

// setHotkeys applies new bindings ("" = off); the settings window saves them.
func (g *gui) setHotkeys(b map[string]string) error {
	g.targets.Config().Settings.Hotkeys = b
	if g.hotkeys != nil {
		g.hotkeys.Rebind(b)
	}
	return nil
}

// setAutostart starts this executable at login, or stops doing so.
func setAutostart(on bool) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return platform.SetAutostart(on, exe)
}

// showHistory opens (or raises) the history window.
func (g *gui) showHistory() {
	if g.historyWin != nil {
		g.history.Reload()
		g.historyWin.Show()
		g.historyWin.RequestFocus()
		return
	}
	w := g.app.NewWindow(ui.T("window.history"))
	w.Resize(fyne.NewSize(760, 600))
	path := g.paths.History
	g.history = ui.NewHistory(w, ui.HistoryDeps{
		Open:           func() (*history.DB, error) { return history.Open(path) },
		Clipboard:      clipboard.System{Session: g.session},
		OpenURL:        platform.OpenURL,
		DeleteFromHost: service.DeleteFromHost,
		LinkFormat:     func() string { return linkFormat(g.targets.Config()) },
		OnEdit:         g.editPicture,
	})
	ui.RepaintAfterResize(w)
	w.SetOnClosed(func() { g.historyWin, g.history = nil, nil })
	g.historyWin = w
	w.Show()
}
