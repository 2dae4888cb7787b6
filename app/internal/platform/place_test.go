package platform

import (
	"image"
	"testing"
)

func TestCentredIn(t *testing.T) {
	screen := image.Rect(0, 0, 1280, 800)
	tests := []struct {
		name   string
		size   image.Point
		parent image.Rectangle
		want   image.Point
	}{
		{"centred on the parent", image.Pt(600, 400), image.Rect(200, 100, 1000, 700), image.Pt(300, 200)},
		{"kept off the left and top edges", image.Pt(600, 400), image.Rect(-100, -50, 300, 250), image.Pt(0, 0)},
		{"kept off the right and bottom edges", image.Pt(600, 400), image.Rect(1000, 600, 1400, 900), image.Pt(680, 400)},
		{"bigger than the screen: its corner stays on it", image.Pt(1400, 900), image.Rect(200, 100, 1000, 700), image.Pt(0, 0)},
	}
	for _, tt := range tests {
		if got := centredIn(tt.size, tt.parent, screen); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
