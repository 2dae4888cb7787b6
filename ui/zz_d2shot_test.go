package ui

import (
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func d2shot(t *testing.T, w fyne.Window, name string) {
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	img := w.Canvas().Capture()
	f, _ := os.Create("/tmp/d2_" + name + ".png")
	png.Encode(f, img)
	f.Close()
}

func TestZZD2Shots(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) {
		d.UsingKeyFile = true
		d.SetAutostart = func(bool) error { return nil }
		d.Hotkeys = func() map[string]string {
			return map[string]string{"full": "Ctrl+Shift+3", "region": "Ctrl+Shift+4", "window": "", "clipboard": "Ctrl+Shift+6"}
		}
		d.HotkeyStatus = func() map[string]string {
			return map[string]string{"region": "Ctrl+Shift+4 is taken by another program"}
		}
		d.ParseHotkey = fakeParseHotkey
	})
	d2shot(t, e.w, "hosts")
	e.keys.keys["mine"] = "chv_key"
	e.s.hosts.list.Select(1)
	test.Tap(buttonByText(t, e.w.Content(), "Edit"))
	d2shot(t, e.w, "editor")
	e.s.hosts.editor.size.SetText("lots")
	e.s.hosts.editor.jobs.SetText("0")
	test.Tap(buttonByText(t, e.w.Content(), "Test key"))
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	d2shot(t, e.w, "editor_err")
	os.WriteFile("/tmp/d2_editor_err.xml", []byte(test.RenderToMarkup(e.w.Canvas())), 0o644)
	e.s.tabs.SelectIndex(1)
	d2shot(t, e.w, "general")
	e.s.tabs.SelectIndex(2)
	d2shot(t, e.w, "hotkeys")
	h := newHistoryEnv(t)
	d2shot(t, h.w, "history_list")
	test.Tap(h.h.gridBtn)
	d2shot(t, h.w, "history_grid")
}
