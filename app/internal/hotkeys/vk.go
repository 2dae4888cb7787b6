package hotkeys

import "strings"

// Windows modifier flags of RegisterHotKey (winuser.h).
const (
	ModAltWin   uint32 = 0x1
	ModCtrlWin  uint32 = 0x2
	ModShiftWin uint32 = 0x4
	ModSuperWin uint32 = 0x8 // MOD_WIN
)

// virtualKeys maps the canonical names of the non-alphanumeric keys to
// Windows virtual-key codes (winuser.h VK_*).
var virtualKeys = map[string]uint32{
	"Print":    0x2c, // VK_SNAPSHOT
	"Space":    0x20,
	"Return":   0x0d,
	"Escape":   0x1b,
	"Tab":      0x09,
	"Delete":   0x2e,
	"Insert":   0x2d,
	"Home":     0x24,
	"End":      0x23,
	"PageUp":   0x21, // VK_PRIOR
	"PageDown": 0x22, // VK_NEXT
	"Left":     0x25,
	"Up":       0x26,
	"Right":    0x27,
	"Down":     0x28,
}

// Windows returns the RegisterHotKey modifiers and virtual-key code of c.
// A Combo that did not come from Parse may give vk 0.
func (c Combo) Windows() (mods uint32, vk uint32) {
	for _, m := range []struct {
		on   bool
		flag uint32
	}{{c.Ctrl, ModCtrlWin}, {c.Shift, ModShiftWin}, {c.Alt, ModAltWin}, {c.Super, ModSuperWin}} {
		if m.on {
			mods |= m.flag
		}
	}
	return mods, virtualKeyOf(c.Key)
}

// virtualKeyOf maps a canonical key name to its virtual-key code, 0 if
// unknown. Digits and letters are their upper-case ASCII codes.
func virtualKeyOf(key string) uint32 {
	switch {
	case len(key) == 1 && (key[0] >= '0' && key[0] <= '9' || key[0] >= 'A' && key[0] <= 'Z'):
		return uint32(key[0])
	}
	if n, ok := fNumber(strings.ToLower(key)); ok {
		return 0x70 + uint32(n-1) // VK_F1 …
	}
	return virtualKeys[key]
}
