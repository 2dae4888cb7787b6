package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tintBox is content on a rounded background tinted with a theme colour
// (the drop zone, the banner, the warnings). It reads the colour when it is
// refreshed, so it follows light/dark theme switches.
type tintBox struct {
	widget.BaseWidget

	tint    fyne.ThemeColorName
	fill    uint8 // background alpha
	stroke  uint8 // border alpha
	radius  float32
	content fyne.CanvasObject
}

func newTintBox(tint fyne.ThemeColorName, fill, stroke uint8, radius float32, content fyne.CanvasObject) *tintBox {
	b := &tintBox{tint: tint, fill: fill, stroke: stroke, radius: radius, content: content}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws the background under the padded content.
func (b *tintBox) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.StrokeWidth = 1
	r := &tintRenderer{box: b, bg: bg, stack: container.NewStack(bg, container.NewPadded(b.content))}
	r.applyColours()
	return r
}

type tintRenderer struct {
	box   *tintBox
	bg    *canvas.Rectangle
	stack *fyne.Container
}

func (r *tintRenderer) applyColours() {
	th := r.box.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c := th.Color(r.box.tint, v)
	r.bg.FillColor = withAlpha(c, r.box.fill)
	r.bg.StrokeColor = withAlpha(c, r.box.stroke)
	r.bg.CornerRadius = r.box.radius * th.Size(theme.SizeNameInputRadius)
}

func (r *tintRenderer) Layout(s fyne.Size)           { r.stack.Resize(s) }
func (r *tintRenderer) MinSize() fyne.Size           { return r.stack.MinSize() }
func (r *tintRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.stack} }
func (r *tintRenderer) Destroy()                     {}

func (r *tintRenderer) Refresh() {
	r.applyColours()
	r.bg.Refresh()
	r.box.content.Refresh()
}

func withAlpha(c color.Color, a uint8) color.Color {
	cr, cg, cb, _ := c.RGBA()
	return color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: a}
}
