package annotate

import (
	"image"
	"testing"
	"time"
)

// The editor's speed targets are for a 2560×1440 capture.
const benchW, benchH = 2560, 1440

// BenchmarkNewScene: from a decoded capture to its first frame.
func BenchmarkNewScene(b *testing.B) {
	img := screenshot(benchW, benchH)
	r := newTestRenderer(b)
	b.ResetTimer()
	for range b.N {
		NewScene(NewDocument("s.png", benchW, benchH), img, r)
	}
}

// maxStall runs step n times and reports the longest one as max-ms.
func maxStall(b *testing.B, n int, step func(i int)) {
	b.Helper()
	var worst time.Duration
	for i := range n {
		t := time.Now()
		step(i)
		worst = max(worst, time.Since(t))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "max-ms")
}

// BenchmarkFreehandStroke: a 200-point stroke across the capture, each
// point an Update, as the editor does per mouse move.
func BenchmarkFreehandStroke(b *testing.B) {
	img := screenshot(benchW, benchH)
	r := newTestRenderer(b)
	path := wave(200, 200, 700, 2000, 500)
	for range b.N {
		d := NewDocument("s.png", benchW, benchH)
		s := NewScene(d, img, r)
		d.Add(Shape{Kind: Rect, Color: 1, Width: 4, Points: pts(100, 100, 2400, 1300)})
		s.Update()
		d.Begin()
		id := d.Add(Shape{Kind: Pen, Color: 1, Width: 4, Points: path[:1]})
		maxStall(b, len(path)-1, func(i int) {
			d.AppendPoint(id, path[i+1])
			s.Update()
		})
		d.End()
	}
}

// BenchmarkDragShape: a 600×400 box dragged 200 steps over the capture
// with other shapes on it.
func BenchmarkDragShape(b *testing.B) {
	img := screenshot(benchW, benchH)
	r := newTestRenderer(b)
	for range b.N {
		d := NewDocument("s.png", benchW, benchH)
		s := NewScene(d, img, r)
		d.Add(Shape{Kind: Redact, Points: pts(1500, 200, 2000, 500)})
		d.Add(Shape{Kind: Pen, Color: 2, Width: 4, Points: wave(100, 100, 700, 2200, 300)})
		id := d.Add(Shape{Kind: Rect, Color: 1, Width: 4, Points: pts(200, 200, 800, 600)})
		s.Update()
		d.Begin()
		maxStall(b, 200, func(int) {
			d.Move(id, 7, 3)
			s.Update()
		})
		d.End()
	}
}

// BenchmarkDragRedaction: a redaction dragged: its cells are averaged
// again at each step.
func BenchmarkDragRedaction(b *testing.B) {
	img := screenshot(benchW, benchH)
	r := newTestRenderer(b)
	for range b.N {
		d := NewDocument("s.png", benchW, benchH)
		s := NewScene(d, img, r)
		id := d.Add(Shape{Kind: Redact, Points: pts(200, 200, 800, 600)})
		s.Update()
		d.Begin()
		maxStall(b, 100, func(int) {
			d.Move(id, 7, 3)
			s.Update()
		})
		d.End()
	}
}

// BenchmarkExport: the frame cut to its crop, as an upload starts.
func BenchmarkExport(b *testing.B) {
	d := NewDocument("s.png", benchW, benchH)
	d.SetCrop(image.Rect(0, 0, benchW, benchH-1))
	s := NewScene(d, screenshot(benchW, benchH), newTestRenderer(b))
	b.ResetTimer()
	for range b.N {
		s.Export()
	}
}
