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

// stall is the longest step of a benchmark's runs.
type stall time.Duration

// time runs step n times, keeping the longest.
func (s *stall) time(n int, step func(i int)) {
	for i := range n {
		t := time.Now()
		step(i)
		*s = stall(max(time.Duration(*s), time.Since(t)))
	}
}

// report gives the longest step as max-ms.
func (s *stall) report(b *testing.B) {
	b.ReportMetric(float64(time.Duration(*s).Microseconds())/1000, "max-ms")
}

// BenchmarkFreehandStroke: a 200-point stroke across the capture, each
// point an Update, as the editor does per mouse move.
func BenchmarkFreehandStroke(b *testing.B) {
	var worst stall
	defer worst.report(b)
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
		worst.time(len(path)-1, func(i int) {
			d.AppendPoint(id, path[i+1])
			s.Update()
		})
		d.End()
	}
}

// BenchmarkDragShape: a 600×400 box dragged 200 steps over the capture
// with other shapes on it.
func BenchmarkDragShape(b *testing.B) {
	var worst stall
	defer worst.report(b)
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
		worst.time(200, func(int) {
			d.Move(id, 7, 3)
			s.Update()
		})
		d.End()
	}
}

// BenchmarkDragRedaction: a redaction dragged: its cells are averaged
// again at each step.
func BenchmarkDragRedaction(b *testing.B) {
	var worst stall
	defer worst.report(b)
	img := screenshot(benchW, benchH)
	r := newTestRenderer(b)
	for range b.N {
		d := NewDocument("s.png", benchW, benchH)
		s := NewScene(d, img, r)
		id := d.Add(Shape{Kind: Redact, Points: pts(200, 200, 800, 600)})
		s.Update()
		d.Begin()
		worst.time(100, func(int) {
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
