package ui

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// The editor's targets (issue 12) are for a 2560×1440 capture: its first
// frame within 300 ms, and no UI-thread stall over 32 ms while drawing a
// 200-point freehand stroke or dragging a shape. The window here is the
// size an editor opens at on a 1920×1080 screen.
const (
	benchCapW, benchCapH = 2560, 1440
	benchPoints          = 200
)

var benchWindow = fyne.NewSize(1800, 1000)

// BenchmarkEditorOpen: from the PNG file to the editor's first frame:
// decode, scene, view tiles, layout, and the frame painted by the test
// driver's software painter (a stand-in for the GL paint, which the real
// driver does with the same tiles).
func BenchmarkEditorOpen(b *testing.B) {
	test.NewTempApp(b)
	src := filepath.Join(b.TempDir(), "capture.png")
	if err := annotate.SavePNG(src, editorCapture(benchCapW, benchCapH)); err != nil {
		b.Fatal(err)
	}
	fonts := annotate.Fonts{Regular: goregular.TTF, Bold: gobold.TTF}
	var built, painted time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		doc, img, err := annotate.Open(src, nil)
		if err != nil {
			b.Fatal(err)
		}
		w := test.NewWindow(nil)
		w.Resize(benchWindow)
		if _, err := NewEditor(w, EditorDeps{Doc: doc, Image: img, Fonts: fonts}); err != nil {
			b.Fatal(err)
		}
		built += time.Since(start)
		w.Canvas().Capture()
		painted += time.Since(start)
		b.StopTimer()
		w.Close()
		doc.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(built.Microseconds())/1000/float64(b.N), "ready-ms")
	b.ReportMetric(float64(painted.Microseconds())/1000/float64(b.N), "frame-ms")
}

// stallStats collects, over all of a benchmark's runs, the time each
// event handed to the view took on the UI thread's path.
type stallStats struct {
	wall, cpu []time.Duration
	sent      int64
}

// run times the events one call makes through step.
func (s *stallStats) run(env *editorEnv, events func(step func(func()))) {
	sent0 := env.e.view.sent
	clock, done := threadClock()
	defer done()
	events(func(ev func()) {
		t0, c0 := time.Now(), clock()
		ev()
		s.wall = append(s.wall, time.Since(t0))
		s.cpu = append(s.cpu, clock()-c0)
	})
	s.sent += env.e.view.sent - sent0
}

// report gives the longest stall (wall clock and CPU), the median, and
// the kilobytes of tiles an event re-sends to the GPU on average.
func (s *stallStats) report(b *testing.B) {
	slices.Sort(s.wall)
	slices.Sort(s.cpu)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(s.wall[len(s.wall)-1]), "max-ms")
	b.ReportMetric(ms(s.cpu[len(s.cpu)-1]), "max-cpu-ms")
	b.ReportMetric(ms(s.wall[len(s.wall)/2]), "median-ms")
	b.ReportMetric(float64(s.sent)/1024/float64(len(s.wall)), "KB/event")
}

// BenchmarkEditorFreehand: a 200-point pen stroke across the capture,
// each point one Dragged event, over a picture that has shapes already;
// each run's stroke is undone before the next.
func BenchmarkEditorFreehand(b *testing.B) {
	env := benchEditor(b)
	env.key(fyne.KeyP)
	v := env.e.view
	var st stallStats
	b.ResetTimer()
	for range b.N {
		st.run(env, func(step func(func())) {
			prev := env.at(200, 700)
			step(func() { v.MouseDown(primaryAt(prev)) })
			for i := 1; i < benchPoints; i++ {
				f := float64(i) / benchPoints
				pos := env.at(200+2100*f, 700+450*wavy(f*9))
				step(func() { v.Dragged(dragTo(prev, pos)) })
				prev = pos
			}
			step(func() { v.MouseUp(primaryAt(prev)); v.DragEnd() })
		})
		b.StopTimer()
		env.e.Undo()
		b.StartTimer()
	}
	st.report(b)
}

// BenchmarkEditorDragShape: a 600×400 rectangle dragged 200 steps across
// the capture with the select tool; each run's move is undone.
func BenchmarkEditorDragShape(b *testing.B) {
	env := benchEditor(b)
	env.key(fyne.KeyR)
	env.drag(300, 300, [2]float64{900, 700})
	env.key(fyne.KeyV)
	v := env.e.view
	var st stallStats
	b.ResetTimer()
	for range b.N {
		st.run(env, func(step func(func())) {
			prev := env.at(900, 500) // on the right edge
			step(func() { v.MouseDown(primaryAt(prev)) })
			for i := 1; i <= benchPoints; i++ {
				pos := env.at(900+float64(i)*6, 500+float64(i)*3)
				step(func() { v.Dragged(dragTo(prev, pos)) })
				prev = pos
			}
			step(func() { v.MouseUp(primaryAt(prev)); v.DragEnd() })
		})
		b.StopTimer()
		env.e.Undo()
		b.StartTimer()
	}
	st.report(b)
}

func primaryAt(p fyne.Position) *desktop.MouseEvent {
	return &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary}
}

func dragTo(from, to fyne.Position) *fyne.DragEvent {
	return &fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)}
}

// benchEditor is an editor on a 2560×1440 capture with a few shapes.
func benchEditor(b *testing.B) *editorEnv {
	b.Helper()
	env := newEditorEnv(b, "en", benchCapW, benchCapH, benchWindow)
	env.key(fyne.KeyX)
	env.drag(1700, 200, [2]float64{2300, 500})
	env.key(fyne.KeyA)
	env.drag(100, 1300, [2]float64{1200, 800})
	env.key(fyne.KeyT)
	env.click(1500, 1000)
	env.typeText("Look at this")
	env.key(fyne.KeyEscape)
	return env
}

// wavy is a smooth curve between -1 and 1.
func wavy(x float64) float64 {
	x -= float64(int(x/4) * 4)
	if x < 2 {
		return 1 - (x-1)*(x-1)
	}
	return (x-3)*(x-3) - 1
}
