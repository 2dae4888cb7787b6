package uploader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"strings"
)

// maxPictureBytes caps what Copy image reads or downloads.
const maxPictureBytes = 64 << 20

// PictureSource is where Copy image finds a picture: the local file while
// it is there, else the file's address on the host (a capture's file is
// deleted once it uploads). Name names it in messages.
type PictureSource struct {
	Path string
	URL  string
	Name string
}

// PicturePNG returns the picture as PNG bytes for the clipboard, which
// offers images as image/png: a PNG as it is, another format decoded and
// encoded again. It reads the local file when it exists and downloads the
// URL otherwise (no key or cookie is sent).
func PicturePNG(ctx context.Context, src PictureSource) ([]byte, error) {
	data, err := readPicture(src.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && src.URL != "":
		data, err = downloadPicture(ctx, src.URL)
	case errors.Is(err, fs.ErrNotExist):
		err = fmt.Errorf("%s is no longer on this computer and the host gave no link to it: %w", src.Name, err)
	}
	if err != nil {
		return nil, err
	}
	return asPNG(data, src.Name)
}

// readPicture reads a local picture; fs.ErrNotExist when there is none.
func readPicture(path string) ([]byte, error) {
	if path == "" {
		return nil, fs.ErrNotExist
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPictureBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxPictureBytes {
		return nil, fmt.Errorf("the picture is over %s, too large for the clipboard", FormatSize(maxPictureBytes))
	}
	return data, nil
}

// downloadPicture fetches the picture from the host into a temporary file
// (Fetch checks what it gets is an image), reads it and deletes the file.
func downloadPicture(ctx context.Context, url string) ([]byte, error) {
	f, err := Fetch(ctx, url, "", maxPictureBytes)
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Path)
	return os.ReadFile(f.Path)
}

// asPNG is data as PNG: unchanged when it is one, else decoded (within
// the preview's guard against decompression bombs) and encoded.
func asPNG(data []byte, name string) ([]byte, error) {
	mime, ok := Sniff(data)
	switch {
	case mime == "image/png":
		return data, nil
	case !ok || !strings.HasPrefix(mime, "image/"):
		return nil, fmt.Errorf("%s is not a picture (%s)", name, mime)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		return nil, fmt.Errorf("%s is %s, which cannot be put on the clipboard as a picture — copy its link instead", name, mime)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if w, h := int64(cfg.Width), int64(cfg.Height); w > maxPreviewSide || h > maxPreviewSide || w*h > maxPreviewPixels {
		return nil, fmt.Errorf("%s is %d×%d pixels, too large to copy as a picture — copy its link instead", name, w, h)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf.Bytes(), nil
}
