package annotate

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// Export is the picture to upload or save: the frame as the editor shows
// it, cut to the crop, at native size. The image is the caller's.
//
// An opaque source gives an *image.RGBA. A source with translucent pixels
// gives an *image.NRGBA in which every pixel nothing was drawn on is the
// source's own value (premultiplying would round them).
func (s *Scene) Export() image.Image {
	s.Update()
	crop := s.doc.Crop()
	if s.orig == nil {
		out := image.NewRGBA(image.Rectangle{Max: crop.Size()})
		draw.Draw(out, out.Rect, s.frame, crop.Min, draw.Src)
		return out
	}
	out := image.NewNRGBA(image.Rectangle{Max: crop.Size()})
	draw.Draw(out, out.Rect, s.frame, crop.Min, draw.Src)
	for y := crop.Min.Y; y < crop.Max.Y; y++ {
		for x := crop.Min.X; x < crop.Max.X; x++ {
			i := s.frame.PixOffset(x, y)
			if bytes.Equal(s.frame.Pix[i:i+4], s.src.Pix[i:i+4]) && !s.redacted(x, y) {
				copy(out.Pix[out.PixOffset(x-crop.Min.X, y-crop.Min.Y):], s.orig.Pix[i:i+4])
			}
		}
	}
	return out
}

// redacted reports whether pixel (x, y) lies in a redaction.
func (s *Scene) redacted(x, y int) bool {
	p := image.Pt(x, y)
	for _, r := range s.redactions {
		if p.In(r.RedactRect()) {
			return true
		}
	}
	return false
}

// EncodePNG encodes img as a PNG file's bytes.
func EncodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return b.Bytes(), nil
}

// EditedPath is where an edited copy of source is saved: beside it as
// NAME-edited.png (NAME-edited-2.png and so on when that exists), or in
// dir when dir is not empty.
func EditedPath(source, dir string) string {
	if dir == "" {
		dir = filepath.Dir(source)
	}
	name := strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	p := filepath.Join(dir, name+"-edited.png")
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p
		}
		p = filepath.Join(dir, fmt.Sprintf("%s-edited-%d.png", name, i))
	}
}

// SavePNG writes img as a PNG at path, atomically.
func SavePNG(path string, img image.Image) error {
	b, err := EncodePNG(img)
	if err != nil {
		return err
	}
	if err := fsx.WriteFileAtomic(path, b, 0o644); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}
