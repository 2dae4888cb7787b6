package uploader

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// noisy is an image that compresses badly, so sizes are predictable.
func noisy(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255 // opaque
	}
	return img
}

// exifAPP1 is an EXIF segment with an orientation and a GPS block.
func exifAPP1(orientation uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(2))
	for _, e := range [][3]uint32{{0x0112, 3, uint32(orientation)}, {0x8825, 4, 38}} { // orientation, GPS IFD
		binary.Write(&tiff, binary.LittleEndian, uint16(e[0]))
		binary.Write(&tiff, binary.LittleEndian, uint16(e[1]))
		binary.Write(&tiff, binary.LittleEndian, uint32(1))
		binary.Write(&tiff, binary.LittleEndian, e[2])
	}
	binary.Write(&tiff, binary.LittleEndian, uint32(0))
	tiff.WriteString("GPS 48.8584N 2.2945E GPSLatitude") // where the photo was taken
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

func jpegWithEXIF(t *testing.T, w, h int, orientation uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, noisy(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, exifAPP1(orientation)...)
	out = append(out, 0xFF, 0xFE, 0x00, 0x0B) // COM segment
	out = append(out, []byte("by Alice\x00")...)
	return append(out, b[2:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

func pngWithText(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, noisy(w, h)); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, b[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Comment\x00GPS 48.85N"))...)
	out = append(out, pngChunk("eXIf", exifAPP1(1)[10:])...)
	return append(out, b[ihdrEnd:]...)
}

func TestStripJPEG(t *testing.T) {
	tests := []struct {
		orientation uint16
		wantOrient  int
	}{{1, 0}, {6, 6}, {8, 8}}
	for _, tt := range tests {
		in := jpegWithEXIF(t, 40, 30, tt.orientation)
		out, err := stripJPEG(in)
		if err != nil {
			t.Fatalf("orientation %d: %v", tt.orientation, err)
		}
		if bytes.Contains(out, []byte("GPS")) || bytes.Contains(out, []byte("Alice")) {
			t.Errorf("orientation %d: GPS or comment survived", tt.orientation)
		}
		if got := exifOrientation(out); got != tt.wantOrient {
			t.Errorf("orientation %d: kept %d, want %d", tt.orientation, got, tt.wantOrient)
		}
		assertSameImage(t, in, out)
	}
}

func TestStripPNG(t *testing.T) {
	in := pngWithText(t, 20, 10)
	out, err := stripPNG(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"tEXt", "eXIf", "GPS"} {
		if bytes.Contains(out, []byte(c)) {
			t.Errorf("%s survived stripping", c)
		}
	}
	assertSameImage(t, in, out)
}

func TestStripWebP(t *testing.T) {
	chunk := func(fourcc string, data []byte) []byte {
		c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	body := []byte("WEBP")
	body = append(body, chunk("VP8X", []byte{0x08 | 0x04 | 0x10, 0, 0, 0, 9, 0, 0, 9, 0, 0})...)
	body = append(body, chunk("VP8L", []byte{0x2f, 1, 2, 3, 4})...)
	body = append(body, chunk("EXIF", []byte("II*\x00GPS"))...)
	body = append(body, chunk("XMP ", []byte("<x:xmpmeta/>"))...)
	in := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	in = append(in, body...)
	out, err := stripWebP(in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("EXIF")) || bytes.Contains(out, []byte("xmpmeta")) {
		t.Error("EXIF or XMP chunk survived")
	}
	if got := int(binary.LittleEndian.Uint32(out[4:])); got != len(out)-8 {
		t.Errorf("RIFF size %d, want %d", got, len(out)-8)
	}
	if flags := out[20]; flags != 0x10 {
		t.Errorf("VP8X flags %#x, want only alpha (0x10) left", flags)
	}
	if !bytes.Contains(out, []byte("VP8L\x05\x00\x00\x00\x2f\x01\x02\x03\x04\x00")) {
		t.Error("image chunk not copied intact")
	}
}

func TestStripDamaged(t *testing.T) {
	tests := []struct {
		name  string
		strip func([]byte) ([]byte, error)
		data  []byte
	}{
		{"jpeg no SOI", stripJPEG, []byte("not a jpeg")},
		{"jpeg cut", stripJPEG, jpegWithEXIF(t, 8, 8, 1)[:40]},
		{"png cut", stripPNG, pngWithText(t, 8, 8)[:30]},
		{"webp bad size", stripWebP, []byte("RIFF\x10\x00\x00\x00WEBPVP8L\xff\xff\x00\x00")},
	}
	for _, tt := range tests {
		if _, err := tt.strip(tt.data); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func FuzzStripJPEG(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9})
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := stripJPEG(b)
		if err == nil && len(out) > len(b)+36 {
			t.Errorf("output grew from %d to %d bytes", len(b), len(out))
		}
	})
}

// assertSameImage decodes both and compares dimensions and pixels.
func assertSameImage(t *testing.T, a, b []byte) {
	t.Helper()
	ia, _, err := image.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("decode original: %v", err)
	}
	ib, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode stripped: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("bounds %v → %v", ia.Bounds(), ib.Bounds())
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if color.NRGBAModel.Convert(ia.At(x, y)) != color.NRGBAModel.Convert(ib.At(x, y)) {
				t.Fatalf("pixel %d,%d changed", x, y)
			}
		}
	}
}

