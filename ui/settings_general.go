package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/profile"
)

// languageName is a language by its own name, so that a user who cannot
// read the current language still finds theirs.
func languageName(code string) string {
	switch code {
	case "zh":
		return "简体中文"
	case "es":
		return "Español"
	case "en":
		return "English"
	}
	return code
}

// templateSaveDelay is how long the General tab waits after the last
// keystroke in the custom link template before it saves the template.
const templateSaveDelay = 500 * time.Millisecond

// generalTab holds the app-wide preferences. Each change is saved at once,
// except a custom link template, saved when the user stops typing.
type generalTab struct {
	s *Settings

	language  *widget.Select
	fontNote  *widget.Label     // no font draws the language in use; hidden when one does
	langCode  map[string]string // Select label → code
	notify    *widget.Check
	autostart *widget.Check // nil when the system has no autostart
	format    *linkFormatField
	tray      *widget.Check
	notice    *noticeLine
	form      *widget.Form

	formatTimer *time.Timer // fires templateSaveDelay after the last keystroke
	formatSave  func()      // saves the typed template; nil when none waits
}

// newGeneralTab shows the settings st, as read from the configuration.
func newGeneralTab(s *Settings, st profile.Settings) *generalTab {
	g := &generalTab{s: s, notice: newNoticeLine(s.w)}
	g.buildLanguage(st.Language)
	g.fontNote = g.newFontNote()
	g.notify = widget.NewCheck(screenText("settings.notifications"), nil)
	g.notify.SetChecked(st.Notifications)
	g.notify.OnChanged = func(on bool) { g.apply(func(st *profile.Settings) { st.Notifications = on }) }
	g.format = newLinkFormatField(false)
	g.format.set(st.LinkFormat)
	g.format.changed = g.onFormat
	g.tray = widget.NewCheck(screenText("settings.close_to_tray"), nil)
	g.tray.SetChecked(st.CloseToTray)
	g.tray.OnChanged = func(on bool) { g.apply(func(st *profile.Settings) { st.CloseToTray = on }) }
	g.form = widget.NewForm(
		&widget.FormItem{Text: screenText("settings.language"), Widget: container.NewVBox(g.language, g.fontNote),
			HintText: g.forcedNote()},
		&widget.FormItem{Text: "", Widget: g.notify},
	)
	if s.d.SetAutostart != nil {
		g.autostart = widget.NewCheck(screenText("settings.autostart"), nil)
		g.autostart.SetChecked(st.Autostart)
		g.autostart.OnChanged = g.onAutostart
		g.form.Append("", g.autostart)
	}
	g.form.AppendItem(&widget.FormItem{Text: screenText("settings.default_format"), Widget: g.format,
		HintText: screenText("settings.default_format.hint")})
	g.form.AppendItem(&widget.FormItem{Text: "", Widget: g.tray, HintText: screenText("settings.close_to_tray.hint")})
	return g
}

// onFormat saves a menu choice at once and a typed template once the user
// stops typing: each save rewrites the config file and reloads the app's
// hosts.
func (g *generalTab) onFormat(format string, typed bool) {
	save := func() { g.apply(func(st *profile.Settings) { st.LinkFormat = format }) }
	if !typed {
		g.cancelFormatSave()
		save()
		return
	}
	g.formatSave = save
	if g.formatTimer == nil {
		g.formatTimer = time.AfterFunc(templateSaveDelay, func() { fyne.Do(g.flushFormat) })
	} else {
		g.formatTimer.Reset(templateSaveDelay)
	}
}

// flushFormat saves the typed template now, if one waits (the timer calls
// it; tests call it rather than wait).
func (g *generalTab) flushFormat() {
	save := g.formatSave
	g.cancelFormatSave()
	if save != nil {
		save()
	}
}

// cancelFormatSave drops a typed template that waits to be saved.
func (g *generalTab) cancelFormatSave() {
	if g.formatTimer != nil {
		g.formatTimer.Stop()
	}
	g.formatSave = nil
}

func (g *generalTab) buildLanguage(current string) {
	g.langCode = map[string]string{}
	system := screenText("settings.language.system")
	g.langCode[system] = ""
	labels := []string{system}
	selected := system
	for _, code := range Languages() {
		name := languageName(code)
		g.langCode[name] = code
		labels = append(labels, name)
		if code == current {
			selected = name
		}
	}
	g.language = widget.NewSelect(labels, nil)
	g.language.SetSelected(selected)
	g.language.OnChanged = g.onLanguage
}

func (g *generalTab) onLanguage(label string) {
	code, ok := g.langCode[label]
	if !ok {
		return
	}
	if !g.apply(func(st *profile.Settings) { st.Language = code }) {
		return
	}
	if g.s.d.OnLanguage != nil {
		g.s.d.OnLanguage(code)
	}
}

// forcedNote is the hint under the Language choice when UPSHOT_LANG
// overrides it.
func (g *generalTab) forcedNote() string {
	if code := g.s.d.ForcedLanguage; code != "" {
		return screenText("settings.language.forced", "Code", code, "Name", languageName(code))
	}
	return ""
}

// newFontNote is the warning under the Language choice that the language
// in use cannot be drawn for want of a font, hidden when it can. It is in
// English: the one language sure to be drawn.
func (g *generalTab) newFontNote() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	l.Hide()
	if cur := CurrentLanguage(); g.s.d.FontMissing != nil && g.s.d.FontMissing(cur) {
		l.SetText(FontWarning(cur))
		l.Show()
	}
	return l
}

// onAutostart adds or removes the login entry; on failure the box goes back.
func (g *generalTab) onAutostart(on bool) {
	if err := g.s.d.SetAutostart(on); err != nil {
		g.autostart.OnChanged = nil
		g.autostart.SetChecked(!on)
		g.autostart.OnChanged = g.onAutostart
		g.notice.set(screenText("settings.autostart.failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	g.apply(func(st *profile.Settings) { st.Autostart = on })
}

// apply changes the settings of a fresh copy of the configuration and
// saves it; it reports whether that worked.
func (g *generalTab) apply(change func(*profile.Settings)) bool {
	return g.s.applySettings(g.notice, change)
}

// applySettings changes the settings of a fresh copy of the configuration
// and saves it, telling on notice when that fails; it reports whether it
// worked. The tabs of app-wide preferences save through it.
func (s *Settings) applySettings(notice *noticeLine, change func(*profile.Settings)) bool {
	cfg := s.config()
	change(&cfg.Settings)
	if err := s.save(cfg); err != nil {
		notice.set(screenText("settings.save_failed", "Error", err.Error()), widget.DangerImportance)
		return false
	}
	notice.set("", widget.MediumImportance)
	return true
}

func (g *generalTab) object() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(g.form, g.notice.object()))
}
