package uploader

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
)

// pngHeader is a PNG signature and an IHDR chunk claiming w×h, with no
// pixel data at all: the shape of a decompression bomb's header.
func pngHeader(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr[:]...)
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&out, binary.BigEndian, uint32(len(ihdr)))
	out.Write(chunk)
	binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return out.Bytes()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestThumbnailRefusesHugeHeaders(t *testing.T) {
	tests := []struct {
		name string
		w, h uint32
		want string
	}{
		{"square bomb", 30000, 30000, "bomb.png is 30000×30000 pixels, too large to preview"},
		{"long side", 20001, 10, "bomb.png is 20001×10 pixels, too large to preview"},
		{"too many pixels", 10000, 5001, "bomb.png is 10000×5001 pixels, too large to preview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bomb.png", pngHeader(tt.w, tt.h))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Thumbnail(path, 128)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			// Decoding would allocate w×h×4 bytes (gigabytes); the guard
			// reads a few kilobytes of header.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
				t.Errorf("refusing the header allocated %d bytes", grew)
			}
		})
	}
}

func testImage(w, h int, alpha uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 200, alpha})
		}
	}
	return img
}

func encoded(t *testing.T, format string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	case "bmp":
		err = bmp.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestThumbnailScales(t *testing.T) {
	tests := []struct {
		format       string
		w, h, max    int
		wantW, wantH int
	}{
		{"png", 300, 150, 100, 100, 50},
		{"jpg", 150, 300, 100, 50, 100},
		{"gif", 64, 48, 128, 64, 48}, // already small: unchanged
		{"bmp", 200, 200, 128, 128, 128},
		{"png", 1000, 2, 100, 100, 1}, // never a zero side
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			path := writeFile(t, "img."+tt.format, encoded(t, tt.format, testImage(tt.w, tt.h, 255)))
			img, err := Thumbnail(path, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH {
				t.Errorf("got %d×%d, want %d×%d", b.Dx(), b.Dy(), tt.wantW, tt.wantH)
			}
		})
	}
}

func TestThumbnailErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		max        int
		want       string
	}{
		{"not an image", "notes.txt", []byte("hello, world"), 128, "notes.txt: not an image"},
		{"truncated", "cut.png", pngHeader(10, 10), 128, "cut.png"},
		{"bad size", "a.png", pngHeader(10, 10), 0, "must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Thumbnail(writeFile(t, tt.file, tt.data), tt.max)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := Thumbnail(filepath.Join(t.TempDir(), "missing.png"), 128); err == nil {
		t.Error("missing file accepted")
	}
}

func TestEncodeThumbnail(t *testing.T) {
	tests := []struct {
		name  string
		alpha uint8
		magic string
	}{
		{"opaque is jpeg", 255, "\xff\xd8\xff"},
		{"transparent is png", 100, "\x89PNG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := EncodeThumbnail(testImage(128, 96, tt.alpha))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte(tt.magic)) {
				t.Errorf("starts with % x, want % x", data[:4], tt.magic)
			}
			if len(data) > 64<<10 {
				t.Errorf("a 128×96 preview took %d bytes", len(data))
			}
			back, _, err := image.Decode(bytes.NewReader(data))
			if err != nil || back.Bounds().Dx() != 128 {
				t.Errorf("round trip: %v", err)
			}
		})
	}
	if _, err := EncodeThumbnail(nil); err == nil {
		t.Error("nil image accepted")
	}
}
