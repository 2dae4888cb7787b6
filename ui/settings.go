package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// SettingsDeps is everything the settings window needs from the
// composition root. Optional hooks may be nil: their controls are hidden.
type SettingsDeps struct {
	Config       func() *profile.Config // current config (a copy the window may edit)
	Save         func(*profile.Config) error
	Secrets      profile.Secrets // keyring (or a 0600 file); nil keeps keys in the config file
	UsingKeyFile bool            // no OS keyring: warn that keys sit in a 0600 file
	CheckKey     func(ctx context.Context, host, key string) (uploader.KeyStatus, error)

	Hotkeys      func() map[string]string // action → combo; nil hides the Hotkeys tab
	HotkeyStatus func() map[string]string // action → "" or why it does not work; may be nil
	SetHotkeys   func(map[string]string) error
	ParseHotkey  func(string) (string, error) // canonical spelling, or why it is not a shortcut
	// HotkeyDesktop, when it answers ok, says the desktop (its
	// GlobalShortcuts portal) holds the shortcuts and picks their keys;
	// triggers is action → the keys it chose. May be nil.
	HotkeyDesktop func() (triggers map[string]string, ok bool)
	// ConfigureHotkeys opens the desktop's own dialog for the shortcuts;
	// nil hides its button.
	ConfigureHotkeys func() error

	SetAutostart func(on bool) error // nil hides "Launch at login"
	// ImportSXCU turns a ShareX custom uploader file into a profile and
	// says what it did; nil hides "Import .sxcu…".
	ImportSXCU func(path string) (string, error)
	OnLanguage func(code string) // "", "en", "zh" or "es"
	// ForcedLanguage is the language UPSHOT_LANG forces ("" = none): the
	// Language setting says that it wins over the choice.
	ForcedLanguage string
	// FontMissing, when set, says whether the system lacks a font that
	// draws the language (code): the Language setting then warns.
	FontMissing func(code string) bool
}

// Settings is the settings window: host profiles, general preferences and
// global shortcuts, one tab each.
type Settings struct {
	w   fyne.Window
	d   SettingsDeps
	run func(func()) // starts background work; inline in tests

	tabs    *container.AppTabs
	hosts   *hostsTab
	general *generalTab
	capture *captureTab
	hotkeys *hotkeysTab // nil when the app has no global shortcuts
}

// NewSettings builds the settings window's content into w. The caller sets
// the title ("Upshot — Settings") and shows it.
func NewSettings(w fyne.Window, d SettingsDeps) *Settings {
	return newSettings(w, d, func(f func()) { go f() })
}

// newSettings lets tests run the key check inline.
func newSettings(w fyne.Window, d SettingsDeps, run func(func())) *Settings {
	s := &Settings{w: w, d: d, run: run}
	s.build()
	return s
}

// build makes the tabs from the configuration, in the current language.
func (s *Settings) build() {
	cfg := s.config() // read once for both tabs
	s.hosts = newHostsTab(s, cfg)
	s.general = newGeneralTab(s, cfg.Settings)
	s.capture = newCaptureTab(s, cfg.Settings)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(screenText("settings.tab.hosts"), theme.StorageIcon(), s.hosts.object()),
		container.NewTabItemWithIcon(screenText("settings.tab.general"), theme.SettingsIcon(), s.general.object()),
	)
	if s.d.Hotkeys != nil {
		s.hotkeys = newHotkeysTab(s)
		s.tabs.Append(container.NewTabItemWithIcon(screenText("settings.tab.hotkeys"), theme.ComputerIcon(), s.hotkeys.object()))
	}
	s.tabs.Append(container.NewTabItemWithIcon(screenText("settings.tab.capture"), theme.MediaPhotoIcon(), s.capture.object()))
	s.w.SetContent(s.tabs)
}

// config returns a fresh working copy of the configuration.
func (s *Settings) config() *profile.Config {
	if s.d.Config != nil {
		if c := s.d.Config(); c != nil {
			return c
		}
	}
	return profile.New()
}

// save persists cfg through the composition root.
func (s *Settings) save(cfg *profile.Config) error {
	if s.d.Save == nil {
		return nil
	}
	return s.d.Save(cfg)
}

// noticeLine is a wrapped status line that takes no room while empty.
// Each message gets a fresh label: a wrapped label that was hidden when the
// window was laid out can keep a stale zero width on the test driver.
type noticeLine struct {
	box   *fyne.Container // holds label while there is a message
	label *widget.Label   // the current (or last) message
	win   fyne.Window
}

func newNoticeLine(w fyne.Window) *noticeLine {
	return &noticeLine{box: container.NewVBox(), label: widget.NewLabel(""), win: w}
}

// object is what the screen lays out.
func (n *noticeLine) object() fyne.CanvasObject { return n.box }

// set shows text with the given importance ("" clears the line).
func (n *noticeLine) set(text string, imp widget.Importance) {
	if text == n.text() && imp == n.label.Importance {
		return
	}
	n.label = widget.NewLabel(text)
	n.label.Wrapping = fyne.TextWrapWord
	n.label.Importance = imp
	n.box.Objects = nil
	if text != "" {
		n.box.Objects = []fyne.CanvasObject{n.label}
	}
	n.box.Refresh()
	relayoutWindow(n.win)
}

// text is the message shown, "" when none.
func (n *noticeLine) text() string {
	if len(n.box.Objects) == 0 {
		return ""
	}
	return n.label.Text
}

// relayoutWindow lays the window's content out again after something was
// shown or hidden. The GL driver notices size changes on its next frame by
// itself; the test driver, and so the snapshots, needs it done now.
func relayoutWindow(w fyne.Window) {
	if w == nil {
		return
	}
	if c := w.Content(); c != nil {
		c.Refresh()
	}
}
