package ui

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
)

// noise is a w×h picture of random opaque and translucent pixels
// (premultiplied), deterministic.
func noise(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		a := uint8(255)
		if r.IntN(4) == 0 {
			a = uint8(r.IntN(256))
		}
		img.Pix[i+3] = a
		for c := range 3 {
			img.Pix[i+c] = uint8(r.IntN(int(a) + 1))
		}
	}
	return img
}

// TestReduceTileAverages: each reduced pixel is the rounded average of
// the box of image pixels it shows; a uniform picture stays uniform.
func TestReduceTileAverages(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4, 2))
	// left box: black and white 2×2 → mid grey; right box: all red
	for y := range 2 {
		src.SetRGBA(0, y, color.RGBA{0, 0, 0, 255})
		src.SetRGBA(1, y, color.RGBA{255, 255, 255, 255})
		src.SetRGBA(2, y, color.RGBA{200, 0, 0, 255})
		src.SetRGBA(3, y, color.RGBA{200, 0, 0, 255})
	}
	dst := image.NewRGBA(image.Rect(0, 0, 2, 1))
	reduceTile(dst, src, src.Rect, src.Rect)
	if got, want := dst.RGBAAt(0, 0), (color.RGBA{128, 128, 128, 255}); got != want {
		t.Errorf("black and white reduced to %v, want %v", got, want)
	}
	if got, want := dst.RGBAAt(1, 0), (color.RGBA{200, 0, 0, 255}); got != want {
		t.Errorf("red reduced to %v, want %v", got, want)
	}
}

// TestReduceTileDirtyMatchesFull: after pixels change, redrawing only the
// changed rectangle gives the tile a full reduction would — for tiles not
// at the frame's corner, at shrink factors that do and do not divide.
func TestReduceTileDirtyMatchesFull(t *testing.T) {
	frame := noise(700, 500, 1)
	tile := image.Rect(256, 256, 512, 500)
	for _, size := range []image.Point{{166, 158}, {128, 122}, {255, 243}, {37, 29}, {1, 1}} {
		inc := image.NewRGBA(image.Rectangle{Max: size})
		reduceTile(inc, frame, tile, tile)
		changed := noise(700, 500, 2)
		for _, d := range []image.Rectangle{image.Rect(300, 300, 301, 301), image.Rect(250, 250, 270, 262), image.Rect(400, 480, 600, 520), image.Rect(511, 256, 512, 499)} {
			d = d.Intersect(tile)
			for y := d.Min.Y; y < d.Max.Y; y++ {
				copy(frame.Pix[frame.PixOffset(d.Min.X, y):frame.PixOffset(d.Max.X, y)], changed.Pix[changed.PixOffset(d.Min.X, y):changed.PixOffset(d.Max.X, y)])
			}
			reduceTile(inc, frame, tile, d)
			full := image.NewRGBA(image.Rectangle{Max: size})
			reduceTile(full, frame, tile, tile)
			for i := range full.Pix {
				if inc.Pix[i] != full.Pix[i] {
					x, y := (i%full.Stride)/4, i/full.Stride
					t.Fatalf("size %v, after %v changed: pixel (%d,%d) is %v, a full reduction gives %v", size, d, x, y, inc.RGBAAt(x, y), full.RGBAAt(x, y))
				}
			}
		}
	}
}

// TestEditorFittedTilesAreScreenSized: a capture larger than the window
// is shown through tiles reduced to the screen pixels they cover (drawn
// 1:1), whose sizes add up to the picture's size on screen; at 100%
// (Ctrl+0) they hold the image's own pixels again.
func TestEditorFittedTilesAreScreenSized(t *testing.T) {
	env := newEditorEnv(t, "en", 2560, 1440, fyne.NewSize(1300, 800))
	v := env.e.view
	if v.zoom >= 1 {
		t.Fatalf("zoom %v: the capture should be fitted", v.zoom)
	}
	var width int
	for _, tl := range v.tiles {
		x0, y0 := v.toScreen(tl.rect.Min)
		x1, y1 := v.toScreen(tl.rect.Max)
		if got, want := tl.img.Rect.Size(), image.Pt(int(x1-x0), int(y1-y0)); got != want {
			t.Fatalf("tile %v holds %v pixels, shown on %v", tl.rect, got, want)
		}
		if tl.rect.Min.Y == 0 {
			width += tl.img.Rect.Dx()
		}
	}
	x0, _ := v.toScreen(v.region.Min)
	x1, _ := v.toScreen(v.region.Max)
	if width != int(x1-x0) {
		t.Errorf("the top row of tiles is %d pixels wide, the picture %v", width, x1-x0)
	}
	env.shortcut(fyne.Key0, fyne.KeyModifierControl)
	for _, tl := range v.tiles {
		if tl.img.Rect.Size() != tl.rect.Size() {
			t.Fatalf("at 100%% tile %v holds %v pixels", tl.rect, tl.img.Rect.Size())
		}
	}
	if n := framePixelsChanged(env); n != 0 {
		t.Errorf("at 100%% %d pixels differ from the capture", n)
	}
}
