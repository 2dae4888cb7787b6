package uploader

import (
	"fmt"
	"os"
	"path/filepath"
)

// SaveImageFile writes image bytes from the clipboard (a paste in the
// window, `upshot clipboard`) to a new file prefix*.png in dir, readable
// only by the user, and returns its path; the queue uploads it as an owned
// file. dir is created (0700) when missing; a failed file is removed.
func SaveImageFile(dir, prefix string, png []byte) (string, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, prefix+"*.png")
	if err != nil {
		return "", fmt.Errorf("save the image: %w", err)
	}
	_, err = f.Write(png)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", filepath.Base(f.Name()), err)
	}
	return f.Name(), nil
}
