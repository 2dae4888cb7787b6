//go:build ignore

// Icons writes the app icon in the hicolor theme's sizes for .ci/package.sh:
//
//	go run .ci/icons.go -src assets/icon.png -out DIR -name ID 512 256 128 64 48
//
// gives DIR/hicolor/NxN/apps/ID.png for each size. It scales in Go (Catmull-Rom,
// golang.org/x/image is already a dependency of Fyne) so packaging needs no
// ImageMagick; the size that matches the source is copied byte for byte.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/image/draw"
)

func main() {
	src := flag.String("src", "assets/icon.png", "square PNG to scale")
	out := flag.String("out", "", "directory that receives hicolor/NxN/apps/NAME.png")
	name := flag.String("name", "", "icon name, without .png")
	flag.Parse()
	if err := run(*src, *out, *name, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func run(src, out, name string, sizes []string) error {
	if out == "" || name == "" || len(sizes) == 0 {
		return fmt.Errorf("usage: go run .ci/icons.go -src PNG -out DIR -name NAME SIZE…")
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read the icon: %w", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("decode %s: %w", src, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		return fmt.Errorf("%s is %d×%d: the icon must be square", src, b.Dx(), b.Dy())
	}
	for _, s := range sizes {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > b.Dx() {
			return fmt.Errorf("size %q: want a number from 1 to %d (the source is not scaled up)", s, b.Dx())
		}
		if err := write(filepath.Join(out, "hicolor", s+"x"+s, "apps", name+".png"), raw, img, n); err != nil {
			return err
		}
	}
	return nil
}

// write stores img scaled to n×n, or raw itself when it is that size already.
func write(path string, raw []byte, img image.Image, n int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if img.Bounds().Dx() != n {
		dst := image.NewRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, dst); err != nil {
			return fmt.Errorf("encode %s: %w", path, err)
		}
		raw = buf.Bytes()
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
