package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barHeight is the thickness of a row's progress bar.
const barHeight = 5

// thinBar is a row's progress bar: a thin track filled to Value (0–1). It
// carries no text — Fyne's bar draws its text in the colour on the primary
// fill also where the light, unfilled track is under it (about 2:1) — the
// row's status line says how far and how fast instead.
type thinBar struct {
	widget.BaseWidget
	Value float64
}

func newThinBar() *thinBar {
	b := &thinBar{}
	b.ExtendBaseWidget(b)
	return b
}

// SetValue moves the fill; it redraws only on a change.
func (b *thinBar) SetValue(v float64) {
	v = min(max(v, 0), 1)
	if v == b.Value {
		return
	}
	b.Value = v
	b.Refresh()
}

// CreateRenderer draws the track and the fill.
func (b *thinBar) CreateRenderer() fyne.WidgetRenderer {
	r := &thinBarRenderer{bar: b, track: canvas.NewRectangle(nil), fill: canvas.NewRectangle(nil)}
	r.track.CornerRadius, r.fill.CornerRadius = barHeight/2, barHeight/2
	r.Refresh()
	return r
}

type thinBarRenderer struct {
	bar         *thinBar
	track, fill *canvas.Rectangle
}

func (r *thinBarRenderer) Layout(size fyne.Size) {
	y := (size.Height - barHeight) / 2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, barHeight))
	r.fill.Move(fyne.NewPos(0, y))
	r.fill.Resize(fyne.NewSize(size.Width*float32(r.bar.Value), barHeight))
}

func (r *thinBarRenderer) MinSize() fyne.Size { return fyne.NewSize(barHeight*4, barHeight) }

func (r *thinBarRenderer) Refresh() {
	th := r.bar.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameInputBorder, v)
	r.fill.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.Layout(r.bar.Size())
	r.track.Refresh()
	r.fill.Refresh()
}

func (r *thinBarRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.track, r.fill} }

func (r *thinBarRenderer) Destroy() {}
