package annotate

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Renderer turns shapes into antialiased coverage masks and draws them.
// It is the only drawing code: the editor's screen and the exported file
// both come from it, so what the user sees is what uploads.
//
// A Renderer caches the masks it made, by the shape's geometry relative to
// its first point, so that a shape moved by whole pixels (a drag) and the
// unchanged shapes around a change are not drawn again, and a stroke being
// drawn only draws its new piece. It is not safe for concurrent use.
type Renderer struct {
	fonts   *fontSet
	rast    vector.Rasterizer
	cache   map[string]*cacheEntry
	strokes map[int]*cacheEntry // the last drawing of each stroke, by shape id
	tick    uint64
}

type cacheEntry struct {
	layers []maskLayer // relative to the shape's origin
	stroke *strokeCache
	used   uint64
}

// maskLayer is one colour of a shape: coverage masks (tiles, or one mask
// for text) and how to colour them.
type maskLayer struct {
	tiles    []*image.Alpha
	contrast bool  // drawn in the colour that reads on the shape's colour
	alpha    uint8 // opacity, 0xff but for the marker
}

// shapeMasks are a shape's layers placed on the image.
type shapeMasks struct {
	layers []maskLayer // masks with absolute Rects
	origin image.Point
	bounds image.Rectangle
}

// NewRenderer returns a renderer that draws text in the given fonts.
func NewRenderer(f Fonts) (*Renderer, error) {
	fs, err := parseFonts(f)
	if err != nil {
		return nil, err
	}
	return &Renderer{fonts: fs, cache: map[string]*cacheEntry{}, strokes: map[int]*cacheEntry{}}, nil
}

// Bounds is the rectangle of pixels s may change.
func (r *Renderer) Bounds(s Shape) image.Rectangle {
	if s.Kind == Redact {
		return s.RedactRect()
	}
	return r.masks(s).bounds
}

// masks returns s's layers, from the cache when s has the same geometry
// as a shape drawn before, up to a move by whole pixels.
func (r *Renderer) masks(s Shape) shapeMasks {
	origin := shapeOrigin(s)
	rel := relative(s, origin)
	key := maskKey(rel)
	e, ok := r.cache[key]
	if !ok {
		e = r.extend(r.strokes[s.ID], rel)
		if e == nil {
			e = r.draw(rel)
		}
		r.cache[key] = e
	}
	if e.stroke != nil {
		r.strokes[s.ID] = e
	}
	e.used = r.tick
	out := shapeMasks{layers: make([]maskLayer, len(e.layers)), origin: origin}
	for i, l := range e.layers {
		placed := make([]*image.Alpha, len(l.tiles))
		for j, t := range l.tiles {
			m := *t
			m.Rect = m.Rect.Add(origin)
			placed[j] = &m
			out.bounds = out.bounds.Union(m.Rect)
		}
		l.tiles = placed
		out.layers[i] = l
	}
	return out
}

// sweep forgets the masks not used since tick keep.
func (r *Renderer) sweep(keep uint64) {
	for k, e := range r.cache {
		if e.used < keep {
			delete(r.cache, k)
		}
	}
	for id, e := range r.strokes {
		if e.used < keep {
			delete(r.strokes, id)
		}
	}
}

// shapeOrigin is the whole pixel at or above-left of s's first point:
// geometry relative to it is the same after a whole-pixel move, and it
// stays put while a stroke grows.
func shapeOrigin(s Shape) image.Point {
	if len(s.Points) == 0 {
		return image.Point{}
	}
	return image.Pt(int(math.Floor(s.Points[0].X)), int(math.Floor(s.Points[0].Y)))
}

// relative is s with its points relative to origin. Points are multiples
// of 1/64, so the subtraction is exact.
func relative(s Shape, origin image.Point) Shape {
	pts := make([]Point, len(s.Points))
	for i, p := range s.Points {
		pts[i] = p.Add(-float64(origin.X), -float64(origin.Y))
	}
	s.Points = pts
	return s
}

// maskKey identifies a shape's geometry: everything but its colour, id
// and position.
func maskKey(s Shape) string {
	var b strings.Builder
	b.Grow(32 + len(s.Text) + 16*len(s.Points))
	b.WriteString(string(s.Kind))
	b.WriteByte(0)
	b.WriteString(strconv.FormatFloat(s.Width, 'g', -1, 64))
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(s.Number))
	b.WriteByte(0)
	b.WriteString(s.Text)
	b.WriteByte(0)
	var buf [16]byte
	for _, p := range s.Points {
		binary.LittleEndian.PutUint64(buf[:8], math.Float64bits(p.X))
		binary.LittleEndian.PutUint64(buf[8:], math.Float64bits(p.Y))
		b.Write(buf[:])
	}
	return b.String()
}

