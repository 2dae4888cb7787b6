package platform

import (
	"os"
	"path/filepath"
)

// ConfigDir is where config.toml (and the fallback keys.toml) live:
// $XDG_CONFIG_HOME/upshot, else ~/.config/upshot.
func ConfigDir(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return filepath.Join(".", "upshot") // no home: keep it beside the program's work
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "upshot")
}

// DataDir is where the history, the journal, the spool and the captures
// live: $XDG_DATA_HOME/upshot, else ~/.local/share/upshot.
func DataDir(getenv func(string) string) string {
	data := getenv("XDG_DATA_HOME")
	if data == "" {
		home, _ := os.UserHomeDir()
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "upshot")
}

// EnsureCacheDir creates the user's cache directory: Fyne creates only its
// own subdirectory and logs an error on a fresh account without ~/.cache.
func EnsureCacheDir() {
	if dir, err := os.UserCacheDir(); err == nil {
		_ = os.MkdirAll(dir, 0o700)
	}
}
