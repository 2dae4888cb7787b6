package uploader

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"

	// Decoders for every image type the hosts accept (AVIF has no pure-Go
	// decoder: such files get no preview).
	_ "image/gif"

	_ "golang.org/x/image/bmp"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Decompression-bomb guard: a small file may claim a huge canvas, and
// decoding allocates width×height×4 bytes before reading any pixel.
const (
	maxPreviewPixels = 50_000_000
	maxPreviewSide   = 20_000
)

// Thumbnail decodes the image at path and scales it down to fit maxSide×maxSide
// pixels, keeping its aspect ratio (smaller images are returned as they
// are). The header is checked first, so an image that claims more than 50
// megapixels or a side over 20000 pixels is refused without decoding it.
func Thumbnail(path string, maxSide int) (image.Image, error) {
	if maxSide <= 0 {
		return nil, fmt.Errorf("preview %s: size %d must be positive", filepath.Base(path), maxSide)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	defer f.Close()
	if err := checkPreviewSize(f, filepath.Base(path)); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("preview %s: %w", filepath.Base(path), err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("preview %s: %w", filepath.Base(path), err)
	}
	return scaleToFit(img, maxSide), nil
}

// checkPreviewSize reads only the image header.
func checkPreviewSize(r io.Reader, name string) error {
	cfg, _, err := image.DecodeConfig(r)
	if errors.Is(err, image.ErrFormat) {
		return fmt.Errorf("preview %s: not an image this app can preview", name)
	}
	if err != nil {
		return fmt.Errorf("preview %s: %w", name, err)
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w <= 0 || h <= 0 {
		return fmt.Errorf("preview %s: the image has no pixels (%d×%d)", name, w, h)
	}
	if w > maxPreviewSide || h > maxPreviewSide || w*h > maxPreviewPixels {
		return fmt.Errorf("%s is %d×%d pixels, too large to preview", name, w, h)
	}
	return nil
}

// scaleToFit downscales img to fit side×side with bilinear filtering.
func scaleToFit(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	nw, nh := side, side
	if w >= h {
		nh = int(int64(h) * int64(side) / int64(w))
	} else {
		nw = int(int64(w) * int64(side) / int64(h))
	}
	nw, nh = atLeastOne(nw), atLeastOne(nh)
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func atLeastOne(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// EncodeThumbnail encodes a preview compactly: JPEG (quality 80) when the
// image is opaque, PNG when it has transparency to keep.
func EncodeThumbnail(img image.Image) ([]byte, error) {
	if img == nil {
		return nil, errors.New("encode preview: no image")
	}
	var buf bytes.Buffer
	var err error
	if opaque(img) {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	} else {
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(&buf, img)
	}
	if err != nil {
		return nil, fmt.Errorf("encode preview: %w", err)
	}
	return buf.Bytes(), nil
}

// opaque reports whether every pixel is fully opaque. Image types that do
// not say are checked pixel by pixel (previews are small).
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}
