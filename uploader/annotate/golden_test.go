package annotate

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.png from the renderer's output")

// assertGolden compares img with testdata/NAME.png pixel for pixel. With
// -update it rewrites the file instead; on a mismatch it writes the
// output to testdata/failed/NAME.png for review.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, img)
		return
	}
	want := readPNG(t, path)
	if diff := pixelDiff(want, img); diff != "" {
		failed := filepath.Join("testdata", "failed", name+".png")
		writePNG(t, failed, img)
		t.Errorf("%s: %s (output in %s; rerun with -update if intended)", path, diff, failed)
	}
}

// pixelDiff describes how two images differ, "" when they are the same
// size with the same pixels (compared as non-premultiplied colours).
func pixelDiff(a, b image.Image) string {
	if a.Bounds().Size() != b.Bounds().Size() {
		return fmt.Sprintf("size %v, want %v", b.Bounds().Size(), a.Bounds().Size())
	}
	n, first := 0, ""
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			ca := color.NRGBAModel.Convert(a.At(ab.Min.X+x, ab.Min.Y+y))
			cb := color.NRGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y))
			if ca != cb {
				if n == 0 {
					first = fmt.Sprintf(" (first at %d,%d: %v, want %v)", x, y, cb, ca)
				}
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels differ%s", n, first)
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (create it with go test -update)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// goldenSize is the canvas of the golden scenes: small enough for the
// rasterizer's exact fixed-point path, so the files match on every CPU.
const goldenW, goldenH = 200, 140

// render draws doc over the golden background from scratch.
func render(t *testing.T, doc *Document) image.Image {
	t.Helper()
	return NewScene(doc, screenshot(doc.Size().X, doc.Size().Y), newTestRenderer(t)).Export()
}

func newGoldenDoc(shapes ...Shape) *Document {
	d := NewDocument("golden.png", goldenW, goldenH)
	for _, s := range shapes {
		d.Add(s)
	}
	return d
}

func pts(xy ...float64) []Point {
	out := make([]Point, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, Point{xy[i], xy[i+1]})
	}
	return out
}

// wave is a freehand-looking stroke of n points across the canvas.
func wave(n int, x0, y0, w, amp float64) []Point {
	out := make([]Point, n)
	for i := range out {
		f := float64(i) / float64(n-1)
		out[i] = Point{x0 + f*w, y0 + amp*sinApprox(f*12)}
	}
	return out
}

// sinApprox is a smooth periodic curve (a parabola per half period), so the
// golden geometry does not depend on the math library's last bits.
func sinApprox(x float64) float64 {
	for x >= 4 {
		x -= 4
	}
	if x < 2 {
		return 1 - (x-1)*(x-1)
	}
	return (x-3)*(x-3) - 1
}

func TestGoldenTools(t *testing.T) {
	tests := []struct {
		name   string
		shapes []Shape
		crop   image.Rectangle
	}{
		{"pen", []Shape{{Kind: Pen, Color: 1, Width: 4, Points: wave(40, 20, 70, 160, 30)}}, image.Rectangle{}},
		{"line", []Shape{{Kind: Line, Color: 1, Width: 4, Points: pts(20, 20, 180, 120)}}, image.Rectangle{}},
		{"arrow", []Shape{
			{Kind: Arrow, Color: 1, Width: 4, Points: pts(30, 110, 170, 30)},
			{Kind: Arrow, Color: 5, Width: 2, Points: pts(20, 30, 60, 30)},
			{Kind: Arrow, Color: 4, Width: 4, Points: pts(150, 120, 140, 112)}, // shorter than its head
		}, image.Rectangle{}},
		{"rect", []Shape{
			{Kind: Rect, Color: 1, Width: 4, Points: pts(170, 110, 30, 30)}, // dragged up-left
			{Kind: Rect, Color: 5, Width: 8, Points: pts(60, 60, 66, 64)},   // smaller than its stroke
		}, image.Rectangle{}},
		{"ellipse", []Shape{{Kind: Ellipse, Color: 4, Width: 4, Points: pts(30, 25, 170, 115)}}, image.Rectangle{}},
		{"marker", []Shape{
			{Kind: Marker, Color: 3, Width: 4, Points: pts(20, 44, 180, 44)},
			{Kind: Marker, Color: 3, Width: 4, Points: pts(40, 30, 160, 60)}, // overlaps the first
			{Kind: Marker, Color: 2, Width: 4, Points: append(pts(20, 100, 100, 100), pts(100, 100, 30, 104)...)},
		}, image.Rectangle{}},
		{"text", []Shape{
			{Kind: Text, Color: 1, Width: 4, Text: "Click here", Points: pts(20, 30)},
			{Kind: Text, Color: 7, Width: 2, Text: "two\nlines", Points: pts(30.5, 80.25)},
		}, image.Rectangle{}},
		{"step", []Shape{
			{Kind: Step, Color: 1, Width: 4, Points: pts(40, 40)},
			{Kind: Step, Color: 3, Width: 4, Points: pts(100, 40)},
			{Kind: Step, Color: 8, Width: 4, Points: pts(160, 40)},
			{Kind: Step, Color: 5, Width: 2, Number: 12, Points: pts(70, 100)},
		}, image.Rectangle{}},
		{"redact", []Shape{
			{Kind: Arrow, Color: 1, Width: 4, Points: pts(10, 130, 60, 80)}, // drawn first, still shown over the blocks
			{Kind: Redact, Width: 4, Points: pts(40, 20, 160, 100)},
		}, image.Rectangle{}},
		{"crop", []Shape{{Kind: Rect, Color: 1, Width: 4, Points: pts(60, 40, 140, 100)}}, image.Rect(50, 30, 150, 110)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newGoldenDoc(tt.shapes...)
			if !tt.crop.Empty() {
				d.SetCrop(tt.crop)
			}
			assertGolden(t, "tool_"+tt.name, render(t, d))
		})
	}
}

func TestGoldenColorsAndWidths(t *testing.T) {
	var colors, widths []Shape
	for c := 1; c <= PaletteSize; c++ {
		y := float64(10 + 15*c)
		colors = append(colors, Shape{Kind: Line, Color: c, Width: 6, Points: pts(20, y, 180, y)})
	}
	for i, w := range []float64{1, 2, 3, 4, 6, 10, 16, 24} {
		x := float64(14 + 24*i)
		widths = append(widths, Shape{Kind: Pen, Color: 5, Width: w, Points: pts(x, 20, x+4, 120)})
	}
	assertGolden(t, "colors", render(t, newGoldenDoc(colors...)))
	assertGolden(t, "widths", render(t, newGoldenDoc(widths...)))
}
