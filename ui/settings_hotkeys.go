package ui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// hotkeyActions are the global shortcuts in the order the tab lists them.
var hotkeyActions = [...]string{"full", "region", "window", "clipboard", "record"}

// hotkeysTab edits the global shortcuts: one row per action with the
// combination, Record, Off and what the system said about it.
type hotkeysTab struct {
	s      *Settings
	rows   []*hotkeyRow
	form   *widget.Form
	notice *noticeLine
	apply  *widget.Button
	rec    *keyRecorder // the recording under way, nil when none
	recRow *hotkeyRow
}

// hotkeyRow is one action's controls.
type hotkeyRow struct {
	action string
	combo  *widget.Entry
	record *widget.Button
	off    *widget.Check
	status *noticeLine // the error colour: why the shortcut does not work
}

func newHotkeysTab(s *Settings) *hotkeysTab {
	t := &hotkeysTab{s: s, notice: newNoticeLine(s.w), form: widget.NewForm()}
	current := s.d.Hotkeys()
	for _, action := range orderedActions(current) {
		r := t.newRow(action, current[action])
		t.rows = append(t.rows, r)
		line := container.NewBorder(nil, nil, nil, container.NewHBox(r.record, r.off), r.combo)
		t.form.AppendItem(&widget.FormItem{Text: hotkeyActionLabel(action), Widget: newNoteField(r.combo, line, r.status.object())})
	}
	t.apply = widget.NewButtonWithIcon(screenText("settings.hotkeys.apply"), theme.ConfirmIcon(), t.applyAll)
	t.apply.Importance = widget.HighImportance
	t.showStatus()
	return t
}

