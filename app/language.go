package main

import (
	"os"

	"github.com/upshot-app/upshot/ui"
)

// forcedLanguage is UPSHOT_LANG when it names a language Upshot has: it
// then wins over the Settings choice, which Settings says.
func forcedLanguage() string {
	code := os.Getenv("UPSHOT_LANG")
	for _, c := range ui.Languages() {
		if c == code {
			return code
		}
	}
	return ""
}

// applyLanguage switches the UI to the language chosen in Settings (or
// keeps the one UPSHOT_LANG forces) and words every open window, the
// tray menu and the titles again, without a restart. It runs on the UI
// thread (the Settings callback).
func (g *gui) applyLanguage(code string) {
	if forced := forcedLanguage(); forced != "" {
		code = forced
	}
	if err := ui.SetLanguage(code); err != nil {
		return // Settings offers only the languages SetLanguage takes
	}
	g.win.SetTitle(ui.T("window.main"))
	if g.main != nil {
		banner, warnings := g.notices()
		g.main.Relabel(banner, warnings)
	}
	if g.settingsWin != nil && g.settings != nil {
		g.settingsWin.SetTitle(ui.T("window.settings"))
		g.settings.Relabel()
	}
	if g.historyWin != nil && g.history != nil {
		g.historyWin.SetTitle(ui.T("window.history"))
		g.history.Relabel()
	}
	g.refreshTrayMenu()
}

// fontMissing reports whether no system font draws code (asked once per
// language: fc-list takes a moment). When that cannot be told, it says
// nothing is missing rather than warn on a guess.
func (g *gui) fontMissing(code string) bool {
	if g.fonts == nil {
		return false
	}
	if g.fontKnown == nil {
		g.fontKnown = map[string]bool{}
	}
	has, asked := g.fontKnown[code]
	if !asked {
		var known bool
		has, known = g.fonts.HasFont(code)
		has = has || !known
		g.fontKnown[code] = has
	}
	return !has
}

// fontWarning is the main window's warning that the language in use
// cannot be drawn, or "".
func (g *gui) fontWarning() string {
	if code := ui.CurrentLanguage(); g.fontMissing(code) {
		return ui.FontWarning(code)
	}
	return ""
}
