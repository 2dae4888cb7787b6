package annotate

import "image"

// MinCell is the smallest side of a redaction cell, in pixels.
const MinCell = 12

// cellSize is the side redaction cells aim at in rectangle r: at least
// MinCell, and coarser for big areas, so that a redacted paragraph keeps no
// word shapes.
func cellSize(r image.Rectangle) int {
	return max(MinCell, min(r.Dx(), r.Dy())/6)
}

// cells splits r into a grid of cells of at least cellSize pixels (unless
// r itself is smaller), the remainder spread over the cells so that no
// thin leftover cell keeps detail. xs and ys are the cell edges.
func cells(r image.Rectangle) (xs, ys []int) {
	c := cellSize(r)
	split := func(lo, n int) []int {
		k := max(1, n/c)
		e := make([]int, k+1)
		for i := range e {
			e[i] = lo + i*n/k
		}
		return e
	}
	return split(r.Min.X, r.Dx()), split(r.Min.Y, r.Dy())
}

// pixelate replaces the pixels of r in dst, within clip, by coarse blocks:
// each cell of r becomes the average of that cell's pixels in src, the
// original image. No pixel of dst in r depends on anything but those
// averages.
func pixelate(dst, src *image.RGBA, r, clip image.Rectangle) {
	r = r.Intersect(src.Rect)
	if r.Empty() || !r.Overlaps(clip) {
		return
	}
	xs, ys := cells(r)
	for j := 1; j < len(ys); j++ {
		if ys[j] <= clip.Min.Y || ys[j-1] >= clip.Max.Y {
			continue
		}
		for i := 1; i < len(xs); i++ {
			cell := image.Rect(xs[i-1], ys[j-1], xs[i], ys[j])
			if !cell.Overlaps(clip) {
				continue
			}
			fill(dst, cell.Intersect(clip), average(src, cell))
		}
	}
}

// average is the mean of src's pixels in r, rounded, per premultiplied
// channel.
func average(src *image.RGBA, r image.Rectangle) [4]uint8 {
	var sum [4]uint64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := src.Pix[src.PixOffset(r.Min.X, y):src.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			sum[0] += uint64(row[i])
			sum[1] += uint64(row[i+1])
			sum[2] += uint64(row[i+2])
			sum[3] += uint64(row[i+3])
		}
	}
	n := uint64(r.Dx() * r.Dy())
	var out [4]uint8
	for i := range out {
		out[i] = uint8((sum[i] + n/2) / n)
	}
	return out
}

// fill paints r of dst in one colour: the first row pixel by pixel, the
// others copied from it.
func fill(dst *image.RGBA, r image.Rectangle, c [4]uint8) {
	if r.Empty() {
		return
	}
	first := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y):dst.PixOffset(r.Max.X, r.Min.Y)]
	for i := 0; i < len(first); i += 4 {
		copy(first[i:i+4], c[:])
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(dst.Pix[dst.PixOffset(r.Min.X, y):], first)
	}
}
