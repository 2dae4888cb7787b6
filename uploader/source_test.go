package uploader

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
)

// fxImage is a w×h test picture.
func fxImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 80, 255})
		}
	}
	return img
}

// fxBytes returns a small file of the given format ("png", "jpeg", "gif",
// "bmp", "webp", "avif", "mp4", "mov", "webm", "heic", "mkv", "text").
func fxBytes(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, fxImage(w, h))
	case "jpeg":
		err = jpeg.Encode(&buf, fxImage(w, h), nil)
	case "gif":
		err = gif.Encode(&buf, fxImage(w, h), nil)
	case "bmp":
		err = bmp.Encode(&buf, fxImage(w, h))
	case "webp":
		return fxWebP(w, h)
	case "avif":
		return fxISO("avif", "mif1", w, h)
	case "heic":
		return fxISO("heic", "mif1", w, h)
	case "mp4":
		return fxISO("isom", "iso2", 0, 0)
	case "mov":
		return fxISO("qt  ", "qt  ", 0, 0)
	case "webm", "mkv":
		doc := map[string]string{"webm": "webm", "mkv": "matroska"}[format]
		b := []byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 + byte(len(doc))}
		return append(append(b, doc...), make([]byte, 64)...)
	case "text":
		return []byte("just some notes, not a picture\n")
	default:
		t.Fatalf("fxBytes: unknown format %q", format)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fxWebP is a WebP holding only a VP8X header: enough for DecodeConfig.
func fxWebP(w, h int) []byte {
	chunk := make([]byte, 10)
	putU24 := func(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
	putU24(chunk[4:], w-1)
	putU24(chunk[7:], h-1)
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+len(chunk)))
	b.WriteString("WEBPVP8X")
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(chunk)))
	b.Write(chunk)
	return b.Bytes()
}

// fxISO is an ISO-BMFF file: an ftyp box with the brands and, when w > 0,
// an "ispe" property like AVIF/HEIC carry.
func fxISO(major, compat string, w, h int) []byte {
	var b bytes.Buffer
	box := func(typ string, payload []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(8+len(payload)))
		b.WriteString(typ)
		b.Write(payload)
	}
	box("ftyp", []byte(major+"\x00\x00\x02\x00"+compat+major))
	if w > 0 {
		p := make([]byte, 12)
		binary.BigEndian.PutUint32(p[4:], uint32(w))
		binary.BigEndian.PutUint32(p[8:], uint32(h))
		box("ispe", p)
	}
	box("mdat", make([]byte, 256))
	return b.Bytes()
}

// fxFile writes data to dir/name and returns the path.
func fxFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fxKind asserts err is an *APIError of kind want whose message contains
// every part.
func fxKind(t *testing.T, err error, want Kind, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %v error, got nil", want)
	}
	if k := KindOf(err); k != want {
		t.Fatalf("kind = %v, want %v (err: %v)", k, want, err)
	}
	if strings.Contains(err.Error(), fxKey) {
		t.Errorf("error message contains the API key: %q", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err.Error(), p)
		}
	}
}

func TestInspectAcceptsEveryFormat(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		format, name, mime string
		w, h               int
	}{
		{"png", "a.png", "image/png", 64, 48},
		{"jpeg", "b.jpg", "image/jpeg", 33, 20},
		{"gif", "c.gif", "image/gif", 10, 12},
		{"bmp", "d.bmp", "image/bmp", 7, 5},
		{"webp", "e.webp", "image/webp", 640, 480},
		{"avif", "f.avif", "image/avif", 1920, 1080},
		{"mp4", "g.mp4", "video/mp4", 0, 0},
		{"mov", "h.mov", "video/quicktime", 0, 0},
		{"webm", "i.webm", "video/webm", 0, 0},
		{"png", "misnamed.jpg", "image/png", 3, 3}, // the bytes decide, not the name
		{"jpeg", "noext", "image/jpeg", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := fxBytes(t, tt.format, tt.w, tt.h)
			p := fxFile(t, dir, tt.name, data)
			f, err := Inspect(p, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := File{Path: p, Name: tt.name, Source: p, Size: int64(len(data)), Mime: tt.mime, Width: tt.w, Height: tt.h}
			if *f != want {
				t.Errorf("Inspect = %+v, want %+v", *f, want)
			}
		})
	}
}

func TestInspectRefuses(t *testing.T) {
	dir := t.TempDir()
	text := fxFile(t, dir, "notes.png", fxBytes(t, "text", 0, 0))
	empty := fxFile(t, dir, "empty.jpg", nil)
	heic := fxFile(t, dir, "phone.heic", fxBytes(t, "heic", 8, 8))
	big := fxFile(t, dir, "big.png", fxBytes(t, "png", 64, 64))
	broken := fxFile(t, dir, "broken.png", fxBytes(t, "png", 8, 8)[:20])
	sub := filepath.Join(dir, "folder")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.png")
	if err := os.Symlink(filepath.Join(dir, "gone.png"), dangling); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		max        int64
		kind       Kind
		parts      []string
	}{
		{"text named png", text, 0, KindUnsupported, []string{"notes.png is not an image or video (content looks like text/plain); accepted: JPG PNG BMP GIF WEBP AVIF MOV MP4 WEBM"}},
		{"empty", empty, 0, KindInvalid, []string{"empty.jpg is empty"}},
		{"heic", heic, 0, KindUnsupported, []string{"phone.heic", "image/heic", "accepted: JPG"}},
		{"over the limit", big, 100, KindTooBig, []string{"big.png is", "over the 100 B limit"}},
		{"damaged header", broken, 0, KindInvalid, []string{"broken.png", "damaged"}},
		{"directory", sub, 0, KindInvalid, []string{"folder is a folder"}},
		{"missing", filepath.Join(dir, "nope.png"), 0, KindInvalid, []string{"nope.png does not exist"}},
		{"broken link", dangling, 0, KindInvalid, []string{"dangling.png is a broken link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Inspect(tt.path, tt.max)
			if f != nil {
				t.Errorf("got a file %+v", f)
			}
			fxKind(t, err, tt.kind, tt.parts...)
		})
	}
}

func TestInspectFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	target := fxFile(t, dir, "real.gif", fxBytes(t, "gif", 5, 6))
	link := filepath.Join(dir, "link.gif")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, err := Inspect(link, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != link || f.Name != "link.gif" || f.Mime != "image/gif" || f.Width != 5 {
		t.Errorf("Inspect(link) = %+v", f)
	}
}

// TestInspectUnreadable: without read permission the message says so. As
// root, permissions do not stop reading: then the file must be accepted.
func TestInspectUnreadable(t *testing.T) {
	p := fxFile(t, t.TempDir(), "secret.png", fxBytes(t, "png", 4, 4))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	f, err := Inspect(p, 0)
	if os.Geteuid() == 0 {
		if err != nil || f.Mime != "image/png" {
			t.Fatalf("as root the file is readable: got %v, %v", f, err)
		}
		return
	}
	fxKind(t, err, KindInvalid, "cannot read secret.png: permission denied")
}

// TestPermissionMessages checks the wording root cannot provoke for real.
func TestPermissionMessages(t *testing.T) {
	denied := &fs.PathError{Op: "open", Path: "/x/secret.png", Err: fs.ErrPermission}
	fxKind(t, openError("secret.png", denied), KindInvalid, "cannot read secret.png: permission denied — check the file's permissions")
	fxKind(t, statError("/x/secret.png", "secret.png", denied), KindInvalid, "cannot open secret.png: permission denied")
	if strings.Count(openError("secret.png", denied).Error(), "secret.png") != 1 {
		t.Error("the file is named more than once")
	}
}

func TestSpool(t *testing.T) {
	dir := t.TempDir()
	data := fxBytes(t, "png", 9, 9)
	f, err := Spool(bytes.NewReader(data), "", dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Temp || f.Name != "stdin.png" || f.Size != int64(len(data)) || filepath.Dir(f.Path) != dir {
		t.Errorf("Spool = %+v", f)
	}
	got, _ := os.ReadFile(f.Path)
	if !bytes.Equal(got, data) {
		t.Error("spooled bytes differ")
	}

	_, err = Spool(bytes.NewReader(data), "clip", dir, 10)
	fxKind(t, err, KindTooBig, "clip is over the 10 B limit")
	_, err = Spool(strings.NewReader("hello"), "paste", dir, 0)
	fxKind(t, err, KindUnsupported, "paste is not an image")
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("failed spools left temp files behind: %d entries", len(left))
	}
}

func TestPrepare(t *testing.T) {
	dir := t.TempDir()
	p := fxFile(t, dir, "pic.jpg", fxBytes(t, "jpeg", 8, 8))
	ctx := context.Background()
	tests := []struct {
		source string
		stdin  []byte
		name   string
		temp   bool
	}{
		{p, nil, "pic.jpg", false},
		{"file://" + filepath.ToSlash(p), nil, "pic.jpg", false},
		{"-", fxBytes(t, "gif", 2, 2), "stdin.gif", true},
	}
	for _, tt := range tests {
		f, err := Prepare(ctx, tt.source, dir, 0, bytes.NewReader(tt.stdin))
		if err != nil {
			t.Fatalf("Prepare(%q): %v", tt.source, err)
		}
		if f.Source != tt.source || f.Name != tt.name || f.Temp != tt.temp {
			t.Errorf("Prepare(%q) = %+v", tt.source, f)
		}
	}
	_, err := Prepare(ctx, "-", dir, 0, nil)
	fxKind(t, err, KindInvalid, "standard input")
}

func TestExpand(t *testing.T) {
	root := t.TempDir()
	pics := filepath.Join(root, "pics")
	for _, d := range []string{"pics/sub", "pics/.hidden", "none"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"pics/b.PNG", "pics/a.jpg", "pics/notes.txt", "pics/sub/c.webm", "pics/.hidden/x.png", "none/readme.md"} {
		fxFile(t, root, n, []byte("x"))
	}
	// a symlink loop must not be followed forever
	if err := os.Symlink(pics, filepath.Join(pics, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(root, "pics", "a.jpg")
	out, errs := Expand([]string{"-", pics, single, "https://x/y.png", filepath.Join(root, "none")}, 0)
	want := []string{"-", filepath.Join(pics, "a.jpg"), filepath.Join(pics, "b.PNG"), filepath.Join(pics, "sub", "c.webm"),
		single, "https://x/y.png"}
	if strings.Join(out, "|") != strings.Join(want, "|") {
		t.Errorf("Expand = %q\nwant     %q", out, want)
	}
	if len(errs) != 1 {
		t.Fatalf("errs = %v, want one for the folder without images", errs)
	}
	fxKind(t, errs[0], KindInvalid, "none has no image or video files")

	out, errs = Expand([]string{pics}, 2)
	if len(out) != 2 || len(errs) != 1 {
		t.Fatalf("limited Expand = %q, %v", out, errs)
	}
	fxKind(t, errs[0], KindInvalid, "more than 2 files")
}

func TestInspectErrorsUnwrap(t *testing.T) {
	_, err := Inspect(filepath.Join(t.TempDir(), "x.png"), 0)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Attempts != 0 {
		t.Fatalf("want *APIError without attempts, got %#v", err)
	}
}
