package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the pointer rests on a control before its tooltip
// shows.
const tipDelay = 400 * time.Millisecond

// tipLayer shows tooltips over the editor. It is made of canvas objects
// only, which take no pointer events, so a tooltip never swallows the
// click on what is under it (a PopUp would).
type tipLayer struct {
	root  *fyne.Container
	bg    *canvas.Rectangle
	text  *canvas.Text
	owner fyne.CanvasObject // what the tooltip is for, nil when hidden
	gen   int               // bumps on every show and hide, to drop stale timers
	delay time.Duration
}

func newTipLayer() *tipLayer {
	t := &tipLayer{delay: tipDelay}
	t.bg = canvas.NewRectangle(color.NRGBA{0x20, 0x20, 0x20, 0xee})
	t.bg.CornerRadius = 4
	t.text = canvas.NewText("", color.NRGBA{0xff, 0xff, 0xff, 0xff})
	t.root = container.NewWithoutLayout(t.bg, t.text)
	t.bg.Hide()
	t.text.Hide()
	return t
}

func (t *tipLayer) object() fyne.CanvasObject { return t.root }

// Text is the tooltip shown now, "" when none.
func (t *tipLayer) Text() string {
	if t.owner == nil || !t.text.Visible() {
		return ""
	}
	return t.text.Text
}

// show puts s under owner after the delay.
func (t *tipLayer) show(s string, owner fyne.CanvasObject) {
	t.gen++
	gen := t.gen
	t.owner = owner
	if t.delay <= 0 {
		t.place(s, owner)
		return
	}
	time.AfterFunc(t.delay, func() {
		fyne.Do(func() {
			if t.gen == gen {
				t.place(s, owner)
			}
		})
	})
}

// hide removes owner's tooltip.
func (t *tipLayer) hide(owner fyne.CanvasObject) {
	if t.owner != owner {
		return
	}
	t.gen++
	t.owner = nil
	t.bg.Hide()
	t.text.Hide()
}

func (t *tipLayer) place(s string, owner fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(owner).Subtract(d.AbsolutePositionForObject(t.root))
	t.text.Text = s
	t.text.TextSize = theme.Size(theme.SizeNameCaptionText) + 1
	pad := theme.Padding()
	ts := fyne.MeasureText(s, t.text.TextSize, t.text.TextStyle)
	size := ts.AddWidthHeight(2*pad, pad)
	pos := at.AddXY(0, owner.Size().Height+2)
	if room := t.root.Size().Width; pos.X+size.Width > room {
		pos.X = max(0, room-size.Width)
	}
	t.bg.Move(pos)
	t.bg.Resize(size)
	t.text.Move(pos.AddXY(pad, pad/2))
	t.text.Resize(ts)
	t.bg.Show()
	t.text.Show()
	t.root.Refresh()
}

// tipButton is a button with a tooltip.
type tipButton struct {
	widget.Button
	tip  string
	tips *tipLayer
}

var _ desktop.Hoverable = (*tipButton)(nil)

func newTipButton(label string, icon fyne.Resource, tip string, tips *tipLayer, tapped func()) *tipButton {
	b := &tipButton{tip: tip, tips: tips}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tooltip.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	b.tips.show(b.tip, b)
}

// MouseOut hides it.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.tips.hide(b)
}

// Tapped hides the tooltip and presses the button.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	b.tips.hide(b)
	b.Button.Tapped(ev)
}
