// Package annotate is Upshot's image editor core, in pure Go: the document
// (a source image and the shapes drawn on it, with undo and redo), the one
// renderer that draws it both for the screen and for the exported file, the
// redaction that leaves nothing of the pixels it covers, and the document's
// crash-safe autosave beside the capture.
//
// Coordinates are image pixels, with (0, 0) the top-left corner of the
// source image; the exported file keeps the source's native pixel size.
package annotate

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// Kind is what a shape is; it is also the name saved in the document.
type Kind string

// The kinds of shape. Crop is not a shape: it is the document's crop
// rectangle (Document.SetCrop).
const (
	Pen     Kind = "pen"     // freehand stroke through Points
	Line    Kind = "line"    // from Points[0] to Points[1]
	Arrow   Kind = "arrow"   // from Points[0], head at Points[1] (the end of the drag)
	Rect    Kind = "rect"    // outline of the rectangle spanned by Points[0] and Points[1]
	Ellipse Kind = "ellipse" // outline of the ellipse inscribed in that rectangle
	Marker  Kind = "marker"  // translucent highlighter stroke through Points
	Text    Kind = "text"    // Text, its first line's top-left corner at Points[0]
	Step    Kind = "step"    // a numbered circle centred on Points[0]
	Redact  Kind = "redact"  // the rectangle spanned by Points[0] and Points[1], pixelated
)

// Kinds lists every kind, in toolbar order.
func Kinds() []Kind { return []Kind{Pen, Line, Arrow, Rect, Ellipse, Marker, Text, Step, Redact} }

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// twoPoint kinds are drawn between a press point and a release point.
func (k Kind) twoPoint() bool {
	switch k {
	case Line, Arrow, Rect, Ellipse, Redact:
		return true
	}
	return false
}

// boxed kinds are rectangles: their handles are the four corners.
func (k Kind) boxed() bool { return k == Rect || k == Ellipse || k == Redact }

// Point is a position in image pixels. Positions are kept to 1/64 pixel
// (Snap) so that moving a shape by whole pixels moves every point exactly,
// and the renderer can reuse what it drew.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Pt returns the snapped point (x, y).
func Pt(x, y float64) Point { return Point{x, y}.Snap() }

// Snap rounds p to 1/64 pixel.
func (p Point) Snap() Point {
	return Point{math.Round(p.X*64) / 64, math.Round(p.Y*64) / 64}
}

// Add returns p moved by (dx, dy).
func (p Point) Add(dx, dy float64) Point { return Point{p.X + dx, p.Y + dy} }

func (p Point) sub(q Point) Point        { return Point{p.X - q.X, p.Y - q.Y} }
func (p Point) scale(f float64) Point    { return Point{p.X * f, p.Y * f} }
func (p Point) plus(q Point) Point       { return Point{p.X + q.X, p.Y + q.Y} }
func (p Point) length() float64          { return math.Hypot(p.X, p.Y) }
func (p Point) dist(q Point) float64     { return p.sub(q).length() }
func (p Point) perp() Point              { return Point{-p.Y, p.X} }
func (p Point) dot(q Point) float64      { return p.X*q.X + p.Y*q.Y }
func (p Point) unit() Point              { return p.scale(1 / math.Max(p.length(), 1e-9)) }
func lerpPt(a, b Point, t float64) Point { return a.plus(b.sub(a).scale(t)) }

// Shape is one thing drawn on the image. Shapes are values: the document
// never changes a shape's Points in place, so a copy stays what it was.
type Shape struct {
	ID     int     `json:"id"`
	Kind   Kind    `json:"kind"`
	Color  int     `json:"color"` // palette index, 1–8 (PaletteSize)
	Width  float64 `json:"width"` // stroke width in pixels; text and steps scale with it
	Points []Point `json:"points"`
	Text   string  `json:"text,omitempty"`   // Text shapes
	Number int     `json:"number,omitempty"` // Step shapes

	rev uint64 // the document's revision of this value; the scene redraws on change
}

// Width limits and the default, in pixels.
const (
	MinWidth     = 1
	MaxWidth     = 40
	DefaultWidth = 4
)

// ClampWidth keeps a stroke width within MinWidth and MaxWidth.
func ClampWidth(w float64) float64 { return math.Max(MinWidth, math.Min(w, MaxWidth)) }

// Moved returns s moved by (dx, dy) pixels.
func (s Shape) Moved(dx, dy float64) Shape {
	pts := make([]Point, len(s.Points))
	for i, p := range s.Points {
		pts[i] = p.Add(dx, dy).Snap()
	}
	s.Points = pts
	return s
}