// orderedActions lists the known actions first, then any others sorted.
func orderedActions(m map[string]string) []string {
	out := slices.Clone(hotkeyActions[:])
	var extra []string
	for a := range m {
		if !slices.Contains(out, a) {
			extra = append(extra, a)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

func hotkeyActionLabel(action string) string {
	switch action {
	case "full":
		return screenText("settings.hotkey.full")
	case "region":
		return screenText("settings.hotkey.region")
	case "window":
		return screenText("settings.hotkey.window")
	case "clipboard":
		return screenText("settings.hotkey.clipboard")
	case "record":
		return screenText("settings.hotkey.record_region")
	}
	return action
}

func (t *hotkeysTab) newRow(action, combo string) *hotkeyRow {
	r := &hotkeyRow{action: action, combo: widget.NewEntry(), status: newNoticeLine(t.s.w)}
	r.combo.SetText(combo)
	r.combo.Validator = func(s string) error {
		if r.off.Checked {
			return nil
		}
		_, err := t.parse(s)
		return err
	}
	r.record = widget.NewButtonWithIcon(screenText("settings.hotkey.record"), theme.MediaRecordIcon(), func() { t.toggleRecording(r) })
	r.off = widget.NewCheck(screenText("settings.hotkey.off"), nil)
	r.off.SetChecked(combo == "")
	r.off.OnChanged = func(bool) { t.onOff(r) }
	t.onOff(r)
	return r
}

// parse canonicalises a combination with the app's parser.
func (t *hotkeysTab) parse(s string) (string, error) {
	if t.s.d.ParseHotkey == nil {
		return strings.TrimSpace(s), nil
	}
	return t.s.d.ParseHotkey(strings.TrimSpace(s))
}

func (t *hotkeysTab) onOff(r *hotkeyRow) {
	if r.off.Checked {
		r.combo.SetPlaceHolder(screenText("settings.hotkey.none"))
		r.combo.Disable()
		r.record.Disable()
	} else {
		r.combo.SetPlaceHolder("Ctrl+Shift+3")
		r.combo.Enable()
		r.record.Enable()
	}
	r.combo.Validate()
}

// toggleRecording starts recording into r, or stops a recording under way.
func (t *hotkeysTab) toggleRecording(r *hotkeyRow) {
	if t.rec != nil {
		was := t.recRow
		t.rec.cancel()
		if was == r {
			return
		}
	}
	t.recRow = r
	r.record.SetText(screenText("settings.hotkey.recording"))
	t.rec = startKeyRecorder(t.s.w.Canvas(), func(combo string, ok bool) { t.recorded(r, combo, ok) })
}

// recorded ends a recording: the combination goes into the row's entry,
// canonical when the app's parser accepts it, else as pressed (and marked).
func (t *hotkeysTab) recorded(r *hotkeyRow, combo string, ok bool) {
	t.rec, t.recRow = nil, nil
	r.record.SetText(screenText("settings.hotkey.record"))
	if !ok {
		return
	}
	if canon, err := t.parse(combo); err == nil {
		combo = canon
	}
	r.combo.SetText(combo)
	r.combo.Validate()
}

// bindings checks every row and returns action → combination ("" = off).
func (t *hotkeysTab) bindings() (map[string]string, error) {
	if err := validateForm(t.form); err != nil {
		return nil, err
	}
	m := map[string]string{}
	seen := map[string]string{}
	for _, r := range t.rows {
		if r.off.Checked {
			m[r.action] = ""
			continue
		}
		combo, err := t.parse(r.combo.Text)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[strings.ToLower(combo)]; dup {
			return nil, errors.New(screenText("settings.hotkeys.duplicate", "Combo", combo,
				"First", hotkeyActionLabel(other), "Second", hotkeyActionLabel(r.action)))
		}
		seen[strings.ToLower(combo)] = r.action
		m[r.action] = combo
	}
	return m, nil
}

// applyAll hands the shortcuts to the app, saves them, and shows what the
// system made of them.
func (t *hotkeysTab) applyAll() {
	m, err := t.bindings()
	if err == nil && t.s.d.SetHotkeys != nil {
		err = t.s.d.SetHotkeys(m)
	}
	if err != nil {
		t.notice.set(screenText("settings.hotkeys.failed", "Error", firstLine(err)), widget.DangerImportance)
		return
	}
	cfg := t.s.config()
	cfg.Settings.Hotkeys = m
	if err := t.s.save(cfg); err != nil {
		t.notice.set(screenText("settings.save_failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	t.notice.set(screenText("settings.hotkeys.applied"), widget.SuccessImportance)
	t.showStatus()
}

// showStatus shows, under each row, why its shortcut does not work or,
// when the desktop holds the shortcuts, the keys it chose.
func (t *hotkeysTab) showStatus() {
	var status map[string]string
	if t.s.d.HotkeyStatus != nil {
		status = t.s.d.HotkeyStatus()
	}
	triggers, _ := t.desktop()
	for _, r := range t.rows {
		switch {
		case status[r.action] != "":
			r.status.set(status[r.action], widget.DangerImportance)
		case triggers[r.action] != "" && !r.off.Checked:
			r.status.set(screenText("settings.hotkey.desktop_set", "Keys", triggers[r.action]), widget.SuccessImportance)
		default:
			r.status.set("", widget.DangerImportance)
		}
	}
}

// desktop reports whether the desktop's portal holds the shortcuts.
func (t *hotkeysTab) desktop() (map[string]string, bool) {
	if t.s.d.HotkeyDesktop == nil {
		return nil, false
	}
	return t.s.d.HotkeyDesktop()
}

// configure opens the desktop's own shortcut dialog.
func (t *hotkeysTab) configure() {
	if err := t.s.d.ConfigureHotkeys(); err != nil {
		t.notice.set(screenText("settings.hotkeys.configure_failed", "Error", firstLine(err)), widget.DangerImportance)
	}
}

func (t *hotkeysTab) object() fyne.CanvasObject {
	text := screenText("settings.hotkeys.intro")
	if _, ok := t.desktop(); ok {
		text = screenText("settings.hotkeys.intro_desktop")
	}
	intro := widget.NewLabel(text)
	intro.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox(layout.NewSpacer(), t.apply)
	if t.s.d.ConfigureHotkeys != nil {
		buttons.Objects = append([]fyne.CanvasObject{widget.NewButtonWithIcon(screenText("settings.hotkeys.configure"), theme.SettingsIcon(), t.configure)}, buttons.Objects...)
	}
	return container.NewBorder(intro, container.NewVBox(widget.NewSeparator(), t.notice.object(), buttons), nil, nil,
		container.NewVScroll(t.form))
}
