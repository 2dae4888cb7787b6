package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// profileEditor is the form that adds or changes one host profile. Nothing
// is stored until Save, and Save refuses while a field is invalid.
type profileEditor struct {
	s    *Settings
	orig *profile.Profile // the profile being changed; nil when adding
	done func(saved string)

	keyLoaded bool     // false when the key store could not be read
	others    []string // the other profiles' names, which this one may not take

	// lastPreset is the known host picked last, whose name the Name may
	// still hold (and a new pick then replaces).
	lastPreset string

	presets map[string]profile.Preset // Select label → preset
	preset  *widget.Select
	name    *widget.Entry
	host    *widget.Entry
	plain   *widget.Label // "not encrypted" under the host
	key     *widget.Entry
	testKey *widget.Button
	verdict *noticeLine
	size    *widget.Entry
	format  *linkFormatField
	jobs    *widget.Entry
	fit     *widget.Check
	strip   *widget.Check
	title   *widget.Entry // the title template, not a title

	optionFields // description … NSFW: the same fields as the main window's

	form   *widget.Form
	notice *noticeLine
	root   fyne.CanvasObject
}

// newProfileEditor opens p for editing (nil: a new profile). done is called
// with the saved profile's name, or "" when the user cancels.
func newProfileEditor(s *Settings, p *profile.Profile, done func(saved string)) *profileEditor {
	e := &profileEditor{s: s, orig: p, done: done, optionFields: newOptionFields()}
	for _, q := range s.config().Profiles {
		if p == nil || !strings.EqualFold(q.Name, p.Name) {
			e.others = append(e.others, q.Name)
		}
	}
	e.buildFields()
	start := profile.Profile{}
	if p != nil {
		start = *p
	}
	e.load(start)
	if e.custom() {
		e.lockCustomUploader()
	}
	e.preset.OnChanged = e.onPreset
	e.host.OnChanged = func(string) {
		e.showPlain()
		e.verdict.set("", widget.MediumImportance) // the verdict was about the old address
	}
	e.key.OnChanged = func(string) { e.verdict.set("", widget.MediumImportance) }
	e.root = e.layout()
	return e
}

func (e *profileEditor) buildFields() {
	e.buildPresets()
	e.name = withValidator(widget.NewEntry(), nameValidator(e.nameTaken))
	e.host = withValidator(widget.NewEntry(), validateHost)
	e.host.SetPlaceHolder("https://img.example.com")
	e.plain = widget.NewLabel(screenText("settings.host.plain"))
	e.plain.Importance = widget.WarningImportance
	e.plain.Wrapping = fyne.TextWrapWord
	e.key = widget.NewPasswordEntry()
	e.key.SetPlaceHolder(screenText("settings.key.placeholder"))
	e.testKey = widget.NewButtonWithIcon(screenText("settings.key.test"), theme.ConfirmIcon(), e.checkKey)
	e.verdict = newNoticeLine(e.s.w)
	e.size = withValidator(widget.NewEntry(), validateMaxSize)
	e.format = newLinkFormatField(true)
	e.jobs = withValidator(widget.NewEntry(), validateJobs)
	e.jobs.SetPlaceHolder(screenText("settings.jobs.placeholder"))
	e.fit = widget.NewCheck(screenText("settings.fit"), nil)
	e.strip = widget.NewCheck(screenText("settings.strip"), nil)
	e.title = withValidator(widget.NewEntry(), validateTitleTemplate)
	e.title.SetPlaceHolder("{filename} {date}")
	e.notice = newNoticeLine(e.s.w)
}

// buildPresets offers the known hosts, then "Other host".
func (e *profileEditor) buildPresets() {
	e.presets = map[string]profile.Preset{}
	var labels []string
	for _, pr := range profile.Presets() {
		label := pr.Name
		if pr.Name == profile.PresetCustom {
			label = screenText("settings.preset.custom")
		}
		e.presets[label] = pr
		labels = append(labels, label)
	}
	e.preset = widget.NewSelect(labels, nil)
}

// load shows p in the fields (before the change callbacks are set).
func (e *profileEditor) load(p profile.Profile) {
	e.preset.SetSelected(e.presetLabel(p.Preset))
	e.lastPreset = knownPresetName(e.presets[e.preset.Selected])
	e.showSizePlaceholder(e.presets[e.preset.Selected])
	e.name.SetText(p.Name)
	e.host.SetText(p.Host)
	e.size.SetText(sizeFieldText(p.MaxSize))
	e.format.set(p.LinkFormat)
	e.jobs.SetText(itoaOrEmpty(p.Jobs))
	e.fit.SetChecked(p.Fit)
	e.strip.SetChecked(p.Strip)
	e.title.SetText(p.TitleTemplate)
	e.showOptions(p.Defaults)
	e.loadKey(p)
	e.showPlain()
}

func (e *profileEditor) presetLabel(name string) string {
	for label, pr := range e.presets {
		if pr.Name != profile.PresetCustom && strings.EqualFold(pr.Name, name) {
			return label
		}
	}
	return screenText("settings.preset.custom")
}