// Box is the rectangle a two-point shape spans, with Min ≤ Max.
func (s Shape) Box() (lo, hi Point) {
	if len(s.Points) == 0 {
		return Point{}, Point{}
	}
	lo, hi = s.Points[0], s.Points[0]
	for _, p := range s.Points[1:] {
		lo = Point{math.Min(lo.X, p.X), math.Min(lo.Y, p.Y)}
		hi = Point{math.Max(hi.X, p.X), math.Max(hi.Y, p.Y)}
	}
	return lo, hi
}

// Handles are the points the select tool drags to resize s: the two ends
// of a line or arrow, the four corners of a box or of a stroke's extent.
// Text and steps have none: their size follows the width ([ and ]).
func (s Shape) Handles() []Point {
	switch {
	case s.Kind == Line || s.Kind == Arrow:
		return slices.Clone(s.Points[:2])
	case s.Kind.boxed() || s.Kind == Pen || s.Kind == Marker:
		lo, hi := s.Box()
		return []Point{lo, {hi.X, lo.Y}, hi, {lo.X, hi.Y}}
	}
	return nil
}

// Resized returns s with handle h (an index into Handles) dragged to p: a
// line's end moves; a box's corner moves with the opposite one fixed; a
// stroke's points scale with its extent.
func (s Shape) Resized(h int, p Point) Shape {
	hs := s.Handles()
	if h < 0 || h >= len(hs) {
		return s
	}
	p = p.Snap()
	switch {
	case s.Kind == Line || s.Kind == Arrow:
		s.Points = slices.Clone(s.Points)
		s.Points[h] = p
	case s.Kind.boxed():
		s.Points = []Point{hs[(h+2)%4], p}
	default:
		s.Points = scalePoints(s.Points, hs[(h+2)%4], hs[h], p)
	}
	return s
}

// scalePoints maps pts so that fixed stays and from lands on to.
func scalePoints(pts []Point, fixed, from, to Point) []Point {
	fx, fy := 1.0, 1.0
	if d := from.X - fixed.X; d != 0 {
		fx = (to.X - fixed.X) / d
	}
	if d := from.Y - fixed.Y; d != 0 {
		fy = (to.Y - fixed.Y) / d
	}
	out := make([]Point, len(pts))
	for i, q := range pts {
		out[i] = Point{fixed.X + (q.X-fixed.X)*fx, fixed.Y + (q.Y-fixed.Y)*fy}.Snap()
	}
	return out
}

// rectOf is the pixel rectangle a redaction (or a crop) covers: the pixels
// whose centres lie between its two points.
func rectOf(a, b Point) image.Rectangle {
	r := image.Rect(int(math.Round(a.X)), int(math.Round(a.Y)), int(math.Round(b.X)), int(math.Round(b.Y)))
	return r.Canon()
}

// RedactRect is the pixel rectangle a Redact shape pixelates.
func (s Shape) RedactRect() image.Rectangle {
	if len(s.Points) < 2 {
		return image.Rectangle{}
	}
	return rectOf(s.Points[0], s.Points[1])
}

// PaletteSize is the number of colours keys 1–8 choose from.
const PaletteSize = 8

// palette is the colour of each index; 1 (red) is the default.
var palette = [PaletteSize + 1]color.NRGBA{
	{0xe5, 0x39, 0x35, 0xff}, // 0: unused, shown as red
	{0xe5, 0x39, 0x35, 0xff}, // 1 red
	{0xfb, 0x8c, 0x00, 0xff}, // 2 orange
	{0xfd, 0xd8, 0x35, 0xff}, // 3 yellow
	{0x43, 0xa0, 0x47, 0xff}, // 4 green
	{0x1e, 0x88, 0xe5, 0xff}, // 5 blue
	{0x8e, 0x24, 0xaa, 0xff}, // 6 purple
	{0x21, 0x21, 0x21, 0xff}, // 7 black
	{0xff, 0xff, 0xff, 0xff}, // 8 white
}

// PaletteColor is colour i (1–8) of the palette; other values give red.
func PaletteColor(i int) color.NRGBA {
	if i < 1 || i > PaletteSize {
		i = 1
	}
	return palette[i]
}

// light reports whether dark text reads better on c than white text.
func light(c color.NRGBA) bool {
	return 0.299*float64(c.R)+0.587*float64(c.G)+0.114*float64(c.B) > 170
}
