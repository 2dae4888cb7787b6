package profile

import "strings"

// Preset is a known host the user can pick instead of typing its address.
type Preset struct {
	Name      string // shown in the list; stored in Profile.Preset
	Host      string // upload endpoint; "" for the custom entry
	MaxSize   int64  // bytes as the host's upload page states it (1000-based); 0 = unknown
	Language  string // language of the host's own pages
	PlainHTTP bool   // the host only speaks http: uploads and key travel unencrypted
}

// PresetCustom is the name of the entry for a host that is not in the list.
const PresetCustom = "custom"

// Presets lists the known Chevereto hosts, from their API pages, then the
// custom entry.
func Presets() []Preset {
	return []Preset{
		{Name: "img.api.hn", Host: "https://img.api.hn/api/1/upload", MaxSize: 5_000_000, Language: "zh"},
		{Name: "mineurl.org", Host: "http://mineurl.org/api/1/upload", MaxSize: 1_000_000, Language: "zh", PlainHTTP: true},
		{Name: "anh.im", Host: "https://anh.im/api/1/upload", Language: "zh"},
		{Name: "imagehosting.me", Host: "https://imagehosting.me/api/1/upload", Language: "es"},
		{Name: "imgfly.me", Host: "https://imgfly.me/api/1/upload", Language: "zh"},
		{Name: PresetCustom},
	}
}

// FindPreset returns the preset called name (case-insensitive).
func FindPreset(name string) (Preset, bool) {
	for _, p := range Presets() {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Preset{}, false
}

// NewProfile starts a profile from the preset: its host and size limit.
func (pr Preset) NewProfile(name string) Profile {
	return Profile{Name: name, Host: pr.Host, MaxSize: pr.MaxSize, Preset: pr.Name}
}
