package platform

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SystemFonts asks fontconfig (fc-list :lang=zh), as the desktop's own
// programs do; without fc-list it looks at the font folders' file names.
type SystemFonts struct{}

// HasFont implements FontLookup.
func (SystemFonts) HasFont(lang string) (has, known bool) {
	if !needsOwnFont(lang) {
		return true, true
	}
	if path, err := exec.LookPath("fc-list"); err == nil {
		out, err := exec.Command(path, ":lang="+lang, "family").Output()
		if err == nil {
			return strings.TrimSpace(string(out)) != "", true
		}
	}
	home, _ := os.UserHomeDir()
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local/share/fonts"), filepath.Join(home, ".fonts"))
	}
	return scanFontDirs(dirs)
}
