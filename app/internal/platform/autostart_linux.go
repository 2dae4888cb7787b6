package platform

import (
	"fmt"
	"os"
	"path/filepath"
)

// SetAutostart writes or removes the XDG autostart entry that starts exe
// at login, in $XDG_CONFIG_HOME/autostart (else ~/.config/autostart).
func SetAutostart(on bool, exe string) error {
	dir, err := os.UserConfigDir() // $XDG_CONFIG_HOME, else ~/.config
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "autostart", "upshot.desktop")
	if !on {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	entry := fmt.Sprintf("[Desktop Entry]\nType=Application\nName=Upshot\nComment=Screenshot and image uploader\nExec=%q\nIcon=upshot\nX-GNOME-Autostart-enabled=true\n", exe)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(entry), 0o644)
}