// draw makes the layers of s (in s's own coordinates).
func (r *Renderer) draw(s Shape) *cacheEntry {
	pts, w := s.Points, s.Width
	if len(pts) == 0 {
		return &cacheEntry{}
	}
	if s.Kind.twoPoint() && len(pts) < 2 {
		pts = []Point{pts[0], pts[0]}
	}
	lo, hi := Shape{Points: pts}.Box()
	var polys []poly
	switch s.Kind {
	case Pen, Marker:
		return r.strokeEntry(s)
	case Line:
		polys = strokePolys(pts[:2], w)
	case Arrow:
		polys = arrowPolys(pts[0], pts[1], w)
	case Rect:
		polys = boxPolys(lo, hi, w)
	case Ellipse:
		polys = ellipseOutline(lo, hi, w)
	case Text:
		return &cacheEntry{layers: r.textLayers(s)}
	case Step:
		return &cacheEntry{layers: r.stepLayers(s)}
	}
	return &cacheEntry{layers: []maskLayer{r.polyLayer(polys, false, 0xff)}}
}

// textLayers is a text shape: its characters in its colour.
func (r *Renderer) textLayers(s Shape) []maskLayer {
	l := r.fonts.layout(r.fonts.regular, textSize(s.Width), s.Text, s.Points[0].X, s.Points[0].Y)
	if l.empty {
		return nil
	}
	m := image.NewAlpha(pixelRect(l.ink))
	l.draw(m)
	return []maskLayer{{tiles: []*image.Alpha{m}, alpha: 0xff}}
}

// stepLayers is a step: a disc in the shape's colour with its number, in
// bold, centred on it in the colour that reads on the disc.
func (r *Renderer) stepLayers(s Shape) []maskLayer {
	c, rad := s.Points[0], stepRadius(s.Width)
	// The disc has a thin ring in the contrasting colour, so that a white
	// step shows on white and a dark one on dark.
	ring := math.Max(1.5, s.Width/3)
	disc := []maskLayer{
		r.polyLayer([]poly{ellipsePoly(c, rad, rad), ellipsePoly(c, rad-ring, rad-ring).wound(false)}, true, 0xff),
		r.polyLayer([]poly{ellipsePoly(c, rad-ring, rad-ring)}, false, 0xff),
	}
	size := rad * 1.15
	if s.Number >= 100 {
		size = rad * 0.8
	} else if s.Number >= 10 {
		size = rad
	}
	num := strconv.Itoa(s.Number)
	l := r.fonts.layout(r.fonts.bold, size, num, 0, 0)
	if l.empty {
		return disc
	}
	// Centre the digits' ink, not their advance box, on the disc.
	inkW, inkH := fixedFloat(l.ink.Max.X-l.ink.Min.X), fixedFloat(l.ink.Max.Y-l.ink.Min.Y)
	x := c.X - inkW/2 - fixedFloat(l.ink.Min.X)
	y := c.Y - inkH/2 - fixedFloat(l.ink.Min.Y)
	l = r.fonts.layout(r.fonts.bold, size, num, math.Round(x*64)/64, math.Round(y*64)/64)
	m := image.NewAlpha(pixelRect(l.ink))
	l.draw(m)
	return append(disc, maskLayer{tiles: []*image.Alpha{m}, contrast: true, alpha: 0xff})
}

func fixedFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

// composite draws m onto dst within clip, in colour c.
func (m shapeMasks) composite(dst *image.RGBA, clip image.Rectangle, c color.NRGBA) {
	for _, l := range m.layers {
		col := c
		if l.contrast {
			col = color.NRGBA{0xff, 0xff, 0xff, 0xff}
			if light(c) {
				col = color.NRGBA{0x21, 0x21, 0x21, 0xff}
			}
		}
		col.A = uint8(uint32(col.A) * uint32(l.alpha) / 0xff)
		src := image.NewUniform(col)
		for _, t := range l.tiles {
			if r := t.Rect.Intersect(clip); !r.Empty() {
				draw.DrawMask(dst, r, src, image.Point{}, t, r.Min, draw.Over)
			}
		}
	}
}
