// Package hotkeys is the GUI side of global keyboard shortcuts: it parses
// shortcuts such as "Ctrl+Shift+3", speaks the JSON-lines protocol of the
// upshot-hotkeyd helper process, and supervises that helper (Manager).
//
// The X11 grab itself lives in the helper (app/internal/hotkeyd) because
// golang.design/x/hotkey panics in its package init when there is no X
// display; in a separate process that panic costs the user their hotkeys,
// not the whole app. On Windows the same Manager runs the helper's loop in
// process over RegisterHotKey (grab_windows.go, StartNative). This package
// is pure Go and needs no cgo.
package hotkeys

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Action names: the keys of a binding map.
const (
	ActionFull      = "full"
	ActionRegion    = "region"
	ActionWindow    = "window"
	ActionClipboard = "clipboard"
	// ActionRecord starts a region recording, and stops it when pressed
	// again.
	ActionRecord = "record"
)

// Defaults are the shortcuts a new installation starts with. Treat it as
// read-only; DefaultBindings returns a copy to change.
var Defaults = map[string]string{
	ActionFull:      "Ctrl+Shift+3",
	ActionRegion:    "Ctrl+Shift+4",
	ActionWindow:    "Ctrl+Shift+5",
	ActionClipboard: "Ctrl+Shift+6",
	ActionRecord:    "Ctrl+Shift+7",
}

// DefaultBindings returns a copy of Defaults.
func DefaultBindings() map[string]string { return copyMap(Defaults) }

// X11 modifier masks (X.h).
const (
	MaskShift uint32 = 1 << 0
	MaskCtrl  uint32 = 1 << 2
	MaskAlt   uint32 = 1 << 3 // Mod1
	MaskSuper uint32 = 1 << 6 // Mod4
)

// Combo is one keyboard shortcut: modifiers plus exactly one key, the key
// named canonically ("3", "A", "F12", "Print", "PageUp").
type Combo struct {
	Ctrl, Shift, Alt, Super bool
	Key                     string
}

// keyInfo is what we know about a named key.
type keyInfo struct {
	sym uint32
	// free keys may be used without Ctrl, Alt or Super: they type nothing.
	free bool
}

// named maps the canonical names of the non-alphanumeric keys to keysyms
// (keysymdef.h).
var named = map[string]keyInfo{
	"Print":    {0xff61, true},
	"Space":    {0x0020, false},
	"Return":   {0xff0d, false},
	"Escape":   {0xff1b, false},
	"Tab":      {0xff09, false},
	"Delete":   {0xffff, false},
	"Insert":   {0xff63, false},
	"Home":     {0xff50, false},
	"End":      {0xff57, false},
	"PageUp":   {0xff55, false},
	"PageDown": {0xff56, false},
	"Left":     {0xff51, false},
	"Up":       {0xff52, false},
	"Right":    {0xff53, false},
	"Down":     {0xff54, false},
}

// aliases maps lower-case spellings people use to canonical key names.
var aliases = map[string]string{
	"print": "Print", "prtsc": "Print", "prtscr": "Print", "printscreen": "Print", "print_screen": "Print", "sysrq": "Print",
	"space": "Space", "spacebar": "Space",
	"return": "Return", "enter": "Return",
	"escape": "Escape", "esc": "Escape",
	"tab":    "Tab",
	"delete": "Delete", "del": "Delete",
	"insert": "Insert", "ins": "Insert",
	"home": "Home", "end": "End",
	"pageup": "PageUp", "page_up": "PageUp", "pgup": "PageUp", "prior": "PageUp",
	"pagedown": "PageDown", "page_down": "PageDown", "pgdn": "PageDown", "next": "PageDown",
	"left": "Left", "up": "Up", "right": "Right", "down": "Down",
	"arrowleft": "Left", "arrowup": "Up", "arrowright": "Right", "arrowdown": "Down",
}

// ErrNoKey is returned by Parse for a shortcut made only of modifiers.
var ErrNoKey = errors.New("no key")

// Parse reads a shortcut such as "Ctrl+Shift+3", "control-alt-s" or
// "Super+Print". Parts are separated by '+' or '-', case does not matter.
// Letters, digits and editing keys need Ctrl, Alt or Super, so a shortcut
// never takes over ordinary typing; Print and F1–F24 may stand alone.
func Parse(s string) (Combo, error) {
	var c Combo
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return c, errors.New("empty shortcut: type one such as Ctrl+Shift+3")
	}
	for _, part := range strings.FieldsFunc(trimmed, func(r rune) bool { return r == '+' || r == '-' }) {
		if err := c.add(strings.TrimSpace(part)); err != nil {
			return Combo{}, fmt.Errorf("shortcut %q: %w", trimmed, err)
		}
	}
	if c.Key == "" {
		return Combo{}, fmt.Errorf("shortcut %q has %w: add one, as in Ctrl+Shift+3", trimmed, ErrNoKey)
	}
	if !c.Ctrl && !c.Alt && !c.Super && !keyIsFree(c.Key) {
		return Combo{}, fmt.Errorf("shortcut %q would take over typing: add Ctrl, Alt or Super", trimmed)
	}
	return c, nil
}

