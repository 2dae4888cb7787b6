package ui

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// hotkeyEnv opens the settings with the five default shortcuts.
func hotkeyEnv(t *testing.T, setErr error) (*settingsEnv, *[]map[string]string) {
	t.Helper()
	var applied []map[string]string
	status := map[string]string{"region": "Ctrl+Shift+4 is taken by another program"}
	e := newSettingsEnv(t, nil, func(d *SettingsDeps) {
		d.Hotkeys = func() map[string]string {
			return map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4", "window": "", "clipboard": "Ctrl+Shift+6", "record": "Ctrl+Shift+7"}
		}
		d.HotkeyStatus = func() map[string]string { return status }
		d.SetHotkeys = func(m map[string]string) error {
			applied = append(applied, maps.Clone(m))
			return setErr
		}
		d.ParseHotkey = fakeParseHotkey
	})
	e.s.tabs.SelectIndex(2)
	return e, &applied
}

func (e *settingsEnv) hotkeyRow(t *testing.T, action string) *hotkeyRow {
	t.Helper()
	for _, r := range e.s.hotkeys.rows {
		if r.action == action {
			return r
		}
	}
	t.Fatalf("no row for %s", action)
	return nil
}

func TestHotkeyRowsShowCurrentState(t *testing.T) {
	e, _ := hotkeyEnv(t, nil)
	region, window := e.hotkeyRow(t, "region"), e.hotkeyRow(t, "window")
	if region.status.text() != "Ctrl+Shift+4 is taken by another program" || region.status.label.Importance != widget.DangerImportance {
		t.Errorf("region status %q (importance %v)", region.status.text(), region.status.label.Importance)
	}
	if !window.off.Checked || !window.combo.Disabled() || !window.record.Disabled() {
		t.Error("an unset shortcut is not shown as off")
	}
	if got := len(e.s.tabs.Items); got != 4 {
		t.Errorf("%d tabs, want Hosts, General, Hotkeys, Capture", got)
	}
}

func TestHotkeyTabHiddenWithoutHotkeys(t *testing.T) {
	e := newSettingsEnv(t, nil)
	if len(e.s.tabs.Items) != 3 || e.s.hotkeys != nil {
		t.Errorf("%d tabs without a hotkey service", len(e.s.tabs.Items))
	}
}

func TestHotkeyRecordDesktopKeys(t *testing.T) {
	e, _ := hotkeyEnv(t, nil)
	r := e.hotkeyRow(t, "full")
	test.Tap(r.record)
	rec := e.s.hotkeys.rec
	if rec == nil || r.record.Text != "Press the keys… (Esc cancels)" {
		t.Fatalf("recording did not start (button %q)", r.record.Text)
	}
	for _, k := range []fyne.KeyName{desktop.KeyControlLeft, desktop.KeyAltRight} {
		rec.keyDown(&fyne.KeyEvent{Name: k})
	}
	rec.keyUp(&fyne.KeyEvent{Name: desktop.KeyAltRight}) // released before the key: not part of it
	rec.keyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	rec.keyDown(&fyne.KeyEvent{Name: fyne.KeyS})
	if r.combo.Text != "Ctrl+Shift+S" || e.s.hotkeys.rec != nil || r.record.Text != "Record" {
		t.Errorf("combo %q, still recording %v, button %q", r.combo.Text, e.s.hotkeys.rec != nil, r.record.Text)
	}
}

func TestHotkeyRecordThroughCanvas(t *testing.T) {
	e, _ := hotkeyEnv(t, nil)
	r := e.hotkeyRow(t, "clipboard")
	c := e.w.Canvas()
	test.Tap(r.record)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF5}) // the test canvas has no key-down events
	if r.combo.Text != "F5" || c.OnTypedKey() != nil {
		t.Errorf("combo %q; canvas handler restored: %v", r.combo.Text, c.OnTypedKey() == nil)
	}
	test.Tap(r.record)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.combo.Text != "F5" || e.s.hotkeys.rec != nil || c.OnTypedKey() != nil {
		t.Errorf("Escape changed the combo to %q or kept recording", r.combo.Text)
	}
	test.Tap(r.record)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyA}) // a bare letter is not a shortcut
	if r.combo.Text != "A" || r.combo.Validate() == nil {
		t.Errorf("bare letter: combo %q, validation %v", r.combo.Text, r.combo.Validate())
	}
}

