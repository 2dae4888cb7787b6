package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// spreadLayout puts its first object at the start of the line and its
// second at the end, when both fit; when they do not (a long language, a
// narrow window) the second goes on a line of its own, still at the end,
// rather than running off the edge. Like Fyne's grid-wrap layout, its
// height follows the width it was last laid out at.
type spreadLayout struct {
	stacked bool
	changed func() // called when the height changed, to lay the parent out again; may be nil
}

// Layout places the two objects.
func (l *spreadLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding()
	stacked := a.Width+pad+b.Width > size.Width
	defer func() {
		if stacked != l.stacked {
			l.stacked = stacked
			if l.changed != nil {
				l.changed()
			}
		}
	}()
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(a)
	y := float32(0)
	if stacked {
		y = a.Height + pad
	}
	objs[1].Move(fyne.NewPos(max(0, size.Width-b.Width), y))
	objs[1].Resize(b)
}

// MinSize is one line of both, or two lines when they were stacked.
func (l *spreadLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.stacked {
		return fyne.NewSize(max(a.Width, b.Width), a.Height+theme.Padding()+b.Height)
	}
	return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
}
