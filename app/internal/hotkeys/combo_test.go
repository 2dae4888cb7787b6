package hotkeys

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		mods   uint32
		keysym uint32
	}{
		{"Ctrl+Shift+3", "Ctrl+Shift+3", MaskCtrl | MaskShift, 0x33},
		{"ctrl+shift+4", "Ctrl+Shift+4", MaskCtrl | MaskShift, 0x34},
		{"Control-Alt-S", "Ctrl+Alt+S", MaskCtrl | MaskAlt, 0x73},
		{"Super+Print", "Super+Print", MaskSuper, 0xff61},
		{"Shift+F12", "Shift+F12", MaskShift, 0xffc9},
		{"Print", "Print", 0, 0xff61},
		{"F1", "F1", 0, 0xffbe},
		{"alt+f24", "Alt+F24", MaskAlt, 0xffd5},
		{"Ctrl+0", "Ctrl+0", MaskCtrl, 0x30},
		{"Ctrl+9", "Ctrl+9", MaskCtrl, 0x39},
		{"ctrl+a", "Ctrl+A", MaskCtrl, 0x61},
		{"Ctrl+Z", "Ctrl+Z", MaskCtrl, 0x7a},
		{" Shift + Ctrl + 3 ", "Ctrl+Shift+3", MaskCtrl | MaskShift, 0x33},
		{"Win+Shift+S", "Shift+Super+S", MaskShift | MaskSuper, 0x73},
		{"Ctrl+Space", "Ctrl+Space", MaskCtrl, 0x20},
		{"Ctrl+Enter", "Ctrl+Return", MaskCtrl, 0xff0d},
		{"Ctrl+Esc", "Ctrl+Escape", MaskCtrl, 0xff1b},
		{"Ctrl+Alt+Del", "Ctrl+Alt+Delete", MaskCtrl | MaskAlt, 0xffff},
		{"Ctrl+Insert", "Ctrl+Insert", MaskCtrl, 0xff63},
		{"Ctrl+Home", "Ctrl+Home", MaskCtrl, 0xff50},
		{"Ctrl+End", "Ctrl+End", MaskCtrl, 0xff57},
		{"Ctrl+PgUp", "Ctrl+PageUp", MaskCtrl, 0xff55},
		{"Ctrl+Page_Down", "Ctrl+PageDown", MaskCtrl, 0xff56},
		{"Super+Left", "Super+Left", MaskSuper, 0xff51},
		{"Super+Up", "Super+Up", MaskSuper, 0xff52},
		{"Super+Right", "Super+Right", MaskSuper, 0xff53},
		{"Super+Down", "Super+Down", MaskSuper, 0xff54},
		{"Mod1+Mod4+Tab", "Alt+Super+Tab", MaskAlt | MaskSuper, 0xff09},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := c.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			mods, sym := c.X11()
			if mods != tt.mods || sym != tt.keysym {
				t.Errorf("X11() = %#x, %#x; want %#x, %#x", mods, sym, tt.mods, tt.keysym)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"", "empty shortcut"},
		{"   ", "empty shortcut"},
		{"Ctrl+Shift", "no key"},
		{"Super", "no key"},
		{"Ctrl+Shift+Banana", `unknown key "Banana"`},
		{"Ctrl+3+4", "two keys"},
		{"Ctrl+Ctrl+3", "Ctrl appears twice"},
		{"A", "take over typing"},
		{"Shift+A", "take over typing"},
		{"Shift+3", "take over typing"},
		{"Space", "take over typing"},
		{"Ctrl+F0", `unknown key "F0"`},
		{"Ctrl+F25", `unknown key "F25"`},
		{"Ctrl+F01", `unknown key "F01"`},
		{"Ctrl+é", `unknown key "é"`},
		{"Ctrl+Shift+33", `unknown key "33"`},
		{"+", "no key"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, c)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) error %q, want it to contain %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestParseModifierOnlyIsErrNoKey(t *testing.T) {
	if _, err := Parse("Ctrl+Alt"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Parse(Ctrl+Alt) = %v, want ErrNoKey", err)
	}
}

func TestDefaultsParseAndDiffer(t *testing.T) {
	b := DefaultBindings()
	b[ActionFull] = ""
	if Defaults[ActionFull] == "" {
		t.Fatal("DefaultBindings shares its map with Defaults")
	}
	seen := map[string]string{}
	for _, action := range []string{ActionFull, ActionRegion, ActionWindow, ActionClipboard, ActionRecord} {
		c, err := Parse(Defaults[action])
		if err != nil {
			t.Fatalf("default for %s: %v", action, err)
		}
		if other, dup := seen[c.String()]; dup {
			t.Fatalf("%s and %s share %s", action, other, c)
		}
		seen[c.String()] = action
	}
}

// FuzzParse checks that whatever Parse accepts prints canonically, parses
// back to the same combo, and has a keysym.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Ctrl+Shift+3", "control-alt-s", "Super+Print", "Shift+F12", "ctrl++", "F24", "alt-pgdn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", s, c, c.String(), again, err)
		}
		if _, sym := c.X11(); sym == 0 {
			t.Fatalf("Parse(%q) = %v with no keysym", s, c)
		}
	})
}
