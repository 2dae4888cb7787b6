package annotate

import (
	"math"
)

// poly is a closed polygon. The rasterizer adds up the signed coverage of
// every polygon and clamps it to one, so polygons wound the same way make a
// union (a stroke is its segments and round joins), and one wound the
// other way inside another cuts a hole (an outline is two nested shapes).
type poly []Point

// area is the signed area of p; positive for clockwise on screen (y down).
func (p poly) area() float64 {
	a := 0.0
	for i := range p {
		q, r := p[i], p[(i+1)%len(p)]
		a += q.X*r.Y - r.X*q.Y
	}
	return a / 2
}

// wound returns p wound positively (outer) or negatively (a hole).
func (p poly) wound(positive bool) poly {
	if (p.area() >= 0) == positive {
		return p
	}
	out := make(poly, len(p))
	for i, q := range p {
		out[len(p)-1-i] = q
	}
	return out
}

// Geometry sizes, from the stroke width w.
func arrowHead(w float64) float64   { return 4*w + 10 }
func markerWidth(w float64) float64 { return 3*w + 8 }
func stepRadius(w float64) float64  { return 2*w + 10 }
func textSize(w float64) float64    { return 4*w + 8 }

// markerAlpha is the marker's opacity: the text under it stays readable.
const markerAlpha = 0x70

// segments is how many sides a circle of radius r gets: about one per
// pixel of its circumference, and no fewer than 12.
func segments(r float64) int {
	return int(math.Max(12, math.Min(math.Ceil(2*math.Pi*r), 720)))
}

// ellipsePoly approximates the ellipse centred on c with radii rx, ry.
func ellipsePoly(c Point, rx, ry float64) poly {
	n := segments(math.Max(rx, ry))
	p := make(poly, n)
	for i := range p {
		t := 2 * math.Pi * float64(i) / float64(n)
		p[i] = Point{c.X + rx*math.Cos(t), c.Y + ry*math.Sin(t)}
	}
	return p.wound(true)
}

// segmentPoly is the rectangle of half-width hw around the segment a–b.
func segmentPoly(a, b Point, hw float64) poly {
	n := b.sub(a).unit().perp().scale(hw)
	return poly{a.plus(n), b.plus(n), b.sub(n), a.sub(n)}.wound(true)
}

// strokePolys is a polyline of width w with round joins and caps.
func strokePolys(pts []Point, w float64) []poly { return strokePolysFrom(pts, 0, w) }

// strokePolysFrom is the part of strokePolys(pts, w) that points from
// start on add: a stroke being drawn grows by these alone.
func strokePolysFrom(pts []Point, start int, w float64) []poly {
	hw := w / 2
	out := make([]poly, 0, 2*(len(pts)-start))
	for i := start; i < len(pts); i++ {
		p := pts[i]
		if i == 0 || p.dist(pts[i-1]) > 0.01 {
			out = append(out, ellipsePoly(p, hw, hw))
		}
		if i > 0 && p.dist(pts[i-1]) > 0.01 {
			out = append(out, segmentPoly(pts[i-1], p, hw))
		}
	}
	return out
}

// boxPolys is the outline of width w of the rectangle lo–hi, centred on its
// edges: an outer rectangle with an inner one cut out.
func boxPolys(lo, hi Point, w float64) []poly {
	hw := w / 2
	rect := func(a, b Point) poly { return poly{a, {b.X, a.Y}, b, {a.X, b.Y}} }
	out := []poly{rect(lo.Add(-hw, -hw), hi.Add(hw, hw)).wound(true)}
	if hi.X-lo.X > w && hi.Y-lo.Y > w {
		out = append(out, rect(lo.Add(hw, hw), hi.Add(-hw, -hw)).wound(false))
	}
	return out
}

// ellipseOutline is the outline of width w of the ellipse inscribed in lo–hi.
func ellipseOutline(lo, hi Point, w float64) []poly {
	c := lerpPt(lo, hi, 0.5)
	rx, ry, hw := (hi.X-lo.X)/2, (hi.Y-lo.Y)/2, w/2
	out := []poly{ellipsePoly(c, rx+hw, ry+hw)}
	if rx > hw && ry > hw {
		out = append(out, ellipsePoly(c, rx-hw, ry-hw).wound(false))
	}
	return out
}

// arrowPolys is a shaft from a with a swallow-tailed head whose tip is b.
// A short arrow gets a smaller head so that the head never overshoots a.
func arrowPolys(a, b Point, w float64) []poly {
	length := a.dist(b)
	if length < 0.5 {
		return []poly{ellipsePoly(b, w/2, w/2)}
	}
	head := math.Min(arrowHead(w), length)
	dir := b.sub(a).unit()
	n := dir.perp()
	base := b.sub(dir.scale(head))
	notch := b.sub(dir.scale(head * 0.72))
	half := head * 0.5
	out := []poly{{b, base.plus(n.scale(half)), notch, base.sub(n.scale(half))}}
	out[0] = out[0].wound(true)
	if shaftEnd := notch.plus(dir.scale(head * 0.1)); length > head*0.8 {
		out = append(out, ellipsePoly(a, w/2, w/2), segmentPoly(a, shaftEnd, w/2))
	}
	return out
}

// bounds is the pixel rectangle that covers every polygon, or false when
// there is none.
func polyBounds(ps []poly) (lo, hi Point, ok bool) {
	lo = Point{math.Inf(1), math.Inf(1)}
	hi = Point{math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		for _, q := range p {
			lo = Point{math.Min(lo.X, q.X), math.Min(lo.Y, q.Y)}
			hi = Point{math.Max(hi.X, q.X), math.Max(hi.Y, q.Y)}
			ok = true
		}
	}
	return lo, hi, ok
}

// distToSegment is the distance from p to the segment a–b.
func distToSegment(p, a, b Point) float64 {
	ab := b.sub(a)
	l2 := ab.dot(ab)
	if l2 == 0 {
		return p.dist(a)
	}
	t := math.Max(0, math.Min(1, p.sub(a).dot(ab)/l2))
	return p.dist(a.plus(ab.scale(t)))
}

// distToPolyline is the distance from p to the nearest segment of pts.
func distToPolyline(p Point, pts []Point) float64 {
	if len(pts) == 1 {
		return p.dist(pts[0])
	}
	d := math.Inf(1)
	for i := 1; i < len(pts); i++ {
		d = math.Min(d, distToSegment(p, pts[i-1], pts[i]))
	}
	return d
}
