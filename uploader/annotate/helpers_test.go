package annotate

import (
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// testFonts are the Go fonts: deterministic and always at hand.
func testFonts() Fonts { return Fonts{Regular: goregular.TTF, Bold: gobold.TTF} }

func newTestRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := NewRenderer(testFonts())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// screenshot is a w×h picture that looks like a light window: a title bar,
// text-like lines and a coloured button, deterministic.
func screenshot(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0xf4, 0xf5, 0xf7, 0xff}
			switch {
			case y < 24:
				c = color.RGBA{0x3a, 0x3f, 0x4b, 0xff}
			case y%18 >= 6 && y%18 < 12 && x%120 > 8 && x%120 < 20+(y*7+x/120*13)%90:
				c = color.RGBA{0x30, 0x33, 0x38, 0xff}
			case x > w*2/3 && x < w*2/3+60 && y > h-40 && y < h-16:
				c = color.RGBA{0x25, 0x63, 0xeb, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// noise is a w×h opaque image of deterministic pseudo-random pixels.
func noise(w, h int, seed uint32) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	s := seed*2654435761 + 1
	for i := 0; i < len(img.Pix); i += 4 {
		for c := range 3 {
			s ^= s << 13
			s ^= s >> 17
			s ^= s << 5
			img.Pix[i+c] = uint8(s >> 24)
		}
		img.Pix[i+3] = 0xff
	}
	return img
}
