package platform

import "image"

// centredIn is the top-left corner that centres a box of size on parent,
// moved onto screen as far as it fits.
func centredIn(size image.Point, parent, screen image.Rectangle) image.Point {
	at := parent.Min.Add(parent.Max).Div(2).Sub(size.Div(2))
	at.X = max(min(at.X, screen.Max.X-size.X), screen.Min.X)
	at.Y = max(min(at.Y, screen.Max.Y-size.Y), screen.Min.Y)
	return at
}
