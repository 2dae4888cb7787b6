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
		return "中文"
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
		&widget.FormItem{Text: screenText("settings.language"), Widget: g.language},
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
	appendFormItems(g.form, recordSettingItems(st, g.apply))
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
	g.notice.set(screenText("settings.language.reopen"), widget.MediumImportance)
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
	cfg := g.s.config()
	change(&cfg.Settings)
	if err := g.s.save(cfg); err != nil {
		g.notice.set(screenText("settings.save_failed", "Error", err.Error()), widget.DangerImportance)
		return false
	}
	g.notice.set("", widget.MediumImportance)
	return true
}

func (g *generalTab) object() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(g.form, g.notice.object()))
}
