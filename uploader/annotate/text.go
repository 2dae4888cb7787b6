package annotate

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Fonts are the typefaces text and step numbers are drawn in, as TrueType
// or OpenType bytes (a collection's first font is used).
type Fonts struct {
	Regular  []byte   // text shapes; required
	Bold     []byte   // step numbers; Regular when nil
	Fallback [][]byte // tried, in order, for a character Regular lacks (e.g. Chinese)
}

// fontSet holds the parsed fonts and their faces by size. Faces are not
// safe for concurrent use; neither is the renderer that owns them.
type fontSet struct {
	regular, bold *opentype.Font
	fallback      []*opentype.Font
	faces         map[faceKey]font.Face
}

type faceKey struct {
	f    *opentype.Font
	size float64
}

func parseFonts(f Fonts) (*fontSet, error) {
	if len(f.Regular) == 0 {
		return nil, errors.New("no font for text: give Fonts.Regular")
	}
	fs := &fontSet{faces: map[faceKey]font.Face{}}
	var err error
	if fs.regular, err = parseFont(f.Regular); err != nil {
		return nil, fmt.Errorf("text font: %w", err)
	}
	fs.bold = fs.regular
	if len(f.Bold) > 0 {
		if fs.bold, err = parseFont(f.Bold); err != nil {
			return nil, fmt.Errorf("bold font: %w", err)
		}
	}
	for i, b := range f.Fallback {
		ff, err := parseFont(b)
		if err != nil {
			return nil, fmt.Errorf("fallback font %d: %w", i+1, err)
		}
		fs.fallback = append(fs.fallback, ff)
	}
	return fs, nil
}

// parseFont reads a font file or the first font of a collection.
func parseFont(b []byte) (*opentype.Font, error) {
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		c, err := opentype.ParseCollection(b)
		if err != nil {
			return nil, err
		}
		return c.Font(0)
	}
	return opentype.Parse(b)
}

func (fs *fontSet) face(f *opentype.Font, size float64) font.Face {
	k := faceKey{f, size}
	if face, ok := fs.faces[k]; ok {
		return face
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil { // only for a bad size, which textSize never gives
		panic(fmt.Sprintf("annotate: face of size %v: %v", size, err))
	}
	fs.faces[k] = face
	return face
}

// glyph is one character placed on a line.
type glyph struct {
	face font.Face
	r    rune
	dot  fixed.Point26_6
}

// textLayout is text set in lines from a top-left corner.
type textLayout struct {
	glyphs []glyph
	ink    fixed.Rectangle26_6 // the union of the glyphs' bounds
	lines  []fixed.Rectangle26_6
	empty  bool
}

// layout sets s in lines of the given size, with the first line's top at
// y and its left at x; each character comes from the first font that has
// it.
func (fs *fontSet) layout(base *opentype.Font, size float64, s string, x, y float64) textLayout {
	main := fs.face(base, size)
	m := main.Metrics()
	var l textLayout
	l.empty = true
	top := fixed.Int26_6(math.Round(y * 64))
	left := fixed.Int26_6(math.Round(x * 64))
	for _, line := range strings.Split(s, "\n") {
		dot := fixed.Point26_6{X: left, Y: top + m.Ascent}
		prev := rune(-1)
		var prevFace font.Face
		for _, r := range line {
			face := fs.faceFor(base, size, r)
			if prevFace == face && prev >= 0 {
				dot.X += face.Kern(prev, r)
			}
			b, adv, _ := face.GlyphBounds(r)
			l.ink = unionFixed(l.ink, b.Add(dot), l.empty)
			l.empty = l.empty && b.Empty()
			l.glyphs = append(l.glyphs, glyph{face, r, dot})
			dot.X += adv
			prev, prevFace = r, face
		}
		l.lines = append(l.lines, fixed.Rectangle26_6{
			Min: fixed.Point26_6{X: left, Y: top}, Max: fixed.Point26_6{X: dot.X, Y: top + m.Height}})
		top += m.Height
	}
	return l
}

// faceFor is the face that draws r: the base font's, else the first
// fallback that has the character, else the base one (its "missing" box).
func (fs *fontSet) faceFor(base *opentype.Font, size float64, r rune) font.Face {
	main := fs.face(base, size)
	if _, ok := main.GlyphAdvance(r); ok || r < 0x80 {
		return main
	}
	for _, f := range fs.fallback {
		if face := fs.face(f, size); hasGlyph(face, r) {
			return face
		}
	}
	return main
}

func hasGlyph(f font.Face, r rune) bool { _, ok := f.GlyphAdvance(r); return ok }

func unionFixed(a, b fixed.Rectangle26_6, aEmpty bool) fixed.Rectangle26_6 {
	if b.Empty() {
		return a
	}
	if aEmpty {
		return b
	}
	return a.Union(b)
}

// pixelRect is the integer rectangle covering a fixed-point one.
func pixelRect(r fixed.Rectangle26_6) image.Rectangle {
	return image.Rect(r.Min.X.Floor(), r.Min.Y.Floor(), r.Max.X.Ceil(), r.Max.Y.Ceil())
}

// draw renders the layout's glyphs into mask, whose Rect is in the same
// coordinates as the layout.
func (l textLayout) draw(mask *image.Alpha) {
	for _, g := range l.glyphs {
		dr, gm, mp, _, ok := g.face.Glyph(g.dot, g.r)
		if !ok && gm == nil {
			continue
		}
		draw.DrawMask(mask, dr, image.Opaque, image.Point{}, gm, mp, draw.Over)
	}
}

// LineHeight is the height of a line of text drawn at stroke width w.
func (r *Renderer) LineHeight(w float64) float64 {
	return fixedFloat(r.fonts.face(r.fonts.regular, textSize(ClampWidth(w))).Metrics().Height)
}

// TextCaret is where a caret after the end of text shape s goes: its x and
// the top and bottom of the last line, in image pixels.
func (r *Renderer) TextCaret(s Shape) (x, top, bottom float64) {
	if len(s.Points) == 0 {
		return 0, 0, 0
	}
	l := r.fonts.layout(r.fonts.regular, textSize(ClampWidth(s.Width)), s.Text, s.Points[0].X, s.Points[0].Y)
	last := l.lines[len(l.lines)-1]
	return fixedFloat(last.Max.X), fixedFloat(last.Min.Y), fixedFloat(last.Max.Y)
}
