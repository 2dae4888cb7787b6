package capture

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// testImage is a w×h image with a different colour in each corner.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 0x80, 0xff})
		}
	}
	return img
}

func decodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

func TestSaveWritesPrivatePNG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "shots")
	src := testImage(37, 21)
	path, err := Save(src, dir, "Screenshot 2026-11-23 10.42.05")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "Screenshot 2026-11-23 10.42.05.png"); path != want {
		t.Errorf("path %q, want %q", path, want)
	}
	got := decodeFile(t, path)
	if got.Bounds() != src.Bounds() {
		t.Fatalf("decoded %v, want %v", got.Bounds(), src.Bounds())
	}
	for _, p := range []image.Point{{0, 0}, {36, 0}, {0, 20}, {36, 20}} {
		if color.RGBAModel.Convert(got.At(p.X, p.Y)) != src.At(p.X, p.Y) {
			t.Errorf("pixel %v: %v, want %v", p, got.At(p.X, p.Y), src.At(p.X, p.Y))
		}
	}
	modes := []struct {
		path string
		want os.FileMode
	}{{path, 0o600}, {dir, 0o700 | os.ModeDir}}
	for _, m := range modes {
		fi, err := os.Stat(m.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != m.want {
			t.Errorf("%s mode %v, want %v", m.path, fi.Mode(), m.want)
		}
	}
}

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 3; i++ {
		p, err := Save(testImage(4+i, 4), dir, "Screenshot 2026-01-02 03.04.05")
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
	}
	want := []string{"Screenshot 2026-01-02 03.04.05.png", "Screenshot 2026-01-02 03.04.05 (2).png", "Screenshot 2026-01-02 03.04.05 (3).png"}
	for i := range want {
		if paths[i] != want[i] {
			t.Fatalf("names %q, want %q", paths, want)
		}
		if w := decodeFile(t, filepath.Join(dir, want[i])).Bounds().Dx(); w != 4+i {
			t.Errorf("%s is %d wide, want %d: overwritten", want[i], w, 4+i)
		}
	}
}

func TestSaveReportsUnwritableFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Save(testImage(2, 2), filepath.Join(file, "sub"), "shot")
	if err == nil {
		t.Fatal("saved under a file")
	}
}
