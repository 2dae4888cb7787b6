package uploader

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"

	_ "golang.org/x/image/bmp" // decoder for Fit
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decoder for Fit
)

// Opt-in image processing before upload. The user's file is never touched:
// the processed copy is written to the spool folder and deleted after the run.

// jpegQuality is the quality of re-encoded JPEGs; steps go down from there.
const jpegQuality = 88

// maxFitPixels keeps a decompression bomb from eating the memory (about
// 400 MB decoded).
const maxFitPixels = 100_000_000

// maxFitSteps bounds the shrink loop.
const maxFitSteps = 10

// processImage applies the target's Fit and Strip to f. It returns the
// processed copy and a note for the user, or nil when nothing was needed.
func processImage(f *File, dir string, t Target) (*File, string, error) {
	switch {
	case t.Fit && t.MaxSize > 0 && f.Size > t.MaxSize && canFit(f.Mime):
		return fitFile(f, dir, t.MaxSize)
	case t.Strip && canStrip(f.Mime):
		return stripFile(f, dir)
	}
	return nil, "", nil
}

func canFit(mime string) bool {
	switch mime {
	case "image/jpeg", "image/png", "image/webp", "image/bmp":
		return true
	}
	return false // GIF would lose its animation; AVIF and videos cannot be decoded
}

func canStrip(mime string) bool {
	return mime == "image/jpeg" || mime == "image/png" || mime == "image/webp"
}

// stripFile writes a copy of f without metadata, losslessly.
func stripFile(f *File, dir string) (*File, string, error) {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return nil, "", fmt.Errorf("strip metadata from %s: %w", f.Name, err)
	}
	var out []byte
	switch f.Mime {
	case "image/jpeg":
		out, err = stripJPEG(data)
	case "image/png":
		out, err = stripPNG(data)
	case "image/webp":
		out, err = stripWebP(data)
	}
	if err != nil {
		return nil, "", invalidf(KindInvalid, "%s: cannot remove its metadata (%v) — the file may be damaged; upload it without “strip metadata”", f.Name, err)
	}
	if len(out) == len(data) {
		return nil, "", nil // nothing to strip: upload the original
	}
	pf, err := writeSpool(f, dir, f.Name, out)
	if err != nil {
		return nil, "", err
	}
	return pf, fmt.Sprintf("removed metadata (EXIF, GPS, text): %s smaller", FormatSize(int64(len(data)-len(out)))), nil
}

// writeSpool writes data as a processed copy of f named name.
func writeSpool(f *File, dir, name string, data []byte) (*File, error) {
	tmp, err := os.CreateTemp(dir, "upshot-*-"+sanitizeName(name))
	if err != nil {
		return nil, fmt.Errorf("write processed copy of %s: %w", f.Name, err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("write processed copy of %s: %w", f.Name, err)
	}
	pf := *f
	pf.Path, pf.Name, pf.Size, pf.Temp = tmp.Name(), name, int64(len(data)), true
	return &pf, nil
}

// sanitizeName keeps a spool file name free of path separators and of the
// '*' that os.CreateTemp would treat as the random part.
func sanitizeName(name string) string {
	return strings.NewReplacer("/", "_", "\\", "_", "*", "_").Replace(filepath.Base(name))
}

// fitFile downscales and re-encodes an image until it is at most maxSize.
func fitFile(f *File, dir string, maxSize int64) (*File, string, error) {
	if int64(f.Width)*int64(f.Height) > maxFitPixels {
		return nil, "", invalidf(KindTooBig, "%s: %d×%d is too large to resize here — shrink it yourself or pick a host with a higher limit", f.Name, f.Width, f.Height).keyed("too_large_to_resize")
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return nil, "", fmt.Errorf("fit %s: %w", f.Name, err)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", invalidf(KindInvalid, "%s: cannot decode it to make it smaller (%v) — shrink it yourself or turn off “fit to size”", f.Name, err)
	}
	enc := chooseEncoder(f, img, exifOrientation(data))
	b := img.Bounds()
	out, w, h, err := shrink(img, enc, maxSize)
	if err != nil {
		return nil, "", invalidf(KindTooBig, "%s: still over %s after shrinking it — pick a smaller image or a host with a higher limit", f.Name, FormatSize(maxSize)).keyed("still_too_big")
	}
	pf, err := writeSpool(f, dir, enc.name, out)
	if err != nil {
		return nil, "", err
	}
	pf.Mime, pf.Width, pf.Height = enc.mime, w, h
	note := fmt.Sprintf("resized %d×%d → %d×%d to fit %s", b.Dx(), b.Dy(), w, h, FormatSize(maxSize))
	if w == b.Dx() && h == b.Dy() {
		note = fmt.Sprintf("re-encoded (%s → %s) to fit %s", FormatSize(f.Size), FormatSize(pf.Size), FormatSize(maxSize))
	}
	return pf, note, nil
}

// encoder writes the fitted image in the format chosen for it.
type encoder struct {
	name, mime  string
	orientation int // EXIF orientation to keep in a minimal APP1 (JPEG only)
	jpeg        bool
}

// chooseEncoder keeps JPEG and PNG as they are; WebP and BMP (no encoder
// here) become PNG when they have transparency and JPEG otherwise.
func chooseEncoder(f *File, img image.Image, orientation int) encoder {
	base := strings.TrimSuffix(f.Name, filepath.Ext(f.Name))
	switch {
	case f.Mime == "image/jpeg":
		return encoder{name: f.Name, mime: "image/jpeg", orientation: orientation, jpeg: true}
	case f.Mime == "image/png" || !isOpaque(img):
		return encoder{name: base + ".png", mime: "image/png"}
	default:
		return encoder{name: base + ".jpg", mime: "image/jpeg", jpeg: true}
	}
}

func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// encode writes img at the given JPEG quality (ignored for PNG).
func (enc encoder) encode(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if !enc.jpeg {
		err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
		return buf.Bytes(), err
	}
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return withOrientation(buf.Bytes(), enc.orientation), nil
}

// shrink tries the full size first (a JPEG re-encode is often enough), then
// scales down by the square root of the size ratio, with a margin, until
// the encoded image fits.
func shrink(img image.Image, enc encoder, maxSize int64) ([]byte, int, int, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	cur := img
	for step := 0; step < maxFitSteps; step++ {
		data, err := enc.encode(cur, jpegQuality)
		if err != nil {
			return nil, 0, 0, err
		}
		if int64(len(data)) <= maxSize {
			return data, w, h, nil
		}
		scale := math.Min(0.9, math.Sqrt(float64(maxSize)/float64(len(data)))*0.95)
		nw, nh := int(float64(w)*scale), int(float64(h)*scale)
		if nw < 1 || nh < 1 {
			break
		}
		dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		cur, w, h = dst, nw, nh
	}
	return nil, 0, 0, fmt.Errorf("does not fit in %d bytes", maxSize)
}
