package annotate

import (
	"bytes"
	"image"
	"image/draw"
	"math/rand/v2"
	"testing"
)

// randomShape is a shape of any kind somewhere on a w×h image.
func randomShape(rng *rand.Rand, w, h int) Shape {
	kinds := Kinds()
	k := kinds[rng.IntN(len(kinds))]
	p := func() Point { return Pt(rng.Float64()*float64(w), rng.Float64()*float64(h)) }
	s := Shape{Kind: k, Color: 1 + rng.IntN(PaletteSize), Width: float64(1 + rng.IntN(12))}
	switch k {
	case Pen, Marker:
		s.Points = []Point{p()}
		for range rng.IntN(20) {
			last := s.Points[len(s.Points)-1]
			s.Points = append(s.Points, Pt(last.X+rng.Float64()*30-15, last.Y+rng.Float64()*30-15))
		}
	case Text:
		s.Points, s.Text = []Point{p()}, []string{"a", "Hello", "two\nlines", "é ß"}[rng.IntN(4)]
	case Step:
		s.Points = []Point{p()}
	default:
		s.Points = []Point{p(), p()}
	}
	return s
}

// TestOutsideUntouched: every pixel that no shape's mask covers and no
// redaction contains is exported exactly as the source had it.
func TestOutsideUntouched(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := newTestRenderer(t)
	for round := range 20 {
		src := noise(300, 200, uint32(round))
		d := NewDocument("n.png", 300, 200)
		for range 1 + rng.IntN(6) {
			d.Add(randomShape(rng, 300, 200))
		}
		out := NewScene(d, src, r).Export().(*image.RGBA)
		covered := image.NewAlpha(src.Rect)
		for _, s := range d.Shapes() {
			if s.Kind == Redact {
				draw.Draw(covered, s.RedactRect(), image.Opaque, image.Point{}, draw.Src)
				continue
			}
			for _, l := range r.masks(s).layers {
				for _, m := range l.tiles {
					draw.DrawMask(covered, m.Rect, image.Opaque, image.Point{}, m, m.Rect.Min, draw.Over)
				}
			}
		}
		changed, untouched := 0, 0
		for y := range 200 {
			for x := range 300 {
				i := out.PixOffset(x, y)
				same := bytes.Equal(out.Pix[i:i+4], src.Pix[i:i+4])
				if covered.AlphaAt(x, y).A == 0 {
					untouched++
					if !same {
						t.Fatalf("round %d: pixel %d,%d changed though nothing was drawn there (%v)", round, x, y, d.Shapes())
					}
				} else if !same {
					changed++
				}
			}
		}
		if changed == 0 || untouched == 0 {
			t.Fatalf("round %d: %d changed, %d untouched pixels: the check checked nothing", round, changed, untouched)
		}
	}
}

// TestIncrementalMatchesFresh: after any sequence of operations, undos and
// redos, the frame the scene keeps up to date by redrawing only what
// changed is the frame drawn from scratch, pixel for pixel.
func TestIncrementalMatchesFresh(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	r := newTestRenderer(t)
	src := noise(320, 240, 9)
	d := NewDocument("n.png", 320, 240)
	live := NewScene(d, src, r)
	for step := range 300 {
		shapes := d.Shapes()
		pick := func() int { return shapes[rng.IntN(len(shapes))].ID }
		switch n := rng.IntN(10); {
		case n < 3 || len(shapes) == 0:
			d.Add(randomShape(rng, 320, 240))
		case n == 3:
			d.Move(pick(), float64(rng.IntN(41)-20), float64(rng.IntN(41)-20))
		case n == 4:
			d.Resize(pick(), rng.IntN(4), Pt(rng.Float64()*320, rng.Float64()*240))
		case n == 5:
			d.Delete(pick())
		case n == 6:
			d.Recolor(pick(), 1+rng.IntN(PaletteSize))
		case n == 7:
			d.Undo()
		case n == 8:
			d.Redo()
		default:
			d.SetCrop(image.Rect(rng.IntN(100), rng.IntN(100), 150+rng.IntN(170), 120+rng.IntN(120)))
		}
		live.Update()
		if step%10 != 9 {
			continue
		}
		fresh := NewScene(d, src, newTestRenderer(t))
		if diff := pixelDiff(fresh.Frame(), live.Frame()); diff != "" {
			t.Fatalf("step %d: live frame differs from a fresh one: %s", step, diff)
		}
		if diff := pixelDiff(fresh.Export(), live.Export()); diff != "" {
			t.Fatalf("step %d: exports differ: %s", step, diff)
		}
	}
}

// TestUpdateRedrawsOnlyWhatChanged: moving a small shape on a big image
// reports a small dirty area, and an Update with no change reports none.
func TestUpdateRedrawsOnlyWhatChanged(t *testing.T) {
	d := NewDocument("n.png", 2560, 1440)
	s := NewScene(d, screenshot(2560, 1440), newTestRenderer(t))
	d.Add(Shape{Kind: Rect, Color: 1, Width: 4, Points: pts(100, 100, 300, 200)})
	d.Add(Shape{Kind: Arrow, Color: 1, Width: 4, Points: pts(1000, 1000, 1200, 900)})
	s.Update()
	if got := s.Update(); len(got) != 0 {
		t.Errorf("an update without change redrew %v", got)
	}
	d.Move(1, 5, 3)
	area := 0
	for _, r := range s.Update() {
		area += r.Dx() * r.Dy()
	}
	if area == 0 || area > 2*220*120 {
		t.Errorf("moving a 200×100 box redrew %d pixels", area)
	}
}

// TestCropExportsCropOnly: the export is the crop's part of the frame.
func TestCropExportsCropOnly(t *testing.T) {
	d := NewDocument("n.png", 200, 100)
	d.Add(Shape{Kind: Line, Color: 1, Width: 4, Points: pts(0, 0, 200, 100)})
	d.SetCrop(image.Rect(150, 80, 30, 20)) // any two corners
	s := NewScene(d, noise(200, 100, 1), newTestRenderer(t))
	out := s.Export()
	if got := out.Bounds(); got != image.Rect(0, 0, 120, 60) {
		t.Fatalf("export bounds %v, want 120×60 at the origin", got)
	}
	if diff := pixelDiff(s.Frame().SubImage(image.Rect(30, 20, 150, 80)), out); diff != "" {
		t.Error(diff)
	}
	d.SetCrop(image.Rect(0, 0, 200, 100))
	if d.Cropped() {
		t.Error("a crop of the whole image is kept as a crop")
	}
}

// TestTranslucentSourceKept: on a source with translucent pixels the ones
// nothing was drawn on export with their exact colour.
func TestTranslucentSourceKept(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 64, 32))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 7)
	}
	d := NewDocument("t.png", 64, 32)
	d.Add(Shape{Kind: Line, Color: 1, Width: 4, Points: pts(40, 0, 40, 32)})
	out, ok := NewScene(d, src, newTestRenderer(t)).Export().(*image.NRGBA)
	if !ok {
		t.Fatal("a translucent source did not export as NRGBA")
	}
	for y := range 32 {
		for x := range 30 {
			if out.NRGBAAt(x, y) != src.NRGBAAt(x, y) {
				t.Fatalf("pixel %d,%d = %v, want the source's %v", x, y, out.NRGBAAt(x, y), src.NRGBAAt(x, y))
			}
		}
	}
}
