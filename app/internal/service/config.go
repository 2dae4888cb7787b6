package service

import (
	"fmt"
	"os"
	"time"

	"github.com/upshot-app/upshot/uploader/profile"
)

// SaveConfig writes cfg to path. A file there that cannot be read is not
// overwritten: it is kept beside as path.broken-TIME, returned as kept.
func SaveConfig(path string, cfg *profile.Config, now time.Time) (kept string, err error) {
	if _, err := profile.Load(path); err != nil {
		kept = path + ".broken-" + now.Format("20060102-150405")
		if err := os.Rename(path, kept); err != nil {
			return "", fmt.Errorf("move the unreadable %s aside: %w", path, err)
		}
	}
	return kept, cfg.Save(path)
}
