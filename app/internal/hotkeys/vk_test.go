package hotkeys

import "testing"

func TestComboWindows(t *testing.T) {
	tests := []struct {
		in       string
		mods, vk uint32
	}{
		{"Ctrl+Shift+3", ModCtrlWin | ModShiftWin, 0x33},
		{"Ctrl+Shift+4", ModCtrlWin | ModShiftWin, 0x34},
		{"alt+s", ModAltWin, 'S'},
		{"Super+Print", ModSuperWin, 0x2c},
		{"F1", 0, 0x70},
		{"Ctrl+Alt+Shift+F9", ModCtrlWin | ModAltWin | ModShiftWin, 0x78},
		{"F24", 0, 0x87},
		{"ctrl+pgdn", ModCtrlWin, 0x22},
		{"Ctrl+0", ModCtrlWin, 0x30},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if mods, vk := c.Windows(); mods != tt.mods || vk != tt.vk {
			t.Errorf("%q: mods %#x vk %#x, want %#x %#x", tt.in, mods, vk, tt.mods, tt.vk)
		}
	}
	// Every key Parse knows has a virtual key.
	for name := range named {
		if virtualKeyOf(name) == 0 {
			t.Errorf("%s has no virtual-key code", name)
		}
	}
}
