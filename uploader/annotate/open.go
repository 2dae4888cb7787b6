package annotate

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // decoders for the formats the editor opens
	_ "image/jpeg" //
	_ "image/png"  //
	"os"

	_ "golang.org/x/image/bmp"  //
	_ "golang.org/x/image/webp" //
)

// MaxPixels is the largest image the editor opens (its frame and layers
// take about 12 bytes a pixel).
const MaxPixels = 100_000_000

// Open decodes the image at source and returns it with its document: the
// unfinished one saved beside it when there is one (the editor died before
// the image was uploaded), else a new one. From then on every change is
// saved beside the image (SidecarPath) in the background; onSaveErr, when
// not nil, hears of failed writes (from another goroutine).
func Open(source string, onSaveErr func(error)) (*Document, image.Image, error) {
	img, err := DecodeImage(source)
	if err != nil {
		return nil, nil, err
	}
	b := img.Bounds()
	side := SidecarPath(source)
	d, err := Load(side)
	switch {
	case errors.Is(err, os.ErrNotExist):
		d = NewDocument(source, b.Dx(), b.Dy())
	case err != nil:
		return nil, nil, fmt.Errorf("%w — move or delete it to start over", err)
	case d.size != b.Size():
		return nil, nil, fmt.Errorf("the saved edits %s are for a %d×%d image but %s is %d×%d — move or delete them to start over",
			side, d.size.X, d.size.Y, source, b.Dx(), b.Dy())
	}
	d.source = source
	d.saver = NewAutosaver(side, onSaveErr)
	return d, img, nil
}

// DecodeImage reads the image at path (PNG, JPEG, GIF, WebP or BMP).
func DecodeImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not an image the editor can open (PNG, JPEG, GIF, WebP or BMP): %w", path, err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("%s is %d×%d pixels, too large to edit (at most %d million pixels)", path, cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return img, nil
}

// SaveWith makes every change of d from now on go to a (in the
// background). Open does this for the document beside the image.
func (d *Document) SaveWith(a *Autosaver) { d.saver = a }

// Close writes the last changes and stops saving; the saved document stays
// for FindUnfinished. Use it when the editor closes with edits kept.
func (d *Document) Close() error {
	if d.saver == nil {
		return nil
	}
	err := d.saver.Close()
	d.saver = nil
	return err
}

// Discard stops saving and removes the saved document: the image was
// uploaded, or the user threw the edits away.
func (d *Document) Discard() error {
	if d.saver == nil {
		return nil
	}
	err := d.saver.Discard()
	d.saver = nil
	return err
}

// Flush waits until every change so far is on disk.
func (d *Document) Flush() error {
	if d.saver == nil {
		return nil
	}
	return d.saver.Flush()
}