func TestHotkeyApply(t *testing.T) {
	e, applied := hotkeyEnv(t, nil)
	full, window := e.hotkeyRow(t, "full"), e.hotkeyRow(t, "window")
	full.combo.SetText("ctrl+alt+p")
	test.Tap(window.off)
	window.combo.SetText("super+printscreen")
	test.Tap(buttonByText(t, e.w.Content(), "Apply shortcuts"))
	want := map[string]string{"full": "Ctrl+Alt+P", "region": "Ctrl+Shift+4", "window": "Super+Print", "clipboard": "Ctrl+Shift+6", "record": "Ctrl+Shift+7"}
	if len(*applied) != 1 || !maps.Equal((*applied)[0], want) {
		t.Fatalf("SetHotkeys got %v, want %v", *applied, want)
	}
	if got := e.config(t).Settings.Hotkeys; !maps.Equal(got, want) {
		t.Errorf("saved hotkeys %v", got)
	}
	if n := e.s.hotkeys.notice.label; n.Text != "Shortcuts applied" {
		t.Errorf("notice %q", n.Text)
	}
}

func TestHotkeyApplyRefusals(t *testing.T) {
	tests := []struct {
		name   string
		setErr error
		edit   func(e *settingsEnv)
		want   string
		calls  int
	}{
		{"duplicate", nil, func(e *settingsEnv) { e.hotkeyRow(t, "clipboard").combo.SetText("ctrl+shift+3") },
			"Ctrl+Shift+3 is set for both “Capture the screen” and “Upload the clipboard”", 0},
		{"junk", nil, func(e *settingsEnv) { e.hotkeyRow(t, "full").combo.SetText("Ctrl+Shift") }, "has no key", 0},
		{"system refuses", errors.New("helper not running"), func(*settingsEnv) {}, "helper not running", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, applied := hotkeyEnv(t, tt.setErr)
			tt.edit(e)
			test.Tap(buttonByText(t, e.w.Content(), "Apply shortcuts"))
			n := e.s.hotkeys.notice.label
			if len(*applied) != tt.calls || !strings.Contains(n.Text, tt.want) || n.Importance != widget.DangerImportance {
				t.Errorf("calls %d, notice %q; want %d and %q", len(*applied), n.Text, tt.calls, tt.want)
			}
			if e.saves != 0 {
				t.Error("refused shortcuts were saved")
			}
		})
	}
}

// TestHotkeyTabWhenTheDesktopHoldsTheShortcuts: on the portal the intro
// says the desktop decides, each row shows the keys it chose (an error
// still wins), and the desktop's own dialog is one button away.
func TestHotkeyTabWhenTheDesktopHoldsTheShortcuts(t *testing.T) {
	configured := 0
	configureErr := errors.New("no session yet\nmore")
	e := newSettingsEnv(t, nil, func(d *SettingsDeps) {
		d.Hotkeys = func() map[string]string {
			return map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4", "window": "", "clipboard": "Ctrl+Shift+6", "record": "Ctrl+Shift+7"}
		}
		d.HotkeyStatus = func() map[string]string {
			return map[string]string{"clipboard": "the desktop did not bind “Upload what is on the clipboard”"}
		}
		d.HotkeyDesktop = func() (map[string]string, bool) {
			return map[string]string{"full": "Meta+3", "region": "CTRL+SHIFT+4", "window": "Meta+W", "clipboard": "x"}, true
		}
		d.ConfigureHotkeys = func() error { configured++; return configureErr }
		d.ParseHotkey = fakeParseHotkey
	})
	e.s.tabs.SelectIndex(2)
	if full := e.hotkeyRow(t, "full").status; full.text() != "Your desktop set Meta+3" || full.label.Importance != widget.SuccessImportance {
		t.Errorf("full: %q (importance %v), want the desktop's keys", full.text(), full.label.Importance)
	}
	if w := e.hotkeyRow(t, "window").status.text(); w != "" {
		t.Errorf("window is off here but shows %q", w)
	}
	if c := e.hotkeyRow(t, "clipboard").status; !strings.Contains(c.text(), "did not bind") || c.label.Importance != widget.DangerImportance {
		t.Errorf("clipboard: %q, want the error", c.text())
	}
	intro := false
	for _, o := range test.LaidOutObjects(e.w.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "GlobalShortcuts portal") && l.Visible() {
			intro = true
		}
	}
	if !intro {
		t.Error("the intro does not say the desktop holds the shortcuts")
	}
	test.Tap(buttonByText(t, e.w.Content(), "Desktop shortcut settings…"))
	if configured != 1 || !strings.Contains(e.s.hotkeys.notice.text(), "Cannot open the desktop's shortcut settings: no session yet") {
		t.Errorf("configure called %d times, notice %q", configured, e.s.hotkeys.notice.text())
	}
}
