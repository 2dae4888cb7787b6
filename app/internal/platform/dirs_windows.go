package platform

import (
	"os"
	"path/filepath"
)

// ConfigDir is %APPDATA%\Upshot, where config.toml lives.
func ConfigDir(getenv func(string) string) string { return appData(getenv) }

// DataDir is %APPDATA%\Upshot too: the history, the journal, the spool and
// the captures sit beside the config, as Windows programs keep them.
func DataDir(getenv func(string) string) string { return appData(getenv) }

func appData(getenv func(string) string) string {
	dir := getenv("APPDATA")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "Upshot"
		}
		dir = filepath.Join(home, "AppData", "Roaming")
	}
	return filepath.Join(dir, "Upshot")
}

// EnsureCacheDir does nothing: Windows accounts always have their local
// application data folder.
func EnsureCacheDir() {}
