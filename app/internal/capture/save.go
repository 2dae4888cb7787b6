package capture

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
)

// Save writes img as the PNG name+".png" in dir, readable only by the
// user, and returns its path. dir is created (0700) when missing; a name
// already taken gets " (2)", " (3)", …. The caller names the file (the
// service names captures by their time).
func Save(img image.Image, dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("save screenshot: create folder %s: %w", dir, err)
	}
	base := name
	for n := 1; n < 1000; n++ {
		name := base + ".png"
		if n > 1 {
			name = fmt.Sprintf("%s (%d).png", base, n)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("save screenshot %s: %w", path, err)
		}
		if err := writePNG(f, img); err != nil {
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("save screenshot: %s already has 999 screenshots named %q", dir, base)
}

// writePNG encodes fast rather than small: the file is uploaded and
// screenshots compress well anyway. A failed file is removed.
func writePNG(f *os.File, img image.Image) error {
	w := bufio.NewWriterSize(f, 256<<10)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	err := enc.Encode(w, img)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("save screenshot %s: %w", f.Name(), err)
	}
	return nil
}
