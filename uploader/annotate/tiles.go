package annotate

import (
	"image"
	"maps"
	"math"
	"slices"
)

// tileSize is the side of the squares shapes are rasterized in. Each tile
// is drawn from the polygons that overlap it alone, in the rasterizer's
// exact fixed-point mode (it is under 512 pixels), so a tile depends on
// nothing but those polygons: a stroke that grows redraws only the tiles
// its new piece touches, and the result is the one a fresh drawing of the
// whole stroke gives.
const tileSize = 128

// polySet is the polygons of one layer with the pixel boxes they cover
// and their tiles' coverage, relative to the shape's origin.
type polySet struct {
	polys []poly
	boxes []image.Rectangle
	tiles map[image.Point]*image.Alpha // by tile index; empty tiles absent
}

// strokeCache is what growing a Pen or Marker stroke by more points needs.
type strokeCache struct {
	kind   Kind
	width  float64
	points []Point // relative to the origin
	set    polySet
}

func newPolySet(polys []poly) polySet {
	ps := polySet{tiles: map[image.Point]*image.Alpha{}}
	ps.add(polys)
	return ps
}

// add appends polys and returns the tiles they overlap.
func (ps *polySet) add(polys []poly) map[image.Point]bool {
	touched := map[image.Point]bool{}
	for _, p := range polys {
		lo, hi, ok := polyBounds([]poly{p})
		if !ok {
			continue
		}
		b := image.Rect(int(math.Floor(lo.X)), int(math.Floor(lo.Y)), int(math.Ceil(hi.X)), int(math.Ceil(hi.Y)))
		ps.polys = append(ps.polys, p)
		ps.boxes = append(ps.boxes, b)
		for _, t := range tilesOf(b) {
			touched[t] = true
		}
	}
	return touched
}

