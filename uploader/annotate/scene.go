package annotate

import (
	"image"
	"image/draw"
	"slices"
)

// Scene is a document drawn onto its image: the frame the editor shows and
// the file exports. It redraws only what changed since the last Update
// (the old and new places of the shapes that changed) and keeps the source
// with its redactions as a base layer, so a drag over a large capture
// costs the size of the shape, not of the image.
//
// Redactions are part of the base: they pixelate the original pixels,
// under every other shape, whatever their order. Arrows and boxes drawn
// over a redaction stay visible.
type Scene struct {
	doc *Document
	r   *Renderer

	src   *image.RGBA // the source image, premultiplied; never written
	base  *image.RGBA // src with the redactions; src itself until the first one
	frame *image.RGBA // base with the shapes: what the editor shows; src until the first shape

	redactions []Shape // as base has them
	drawn      []drawn // as frame has them, in drawing order

	orig *image.NRGBA // the source, for exporting untouched translucent pixels; nil when opaque
}

// drawn is a shape as the frame shows it.
type drawn struct {
	id    int
	rev   uint64
	color int
	m     shapeMasks
}

// NewScene draws doc over img, the decoded source image (its size must be
// doc.Size()). img is not modified.
func NewScene(doc *Document, img image.Image, r *Renderer) *Scene {
	b := img.Bounds()
	src, ok := img.(*image.RGBA)
	if !ok || b.Min != (image.Point{}) {
		src = image.NewRGBA(image.Rectangle{Max: b.Size()})
		draw.Draw(src, src.Rect, img, b.Min, draw.Src)
	}
	s := &Scene{doc: doc, r: r, src: src, base: src}
	if !src.Opaque() {
		s.orig = image.NewNRGBA(src.Rect)
		draw.Draw(s.orig, s.orig.Rect, img, b.Min, draw.Src)
	}
	s.frame = src // shared until the first paint: opening costs no copy
	s.Update()
	return s
}

// Frame is the current picture: the source, its redactions and the shapes,
// at the image's native size. It changes in place on Update.
func (s *Scene) Frame() *image.RGBA { return s.frame }

// Document is the document the scene draws.
func (s *Scene) Document() *Document { return s.doc }

// Renderer is the scene's renderer.
func (s *Scene) Renderer() *Renderer { return s.r }

// Update brings the frame up to date with the document and returns the
// rectangles of the frame that changed (none when nothing did).
func (s *Scene) Update() []image.Rectangle {
	s.r.tick++
	var reds, others []Shape
	for _, sh := range s.doc.cur.shapes {
		if sh.Kind == Redact {
			reds = append(reds, sh)
		} else {
			others = append(others, sh)
		}
	}
	dirty := s.updateBase(reds)
	dirty = append(dirty, s.updateDrawn(others)...)
	dirty = coalesce(dirty, s.frame.Rect)
	for _, r := range dirty {
		s.paint(r)
	}
	s.r.sweep(s.r.tick - 1) // keep what this and the last update used: a drag's next step
	return dirty
}

// updateBase redraws the base where redactions came, went or changed.
func (s *Scene) updateBase(reds []Shape) []image.Rectangle {
	var dirty []image.Rectangle
	diff(s.redactions, reds, func(sh Shape) { dirty = append(dirty, sh.RedactRect()) })
	s.redactions = reds
	if len(dirty) == 0 {
		return nil
	}
	if s.base == s.src {
		s.base = image.NewRGBA(s.src.Rect)
		copy(s.base.Pix, s.src.Pix)
	}
	for _, r := range merge(dirty, s.src.Rect) {
		draw.Draw(s.base, r, s.src, r.Min, draw.Src)
		for _, red := range reds {
			pixelate(s.base, s.src, red.RedactRect(), r)
		}
	}
	return dirty
}

// updateDrawn finds the shapes that changed and the places they left.
func (s *Scene) updateDrawn(shapes []Shape) []image.Rectangle {
	old := make(map[int]drawn, len(s.drawn))
	for _, d := range s.drawn {
		old[d.id] = d
	}
	var dirty []image.Rectangle
	next := make([]drawn, len(shapes))
	for i, sh := range shapes {
		d, had := old[sh.ID]
		delete(old, sh.ID)
		if had && d.rev == sh.rev {
			next[i] = d
			continue
		}
		next[i] = drawn{id: sh.ID, rev: sh.rev, color: sh.Color, m: s.r.masks(sh)}
		switch {
		case !had:
			dirty = next[i].m.tileRects(dirty)
		case d.color == sh.Color && d.m.origin == next[i].m.origin:
			dirty = changedTiles(d.m, next[i].m, dirty)
		default: // moved or recoloured: all of its old and new places
			dirty = next[i].m.tileRects(d.m.tileRects(dirty))
		}
	}
	for _, d := range old { // removed
		dirty = d.m.tileRects(dirty)
	}
	if !sameOrder(s.drawn, next) { // shapes drawn over others now under them
		for _, d := range next {
			dirty = d.m.tileRects(dirty)
		}
	}
	s.drawn = next
	return dirty
}

