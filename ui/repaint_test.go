package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestRepaintLayoutAsksOnceMorePerSize(t *testing.T) {
	n := 0
	l := &repaintLayout{refresh: func() { n++ }}
	a, b := widget.NewLabel("a"), widget.NewLabel("much longer text")
	objs := []fyne.CanvasObject{a, b}
	l.Layout(objs, fyne.NewSize(820, 640))
	l.Layout(objs, fyne.NewSize(820, 640)) // a relayout at the same size
	if n != 1 {
		t.Fatalf("refreshes after one size: %d, want 1", n)
	}
	l.Layout(objs, fyne.NewSize(1276, 743)) // the tile
	if n != 2 {
		t.Fatalf("refreshes after the tile's size: %d, want 2", n)
	}
	for _, o := range objs {
		if o.Size() != fyne.NewSize(1276, 743) || o.Position() != fyne.NewPos(0, 0) {
			t.Errorf("object at %v size %v, want the whole window", o.Position(), o.Size())
		}
	}
	if got, want := l.MinSize(objs), b.MinSize().Max(a.MinSize()); got != want {
		t.Errorf("MinSize %v, want %v", got, want)
	}
}

func TestRepaintAfterResizeKeepsTheContent(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	label := widget.NewLabel("content")
	w.SetContent(label)
	RepaintAfterResize(w)
	w.Resize(fyne.NewSize(300, 200))
	if label.Size().Width < 290 || label.Size().Height < 190 {
		t.Errorf("content is %v in a 300×200 window: it must fill it", label.Size())
	}
}
