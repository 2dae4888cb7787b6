package annotate

import (
	"image"
	"math"
)

// ShapeAt is the topmost shape under p, with tol pixels of slack (the
// editor passes a few screen pixels, converted to image pixels): strokes
// and outlines are hit on their line, text, steps and redactions anywhere
// inside.
func (s *Scene) ShapeAt(p Point, tol float64) (Shape, bool) {
	shapes := s.doc.cur.shapes
	for i := len(shapes) - 1; i >= 0; i-- {
		if s.hit(shapes[i], p, tol) {
			return shapes[i], true
		}
	}
	return Shape{}, false
}

// BoundsOf is the rectangle of pixels shape s covers.
func (s *Scene) BoundsOf(sh Shape) image.Rectangle { return s.r.Bounds(sh) }

func (s *Scene) hit(sh Shape, p Point, tol float64) bool {
	pts, hw := sh.Points, sh.Width/2+tol
	if len(pts) == 0 {
		return false
	}
	switch sh.Kind {
	case Pen, Line:
		return distToPolyline(p, pts) <= hw
	case Marker:
		return distToPolyline(p, pts) <= markerWidth(sh.Width)/2+tol
	case Arrow:
		if len(pts) < 2 {
			return p.dist(pts[0]) <= hw
		}
		return distToSegment(p, pts[0], pts[1]) <= math.Max(hw, arrowHead(sh.Width)/2+tol)
	case Rect:
		lo, hi := sh.Box()
		c := []Point{lo, {hi.X, lo.Y}, hi, {lo.X, hi.Y}, lo}
		return distToPolyline(p, c) <= hw
	case Ellipse:
		return nearEllipse(sh, p, hw)
	}
	r := s.r.Bounds(sh)
	return p.X >= float64(r.Min.X)-tol && p.X <= float64(r.Max.X)+tol &&
		p.Y >= float64(r.Min.Y)-tol && p.Y <= float64(r.Max.Y)+tol
}

// nearEllipse reports whether p is within d of the ellipse's outline,
// measured along the ray from its centre (close enough for picking).
func nearEllipse(sh Shape, p Point, d float64) bool {
	lo, hi := sh.Box()
	c := lerpPt(lo, hi, 0.5)
	rx, ry := (hi.X-lo.X)/2, (hi.Y-lo.Y)/2
	v := p.sub(c)
	if v.length() < 1e-9 {
		return math.Min(rx, ry) <= d
	}
	t := math.Atan2(v.Y*math.Max(rx, 1e-9), v.X*math.Max(ry, 1e-9))
	edge := Point{rx * math.Cos(t), ry * math.Sin(t)}
	return math.Abs(v.length()-edge.length()) <= d
}
