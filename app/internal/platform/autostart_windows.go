package platform

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"
)

// runKey is the per-user list of programs Windows starts at login.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// runValue is Upshot's entry in it.
const runValue = "Upshot"

// SetAutostart writes or removes the value Upshot of the current user's Run
// key (HKCU\Software\Microsoft\Windows\CurrentVersion\Run), which starts exe
// — upshot.exe, the GUI — at login. No admin rights are needed for it.
func SetAutostart(on bool, exe string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("starting at login: open HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	if !on {
		if err := k.DeleteValue(runValue); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return fmt.Errorf("starting at login: remove %s from HKCU\\%s: %w", runValue, runKey, err)
		}
		return nil
	}
	// Quoted: a path with spaces would otherwise run its first word.
	if err := k.SetStringValue(runValue, `"`+exe+`"`); err != nil {
		return fmt.Errorf("starting at login: write %s to HKCU\\%s: %w", runValue, runKey, err)
	}
	return nil
}
