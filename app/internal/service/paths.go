package service

import (
	"path/filepath"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// Paths are where Upshot keeps this user's files.
type Paths struct {
	Config   string // config.toml
	Keys     string // fallback key file, used only without an OS keyring
	Data     string // the data directory (platform.DataDir)
	History  string // history.db
	Journal  string // unfinished uploads
	Spool    string // temporary copies (stdin, URLs, processed images)
	Captures string // screenshots and clipboard images until they upload
	// Recordings holds screen recordings: the one being made, the
	// finished file until it uploads, and what a crash interrupted.
	Recordings string
}

// ResolvePaths finds the files: configFlag (--config), else UPSHOT_CONFIG,
// else config.toml in the platform's config directory.
func ResolvePaths(configFlag string, getenv func(string) string) Paths {
	cfg := configFlag
	if cfg == "" {
		cfg = getenv("UPSHOT_CONFIG")
	}
	if cfg == "" {
		cfg = filepath.Join(platform.ConfigDir(getenv), "config.toml")
	}
	data := platform.DataDir(getenv)
	return Paths{
		Config:     cfg,
		Keys:       filepath.Join(filepath.Dir(cfg), "keys.toml"),
		Data:       data,
		History:    filepath.Join(data, "history.db"),
		Journal:    filepath.Join(data, "journal"),
		Spool:      filepath.Join(data, "spool"),
		Captures:   filepath.Join(data, "captures"),
		Recordings: filepath.Join(data, "recordings"),
	}
}