func abs(n int) int { return max(n, -n) }

// capturingUploader keeps a copy of every uploaded file's bytes.
type capturingUploader struct {
	mu    sync.Mutex
	files map[string][]byte // by source
	names map[string]string
}

func (c *capturingUploader) upload(_ context.Context, f *File, _ int) (*Result, error) {
	b, err := os.ReadFile(f.Path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[f.Source], c.names[f.Source] = b, f.Name
	return okResult(f), nil
}

func TestQueueProcessing(t *testing.T) {
	const maxSize = 40_000
	dir := t.TempDir()
	photo := filepath.Join(dir, "photo.jpg")
	os.WriteFile(photo, jpegWithEXIF(t, 64, 48, 6), 0o600)
	big := filepath.Join(dir, "big.png")
	os.WriteFile(big, pngWithText(t, 320, 240), 0o600) // ≈ 300 KB of noise
	sums := map[string][32]byte{}
	for _, p := range []string{photo, big} {
		b, _ := os.ReadFile(p)
		sums[p] = sha256.Sum256(b)
	}
	capt := &capturingUploader{files: map[string][]byte{}, names: map[string]string{}}
	spool := t.TempDir()
	q := newTestQueue(t, &fakeUploader{fn: capt.upload}, func(c *QueueConfig) {
		c.SpoolDir = spool
		c.Resolve = func(string) (Target, error) {
			return Target{Uploader: &fakeUploader{fn: capt.upload}, Host: "h", MaxSize: maxSize, Fit: true, Strip: true}, nil
		}
	})
	ids := q.Add("", Options{}, photo, big)
	waitIdle(t, q)
	got := capt.files[photo]
	if bytes.Contains(got, []byte("GPS")) || exifOrientation(got) != 6 {
		t.Errorf("uploaded photo still has GPS, or lost its orientation (%d)", exifOrientation(got))
	}
	if it, _ := q.Item(ids[0]); !strings.Contains(it.Note, "removed metadata") {
		t.Errorf("photo note %q does not say metadata was removed", it.Note)
	}
	fitted := capt.files[big]
	cfg, format, err := image.DecodeConfig(bytes.NewReader(fitted))
	if err != nil || len(fitted) > maxSize || format != "png" || cfg.Width >= 320 || abs(cfg.Width*3-cfg.Height*4) > 4 {
		t.Errorf("fitted: %d bytes, %s %dx%d, err %v; want ≤ %d bytes, smaller PNG, same aspect",
			len(fitted), format, cfg.Width, cfg.Height, err, maxSize)
	}
	if it, _ := q.Item(ids[1]); !strings.Contains(it.Note, "resized 320×240 → ") || !strings.Contains(it.Note, "to fit 40 KB") {
		t.Errorf("note %q does not say what was done", it.Note)
	}
	for p, sum := range sums {
		if b, _ := os.ReadFile(p); sha256.Sum256(b) != sum {
			t.Errorf("original %s was modified", p)
		}
	}
	if left, _ := os.ReadDir(spool); len(left) != 0 {
		t.Errorf("processed copies left in the spool folder: %v", left)
	}
}

func TestFitFile(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	jpeg.Encode(&buf, noisy(300, 200), &jpeg.Options{Quality: 100})
	src := filepath.Join(dir, "in.jpg")
	os.WriteFile(src, buf.Bytes(), 0o600)
	f := &File{Path: src, Name: "in.jpg", Mime: "image/jpeg", Size: int64(buf.Len()), Width: 300, Height: 200}
	tests := []struct {
		max  int64
		fail bool
		huge bool
	}{{int64(buf.Len()) * 9 / 10, false, false}, {int64(buf.Len()) / 8, false, false}, {200, true, false}, {1000, true, true}}
	for _, tt := range tests {
		in := *f
		if tt.huge {
			in.Width, in.Height = 20000, 10000 // as the header claims: never decoded
		}
		pf, note, err := fitFile(&in, dir, tt.max)
		if tt.fail {
			if KindOf(err) != KindTooBig {
				t.Errorf("max %d: err %v, want KindTooBig", tt.max, err)
			}
			continue
		}
		if err != nil || pf.Size > tt.max || pf.Path == src || note == "" {
			t.Errorf("max %d: %+v %q %v", tt.max, pf, note, err)
			continue
		}
		b, _ := os.ReadFile(pf.Path)
		if c, err := jpeg.DecodeConfig(bytes.NewReader(b)); err != nil || c.Width != pf.Width || int64(len(b)) != pf.Size {
			t.Errorf("max %d: output %v %v does not match File %+v", tt.max, c, err, pf)
		}
		os.Remove(pf.Path)
	}
}
