package ui

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// The magnifier shows the pixels around the pointer enlarged, with a
// crosshair on the pixel under it and that pixel's coordinates, so that a
// selection can start and end on the exact pixel.
const (
	magRadius = 8  // pixels shown on each side of the one under the pointer
	magZoom   = 8  // screen pixels per magnified pixel
	magGap    = 24 // units between the pointer and the magnifier
)

var (
	magOffColor   = color.RGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff} // beyond the screen's edge
	magLineColor  = color.RGBA{R: 0x40, G: 0xa0, B: 0xff, A: 0xff} // the crosshair through the centre
	magBoxInColor = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff} // the centre pixel's frame
	magBoxOut     = color.RGBA{A: 0xff}
)

// magnify enlarges the (2·radius+1)² pixels of shot centred on at, each
// to zoom×zoom, draws a crosshair through the centre row and column and
// frames the centre pixel. Pixels off the shot are dark grey.
func magnify(shot image.Image, at image.Point, radius, zoom int) *image.RGBA {
	n := 2*radius + 1
	out := image.NewRGBA(image.Rect(0, 0, n*zoom, n*zoom))
	b := shot.Bounds()
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			p := b.Min.Add(at).Add(image.Pt(i-radius, j-radius))
			var c color.Color = magOffColor
			if p.In(b) {
				c = shot.At(p.X, p.Y)
			}
			draw.Draw(out, image.Rect(i*zoom, j*zoom, (i+1)*zoom, (j+1)*zoom), image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
	c0, c1 := radius*zoom, (radius+1)*zoom // the centre pixel's block
	mid := c0 + zoom/2
	line := image.NewUniform(magLineColor)
	for _, r := range []image.Rectangle{
		image.Rect(0, mid, c0, mid+1), image.Rect(c1, mid, n*zoom, mid+1), // across
		image.Rect(mid, 0, mid+1, c0), image.Rect(mid, c1, mid+1, n*zoom), // down
	} {
		draw.Draw(out, r, line, image.Point{}, draw.Src)
	}
	frame(out, image.Rect(c0-1, c0-1, c1+1, c1+1), magBoxOut)
	frame(out, image.Rect(c0, c0, c1, c1), magBoxInColor)
	return out
}

// frame draws the 1-pixel outline of r.
func frame(img *image.RGBA, r image.Rectangle, c color.Color) {
	u := image.NewUniform(c)
	for _, e := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1), image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y), image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, e.Intersect(img.Bounds()), u, image.Point{}, draw.Src)
	}
}

// magnifierPos places a box of size s beside the pointer at p: below and
// to the right, flipped to the other side where it would leave the
// screen, and kept inside it.
func magnifierPos(p fyne.Position, s, screen fyne.Size) fyne.Position {
	x, y := p.X+magGap, p.Y+magGap
	if x+s.Width > screen.Width {
		x = p.X - magGap - s.Width
	}
	if y+s.Height > screen.Height {
		y = p.Y - magGap - s.Height
	}
	return fyne.NewPos(min(max(x, 0), max(screen.Width-s.Width, 0)), min(max(y, 0), max(screen.Height-s.Height, 0)))
}

// coordLabel is the pixel under the pointer as shown under the magnifier.
func coordLabel(p image.Point) string { return fmt.Sprintf("%d, %d", p.X, p.Y) }

// magnifier is the zoomed image, its frame and the coordinates pill.
type magnifier struct {
	img          *canvas.Image
	halo, border *canvas.Rectangle // a dark and a light line round it: seen on any pixels
	coords       pill
}

func newMagnifier(textSize float32) *magnifier {
	m := &magnifier{img: canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1))),
		halo: canvas.NewRectangle(color.Transparent), border: canvas.NewRectangle(color.Transparent),
		coords: newPill("", textSize)}
	m.img.FillMode = canvas.ImageFillStretch
	m.img.ScaleMode = canvas.ImageScalePixels
	m.halo.StrokeColor, m.halo.StrokeWidth = pillColor, 4
	m.border.StrokeColor, m.border.StrokeWidth = pillTextColor, 1.5
	m.show(false)
	return m
}

func (m *magnifier) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{m.img, m.halo, m.border, m.coords.bg, m.coords.text}
}

func (m *magnifier) show(on bool) {
	show(m.img, on)
	show(m.halo, on)
	show(m.border, on)
	m.coords.show(on)
}

// layout shows the pixels of p's shot around px (the pointer at pos) in a
// box beside the pointer, with the coordinates under it, all inside screen.
func (m *magnifier) layout(p *RegionPicker, px image.Point, pos fyne.Position, screen fyne.Size) {
	m.img.Image = magnify(p.shot, px, magRadius, magZoom)
	side := p.toUnits((2*magRadius + 1) * magZoom)
	m.coords.text.Text = coordLabel(px.Add(p.shot.Bounds().Min))
	cs := m.coords.size(pillPad / 2)
	box := fyne.NewSize(max(side, cs.Width), side+cs.Height+pillPad/2)
	at := magnifierPos(pos, box, screen)
	img := at.AddXY((box.Width-side)/2, 0)
	m.img.Move(img)
	m.img.Resize(fyne.NewSquareSize(side))
	for _, b := range []*canvas.Rectangle{m.halo, m.border} {
		b.Move(img)
		b.Resize(fyne.NewSquareSize(side))
	}
	m.coords.place(at.AddXY((box.Width-cs.Width)/2, side+pillPad/2), cs, pillPad/2)
	m.show(true)
	m.img.Refresh()
}