// tilesOf lists the indices of the tiles rectangle b overlaps.
func tilesOf(b image.Rectangle) []image.Point {
	if b.Empty() {
		return nil
	}
	x0, y0 := floorDiv(b.Min.X, tileSize), floorDiv(b.Min.Y, tileSize)
	x1, y1 := floorDiv(b.Max.X-1, tileSize), floorDiv(b.Max.Y-1, tileSize)
	out := make([]image.Point, 0, (x1-x0+1)*(y1-y0+1))
	for ty := y0; ty <= y1; ty++ {
		for tx := x0; tx <= x1; tx++ {
			out = append(out, image.Pt(tx, ty))
		}
	}
	return out
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func tileRect(t image.Point) image.Rectangle {
	return image.Rect(t.X*tileSize, t.Y*tileSize, (t.X+1)*tileSize, (t.Y+1)*tileSize)
}

// raster draws the given tiles again from the polygons overlapping them.
func (r *Renderer) raster(ps *polySet, tiles map[image.Point]bool) {
	var list []int
	for t := range tiles {
		tr := tileRect(t)
		list = list[:0]
		for i, b := range ps.boxes {
			if b.Overlaps(tr) {
				list = append(list, i)
			}
		}
		if m := r.rasterTile(ps.polys, list, tr); m != nil {
			ps.tiles[t] = m
		} else {
			delete(ps.tiles, t)
		}
	}
}

// rasterTile fills the listed polygons into the tile tr; nil when nothing
// of them falls in it.
func (r *Renderer) rasterTile(polys []poly, list []int, tr image.Rectangle) *image.Alpha {
	if len(list) == 0 {
		return nil
	}
	r.rast.Reset(tileSize, tileSize)
	ox, oy := float64(tr.Min.X), float64(tr.Min.Y)
	for _, i := range list {
		p := polys[i]
		r.rast.MoveTo(float32(p[0].X-ox), float32(p[0].Y-oy))
		for _, q := range p[1:] {
			r.rast.LineTo(float32(q.X-ox), float32(q.Y-oy))
		}
		r.rast.ClosePath()
	}
	m := image.NewAlpha(image.Rect(0, 0, tileSize, tileSize))
	r.rast.Draw(m, m.Bounds(), image.Opaque, image.Point{}) // the fast path: no clipping
	ink := inked(m)
	if ink.Empty() {
		return nil
	}
	m.Rect = tileRect(image.Point{}).Add(tr.Min)
	return m.SubImage(ink.Add(tr.Min)).(*image.Alpha)
}

// inked is the smallest rectangle holding m's non-zero pixels.
func inked(m *image.Alpha) image.Rectangle {
	var ink image.Rectangle
	w := m.Rect.Dx()
	for y := range m.Rect.Dy() {
		row := m.Pix[y*m.Stride : y*m.Stride+w]
		first := slices.IndexFunc(row, func(a uint8) bool { return a != 0 })
		if first < 0 {
			continue
		}
		last := w - 1
		for row[last] == 0 {
			last--
		}
		ink = ink.Union(image.Rect(first, y, last+1, y+1))
	}
	return ink
}

// polyLayer is a layer drawn from polygons.
func (r *Renderer) polyLayer(polys []poly, contrast bool, alpha uint8) maskLayer {
	ps := newPolySet(polys)
	r.raster(&ps, allTiles(ps))
	return maskLayer{tiles: tileList(ps.tiles), contrast: contrast, alpha: alpha}
}

func allTiles(ps polySet) map[image.Point]bool {
	all := map[image.Point]bool{}
	for _, b := range ps.boxes {
		for _, t := range tilesOf(b) {
			all[t] = true
		}
	}
	return all
}

func tileList(m map[image.Point]*image.Alpha) []*image.Alpha {
	out := make([]*image.Alpha, 0, len(m))
	for _, k := range slices.SortedFunc(maps.Keys(m), func(a, b image.Point) int {
		if a.Y != b.Y {
			return a.Y - b.Y
		}
		return a.X - b.X
	}) {
		out = append(out, m[k])
	}
	return out
}

// strokeWidth is how wide a freehand kind's line is drawn.
func strokeWidth(k Kind, w float64) float64 {
	if k == Marker {
		return markerWidth(w)
	}
	return w
}

// strokeEntry draws a Pen or Marker stroke and keeps what growing it needs.
func (r *Renderer) strokeEntry(s Shape) *cacheEntry {
	ps := newPolySet(strokePolys(s.Points, strokeWidth(s.Kind, s.Width)))
	r.raster(&ps, allTiles(ps))
	return r.strokeResult(s, ps)
}

// extend draws stroke s, relative to its origin, from prev, the last
// drawing of the same stroke, when s is prev with points added: only the
// tiles the new points touch are drawn. It returns nil when s is not such
// a continuation.
func (r *Renderer) extend(prev *cacheEntry, s Shape) *cacheEntry {
	if prev == nil || prev.stroke == nil {
		return nil
	}
	st := prev.stroke
	n := len(st.points)
	if st.kind != s.Kind || st.width != s.Width || len(s.Points) <= n || !slices.Equal(s.Points[:n], st.points) {
		return nil
	}
	ps := polySet{polys: slices.Clip(st.set.polys), boxes: slices.Clip(st.set.boxes), tiles: maps.Clone(st.set.tiles)}
	touched := ps.add(strokePolysFrom(s.Points, n, strokeWidth(s.Kind, s.Width)))
	r.raster(&ps, touched)
	return r.strokeResult(s, ps)
}

func (r *Renderer) strokeResult(s Shape, ps polySet) *cacheEntry {
	alpha := uint8(0xff)
	if s.Kind == Marker {
		alpha = markerAlpha
	}
	return &cacheEntry{
		layers: []maskLayer{{tiles: tileList(ps.tiles), alpha: alpha}},
		stroke: &strokeCache{kind: s.Kind, width: s.Width, points: s.Points, set: ps},
	}
}