// loadKey fills the key field from the key store (or the file's fallback).
func (e *profileEditor) loadKey(p profile.Profile) {
	e.keyLoaded = true
	if e.orig == nil || e.custom() {
		return
	}
	key := p.Key
	if sec := e.s.d.Secrets; sec != nil {
		k, err := sec.Get(p.Name)
		switch {
		case err == nil && k != "":
			key = k
		case err != nil && !errors.Is(err, profile.ErrNoKey):
			e.keyLoaded = false
			e.verdict.set(screenText("settings.key.read_failed", "Error", err.Error()), widget.WarningImportance)
		}
	}
	e.key.SetText(key)
}

// custom reports whether the profile is a ShareX custom uploader.
func (e *profileEditor) custom() bool { return e.orig != nil && e.orig.SXCU != nil }

// lockCustomUploader freezes what an imported .sxcu file decides: the
// address and the credentials (in the key store under the profile's name,
// which therefore stays too).
func (e *profileEditor) lockCustomUploader() {
	e.host.Validator = nil
	for _, w := range []fyne.Disableable{e.preset, e.name, e.host, e.key, e.testKey} {
		w.Disable()
	}
	e.key.SetPlaceHolder("")
	e.verdict.set(screenText("settings.sxcu.note"), widget.MediumImportance)
}

// onPreset fills the host and size limit of a known host, and its name
// while the Name is empty or still the previously picked preset's (a name
// the user typed stays).
func (e *profileEditor) onPreset(label string) {
	pr, ok := e.presets[label]
	if !ok {
		return
	}
	e.showSizePlaceholder(pr)
	if pr.Name == profile.PresetCustom {
		return // the last known host's name may still be replaced later
	}
	prev := e.lastPreset
	e.lastPreset = pr.Name
	e.host.SetText(pr.Host)
	e.size.SetText(sizeFieldText(pr.MaxSize))
	if name := strings.TrimSpace(e.name.Text); name == "" || (prev != "" && strings.EqualFold(name, prev)) {
		e.name.SetText(pr.Name)
	}
}

// knownPresetName is the name a known host gives a profile; "" for Other host.
func knownPresetName(pr profile.Preset) string {
	if pr.Name == profile.PresetCustom {
		return ""
	}
	return pr.Name
}

// showSizePlaceholder says what an empty size field means for pr: a known
// host whose limit is not known, or no limit; never a made-up size.
func (e *profileEditor) showSizePlaceholder(pr profile.Preset) {
	if pr.Name != profile.PresetCustom && pr.MaxSize <= 0 {
		e.size.SetPlaceHolder(screenText("settings.size.unknown"))
		return
	}
	e.size.SetPlaceHolder(screenText("settings.size.none"))
}

// showPlain warns while the host is plain http.
func (e *profileEditor) showPlain() {
	ep, err := uploader.NormalizeEndpoint(e.host.Text)
	plain := err == nil && uploader.IsPlainHTTP(ep)
	if plain != e.plain.Visible() {
		show(e.plain, plain)
		relayoutWindow(e.s.w)
	}
}

func (e *profileEditor) nameTaken(name string) bool {
	for _, other := range e.others {
		if strings.EqualFold(other, name) {
			return true
		}
	}
	return false
}

// layout is the heading, the scrolling form and the Cancel/Save buttons.
func (e *profileEditor) layout() fyne.CanvasObject {
	heading := widget.NewLabel(screenText("settings.editor.add"))
	if e.orig != nil {
		heading.SetText(screenText("settings.editor.edit", "Name", e.orig.Name))
	}
	heading.TextStyle.Bold = true
	heading.SizeName = theme.SizeNameSubHeadingText
	e.form = widget.NewForm(e.formItems()...)
	cancel := widget.NewButtonWithIcon(screenText("settings.cancel"), theme.CancelIcon(), func() { e.done("") })
	save := widget.NewButtonWithIcon(screenText("settings.save"), theme.DocumentSaveIcon(), e.save)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), cancel, save)
	return container.NewBorder(container.NewVBox(heading, e.notice.object()), container.NewVBox(widget.NewSeparator(), buttons),
		nil, nil, container.NewVScroll(e.form))
}

func (e *profileEditor) formItems() []*widget.FormItem {
	item := func(text string, w fyne.CanvasObject, hint string) *widget.FormItem {
		return &widget.FormItem{Text: text, Widget: w, HintText: hint}
	}
	keyRow := container.NewVBox(container.NewBorder(nil, nil, nil, e.testKey, e.key), e.verdict.object())
	items := []*widget.FormItem{
		item(screenText("settings.preset"), e.preset, screenText("settings.preset.hint")),
		item(screenText("settings.name"), e.name, ""),
		item(screenText("settings.host"), newNoteField(e.host, nil, e.plain), screenText("settings.host.hint")),
		item(screenText("settings.key"), keyRow, screenText("settings.key.hint")),
		item(screenText("settings.size"), e.size, screenText("settings.size.hint")),
		item(screenText("settings.format"), e.format, ""),
		item(screenText("settings.jobs"), e.jobs, screenText("settings.jobs.hint")),
		item("", container.NewVBox(e.fit, e.strip), ""),
		item("", sectionHeading(screenText("settings.defaults")), ""),
		item(screenText("settings.title_template"), e.title, screenText("settings.title_template.hint")),
	}
	// The rows below are the main window's upload options: same words.
	return append(items, e.optionItems()...)
}

// sectionHeading is a bold line that groups the rows under it.
func sectionHeading(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return container.NewVBox(widget.NewSeparator(), l)
}

func (e *profileEditor) object() fyne.CanvasObject { return e.root }