// sameOrder reports whether the shapes in both lists come in the same
// order in each.
func sameOrder(a, b []drawn) bool {
	pos := make(map[int]int, len(a))
	for i, d := range a {
		pos[d.id] = i
	}
	last := -1
	for _, d := range b {
		if i, ok := pos[d.id]; ok {
			if i < last {
				return false
			}
			last = i
		}
	}
	return true
}

// diff calls f with every shape that is in one list and not, with the same
// revision, in the other.
func diff(a, b []Shape, f func(Shape)) {
	inA := make(map[uint64]bool, len(a))
	for _, sh := range a {
		inA[sh.rev] = true
	}
	inB := make(map[uint64]bool, len(b))
	for _, sh := range b {
		inB[sh.rev] = true
		if !inA[sh.rev] {
			f(sh)
		}
	}
	for _, sh := range a {
		if !inB[sh.rev] {
			f(sh)
		}
	}
}

// paint redraws r of the frame from the base and the shapes over it.
func (s *Scene) paint(r image.Rectangle) {
	if s.frame == s.src {
		s.frame = image.NewRGBA(s.src.Rect)
		copy(s.frame.Pix, s.src.Pix)
	}
	draw.Draw(s.frame, r, s.base, r.Min, draw.Src)
	for _, d := range s.drawn {
		if d.m.bounds.Overlaps(r) {
			d.m.composite(s.frame, r, PaletteColor(d.color))
		}
	}
}

// tileRects appends the rectangles of m's masks to rs.
func (m shapeMasks) tileRects(rs []image.Rectangle) []image.Rectangle {
	for _, l := range m.layers {
		for _, t := range l.tiles {
			rs = append(rs, t.Rect)
		}
	}
	return rs
}

// tileID identifies a placed mask: the renderer shares unchanged tiles
// between the drawings of a growing stroke.
type tileID struct {
	layer int
	pix   *uint8
	rect  image.Rectangle
}

// changedTiles appends the rectangles of the tiles that differ between a
// and b, drawings of one shape at one origin and in one colour.
func changedTiles(a, b shapeMasks, rs []image.Rectangle) []image.Rectangle {
	ids := func(m shapeMasks) map[tileID]bool {
		out := map[tileID]bool{}
		for i, l := range m.layers {
			for _, t := range l.tiles {
				out[tileID{i, &t.Pix[0], t.Rect}] = true
			}
		}
		return out
	}
	ia, ib := ids(a), ids(b)
	for id := range ia {
		if !ib[id] {
			rs = append(rs, id.rect)
		}
	}
	for id := range ib {
		if !ia[id] {
			rs = append(rs, id.rect)
		}
	}
	return rs
}

// merge clips rs to bounds and merges the ones that overlap into their
// union: right for solid rectangles, such as a redaction's old and new
// place.
func merge(rs []image.Rectangle, bounds image.Rectangle) []image.Rectangle {
	out := coalesce(rs, bounds)
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(out) && !merged; i++ {
			for j := i + 1; j < len(out); j++ {
				if out[i].Overlaps(out[j]) {
					out[i] = out[i].Union(out[j])
					out = slices.Delete(out, j, j+1)
					merged = true
					break
				}
			}
		}
	}
	return out
}

// coalesce clips rs to bounds and drops the ones another contains. It
// does not merge neighbours into their bounding box: the tiles along a
// big outline would become the whole inside.
func coalesce(rs []image.Rectangle, bounds image.Rectangle) []image.Rectangle {
	out := make([]image.Rectangle, 0, len(rs))
	for _, r := range rs {
		if r = r.Intersect(bounds); !r.Empty() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b image.Rectangle) int { return b.Dx()*b.Dy() - a.Dx()*a.Dy() })
	kept := out[:0]
	for _, r := range out {
		if !slices.ContainsFunc(kept, func(k image.Rectangle) bool { return r.In(k) }) {
			kept = append(kept, r)
		}
	}
	return kept
}