// add applies one part of a shortcut to c.
func (c *Combo) add(part string) error {
	var mod *bool
	switch strings.ToLower(part) {
	case "":
		return errors.New("empty part")
	case "ctrl", "control", "ctl", "primary":
		mod = &c.Ctrl
	case "shift":
		mod = &c.Shift
	case "alt", "mod1", "meta", "option":
		mod = &c.Alt
	case "super", "win", "windows", "mod4", "logo", "cmd", "command":
		mod = &c.Super
	}
	if mod != nil {
		if *mod {
			return fmt.Errorf("%s appears twice", part)
		}
		*mod = true
		return nil
	}
	key, ok := canonicalKey(part)
	if !ok {
		return fmt.Errorf("unknown key %q", part)
	}
	if c.Key != "" {
		return fmt.Errorf("two keys (%s and %s): a shortcut has one key", c.Key, key)
	}
	c.Key = key
	return nil
}

// canonicalKey returns the canonical name of a key, if we know the key.
func canonicalKey(part string) (string, bool) {
	lower := strings.ToLower(part)
	if len(lower) == 1 && (lower[0] >= 'a' && lower[0] <= 'z' || lower[0] >= '0' && lower[0] <= '9') {
		return strings.ToUpper(lower), true
	}
	if n, ok := fNumber(lower); ok {
		return "F" + strconv.Itoa(n), true
	}
	name, ok := aliases[lower]
	return name, ok
}

// fNumber parses "f1".."f24".
func fNumber(lower string) (int, bool) {
	if len(lower) < 2 || lower[0] != 'f' {
		return 0, false
	}
	n, err := strconv.Atoi(lower[1:])
	if err != nil || n < 1 || n > 24 || lower[1] == '0' || lower[1] == '+' {
		return 0, false
	}
	return n, true
}

// keyIsFree reports whether key may be used without Ctrl, Alt or Super.
func keyIsFree(key string) bool {
	if _, ok := fNumber(strings.ToLower(key)); ok {
		return true
	}
	return named[key].free
}

// String is the canonical spelling: "Ctrl+Alt+Shift+Super+Key".
func (c Combo) String() string {
	var parts []string
	for _, m := range []struct {
		on   bool
		name string
	}{{c.Ctrl, "Ctrl"}, {c.Alt, "Alt"}, {c.Shift, "Shift"}, {c.Super, "Super"}} {
		if m.on {
			parts = append(parts, m.name)
		}
	}
	return strings.Join(append(parts, c.Key), "+")
}

// Trigger is c in the freedesktop shortcuts specification's spelling, for
// a portal's preferred_trigger: modifiers CTRL, ALT, SHIFT, LOGO and an
// xkbcommon keysym name, joined by "+" ("CTRL+SHIFT+3", "LOGO+Print").
func (c Combo) Trigger() string {
	var parts []string
	for _, m := range []struct {
		on   bool
		name string
	}{{c.Ctrl, "CTRL"}, {c.Alt, "ALT"}, {c.Shift, "SHIFT"}, {c.Super, "LOGO"}} {
		if m.on {
			parts = append(parts, m.name)
		}
	}
	key := c.Key
	switch {
	case len(key) == 1 && key[0] >= 'A' && key[0] <= 'Z':
		key = strings.ToLower(key) // the keysym on the key, as X11 grabs it
	case key == "Space":
		key = "space"
	case key == "PageUp":
		key = "Page_Up"
	case key == "PageDown":
		key = "Page_Down"
	}
	return strings.Join(append(parts, key), "+")
}

// X11 returns the X11 modifier mask and keysym of c, for XGrabKey (through
// golang.design/x/hotkey: build hotkey.Key(keysym) from this keysym, not
// from that package's digit constants, which are off by one). A Combo that
// did not come from Parse may give keysym 0.
func (c Combo) X11() (mods uint32, keysym uint32) {
	for _, m := range []struct {
		on   bool
		mask uint32
	}{{c.Ctrl, MaskCtrl}, {c.Shift, MaskShift}, {c.Alt, MaskAlt}, {c.Super, MaskSuper}} {
		if m.on {
			mods |= m.mask
		}
	}
	return mods, keysymOf(c.Key)
}

// keysymOf maps a canonical key name to its X11 keysym, 0 if unknown.
func keysymOf(key string) uint32 {
	switch {
	case len(key) == 1 && key[0] >= '0' && key[0] <= '9':
		return 0x30 + uint32(key[0]-'0')
	case len(key) == 1 && key[0] >= 'A' && key[0] <= 'Z':
		// X grabs by keycode; the lower-case keysym is the one on the key.
		return 0x61 + uint32(key[0]-'A')
	}
	if n, ok := fNumber(strings.ToLower(key)); ok {
		return 0xffbe + uint32(n-1)
	}
	return named[key].sym
}
