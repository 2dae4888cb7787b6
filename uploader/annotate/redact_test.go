package annotate

import (
	"bytes"
	"image"
	"image/draw"
	"testing"
)

func redactedExport(t *testing.T, src *image.RGBA, r image.Rectangle) *image.RGBA {
	t.Helper()
	b := src.Bounds()
	d := NewDocument("s.png", b.Dx(), b.Dy())
	d.Add(Shape{Kind: Redact, Points: []Point{{float64(r.Min.X), float64(r.Min.Y)}, {float64(r.Max.X), float64(r.Max.Y)}}})
	return NewScene(d, src, newTestRenderer(t)).Export().(*image.RGBA)
}

// TestRedactionCells: cells are at least MinCell pixels on each side,
// cover the rectangle and are coarser on big areas.
func TestRedactionCells(t *testing.T) {
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, 12, 12), image.Rect(3, 5, 100, 30), image.Rect(0, 0, 37, 25),
		image.Rect(10, 10, 1000, 700), image.Rect(0, 0, 13, 500),
	} {
		xs, ys := cells(r)
		if xs[0] != r.Min.X || xs[len(xs)-1] != r.Max.X || ys[0] != r.Min.Y || ys[len(ys)-1] != r.Max.Y {
			t.Errorf("%v: cells %v × %v do not span it", r, xs, ys)
		}
		for _, e := range [][]int{xs, ys} {
			for i := 1; i < len(e); i++ {
				if e[i]-e[i-1] < MinCell {
					t.Errorf("%v: a cell of %d px (%v)", r, e[i]-e[i-1], e)
				}
			}
		}
	}
	if xs, _ := cells(image.Rect(0, 0, 1200, 600)); len(xs)-1 > 12 {
		t.Errorf("a 1200×600 redaction has %d columns: too fine", len(xs)-1)
	}
}

// TestRedactionDestroysOriginal: inside the rectangle no pixel keeps its
// source value unless its whole cell was one colour; each cell is one
// colour, its cell's average; outside nothing changes.
func TestRedactionDestroysOriginal(t *testing.T) {
	src := noise(200, 150, 5)
	// One uniform cell's worth of area: a flat patch keeps its colour.
	draw.Draw(src, image.Rect(20, 20, 60, 60), image.NewUniform(src.At(0, 0)), image.Point{}, draw.Src)
	r := image.Rect(20, 20, 170, 120)
	out := redactedExport(t, src, r)
	xs, ys := cells(r)
	for j := 1; j < len(ys); j++ {
		for i := 1; i < len(xs); i++ {
			cell := image.Rect(xs[i-1], ys[j-1], xs[i], ys[j])
			avg := average(src, cell)
			uniform := isUniform(src, cell)
			for y := cell.Min.Y; y < cell.Max.Y; y++ {
				for x := cell.Min.X; x < cell.Max.X; x++ {
					o := out.Pix[out.PixOffset(x, y):][:4]
					if !bytes.Equal(o, avg[:]) {
						t.Fatalf("pixel %d,%d = %v, want its cell's average %v", x, y, o, avg)
					}
					if !uniform && bytes.Equal(o, src.Pix[src.PixOffset(x, y):][:4]) {
						t.Errorf("pixel %d,%d kept its source value in a mixed cell", x, y)
					}
				}
			}
		}
	}
	for y := range 150 {
		for x := range 200 {
			if !image.Pt(x, y).In(r) && !bytes.Equal(out.Pix[out.PixOffset(x, y):][:4], src.Pix[src.PixOffset(x, y):][:4]) {
				t.Fatalf("pixel %d,%d outside the redaction changed", x, y)
			}
		}
	}
}

func isUniform(img *image.RGBA, r image.Rectangle) bool {
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):][:4]
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !bytes.Equal(img.Pix[img.PixOffset(x, y):][:4], first) {
				return false
			}
		}
	}
	return true
}

// TestRedactionIrreversible: the output depends on the cell averages only:
// two different sources with the same averages redact to the same file,
// and redacting the output again gives it back unchanged, so nothing in it
// leads back to the original pixels.
func TestRedactionIrreversible(t *testing.T) {
	r := image.Rect(10, 10, 130, 82)
	a := noise(140, 90, 1)
	b := image.NewRGBA(a.Rect)
	copy(b.Pix, a.Pix)
	// Swap pixel pairs inside each cell of b: same averages, other pixels.
	xs, ys := cells(r)
	for j := 1; j < len(ys); j++ {
		for i := 1; i < len(xs); i++ {
			for y := ys[j-1]; y < ys[j]; y++ {
				for x := xs[i-1]; x+1 < xs[i]; x += 2 {
					p, q := b.PixOffset(x, y), b.PixOffset(x+1, y)
					for c := range 4 {
						b.Pix[p+c], b.Pix[q+c] = b.Pix[q+c], b.Pix[p+c]
					}
				}
			}
		}
	}
	if bytes.Equal(a.Pix, b.Pix) {
		t.Fatal("the two sources are the same: the test proves nothing")
	}
	outA, outB := redactedExport(t, a, r), redactedExport(t, b, r)
	if !bytes.Equal(outA.Pix, outB.Pix) {
		t.Error("two sources with the same cell averages redacted differently: the output carries more than the averages")
	}
	again := redactedExport(t, outA, r)
	if !bytes.Equal(again.Pix, outA.Pix) {
		t.Error("redacting the redacted image changed it")
	}
}
