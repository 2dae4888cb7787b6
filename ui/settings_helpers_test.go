package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// memKeys is an in-memory key store.
type memKeys struct {
	mu   sync.Mutex
	keys map[string]string
}

func (m *memKeys) Get(name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.keys[name]
	if !ok {
		return "", profile.ErrNoKey
	}
	return k, nil
}

func (m *memKeys) Set(name, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys[name] = key
	return nil
}

func (m *memKeys) Delete(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.keys[name]; !ok {
		return profile.ErrNoKey
	}
	delete(m.keys, name)
	return nil
}

// settingsEnv is a settings window over a real config file, a fake key
// store and recording fakes for the app's hooks.
type settingsEnv struct {
	s        *Settings
	w        fyne.Window
	path     string // the config file
	saves    int
	keys     *memKeys
	checked  []string // "host key" per key check
	status   uploader.KeyStatus
	checkErr error
	langs    []string
}

// newSettingsEnv starts from the given profiles (saved first) and opens the
// settings window in English.
func newSettingsEnv(t *testing.T, start *profile.Config, edit ...func(*SettingsDeps)) *settingsEnv {
	t.Helper()
	withLanguage(t, "en")
	test.NewTempApp(t)
	e := &settingsEnv{path: filepath.Join(t.TempDir(), "config.toml"), keys: &memKeys{keys: map[string]string{}}}
	if start != nil {
		if err := start.Save(e.path); err != nil {
			t.Fatal(err)
		}
	}
	d := SettingsDeps{
		Config: func() *profile.Config {
			c, err := profile.Load(e.path)
			if err != nil {
				t.Fatal(err)
			}
			return c
		},
		Save:    func(c *profile.Config) error { e.saves++; return c.Save(e.path) },
		Secrets: e.keys,
		CheckKey: func(_ context.Context, host, key string) (uploader.KeyStatus, error) {
			e.checked = append(e.checked, host+" "+key)
			return e.status, e.checkErr
		},
		OnLanguage: func(code string) { e.langs = append(e.langs, code) },
	}
	for _, f := range edit {
		f(&d)
	}
	e.w = test.NewTempWindow(t, nil)
	e.s = newSettings(e.w, d, func(f func()) { f() })
	e.w.Resize(fyne.NewSize(760, 680))
	return e
}

// config reads the saved file back.
func (e *settingsEnv) config(t *testing.T) *profile.Config {
	t.Helper()
	c, err := profile.Load(e.path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// twoProfiles is a config with a default https host and a plain-http one.
func twoProfiles() *profile.Config {
	return &profile.Config{
		Default:  "img.api.hn",
		Settings: profile.Settings{Notifications: true},
		Profiles: []profile.Profile{
			{Name: "img.api.hn", Host: "https://img.api.hn/api/1/upload", MaxSize: 5_000_000, Preset: "img.api.hn",
				Defaults: uploader.Options{Tags: []string{"shots"}, Expiration: "P1D"}},
			{Name: "mine", Host: "http://mineurl.org/api/1/upload", MaxSize: 1_000_000, LinkFormat: "markdown", Jobs: 2},
		},
	}
}

// buttonByText finds the visible button with this text under o.
func buttonByText(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, obj := range test.LaidOutObjects(o) {
		if b, ok := obj.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no visible button %q", text)
	return nil
}

// overlayButton finds a button of the topmost dialog.
func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is open (looking for %q)", text)
	}
	return buttonByText(t, top, text)
}

// fakeParseHotkey canonicalises like the app's parser for the keys the
// tests use: modifiers in Ctrl, Alt, Shift, Super order and one key;
// letters and digits need a modifier other than Shift.
func fakeParseHotkey(s string) (string, error) {
	var mods [4]bool
	key := ""
	for _, p := range strings.Split(s, "+") {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "ctrl":
			mods[0] = true
		case "alt":
			mods[1] = true
		case "shift":
			mods[2] = true
		case "super":
			mods[3] = true
		case "printscreen", "print":
			key = "Print"
		default:
			if key != "" || strings.TrimSpace(p) == "" {
				return "", errors.New("shortcut " + s + " has no single key")
			}
			key = strings.ToUpper(strings.TrimSpace(p))
		}
	}
	if key == "" {
		return "", errors.New("shortcut " + s + " has no key")
	}
	free := key == "Print" || (len(key) > 1 && key[0] == 'F')
	if !mods[0] && !mods[1] && !mods[3] && !free {
		return "", errors.New("shortcut " + s + " would take over typing: add Ctrl, Alt or Super")
	}
	var out []string
	for i, name := range []string{"Ctrl", "Alt", "Shift", "Super"} {
		if mods[i] {
			out = append(out, name)
		}
	}
	return strings.Join(append(out, key), "+"), nil
}
