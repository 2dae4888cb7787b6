package record

import (
	"image"
	"testing"
	"time"
)

func screenClip(d time.Duration) clip {
	return clip{Duration: d, Frame: image.Pt(1280, 800), FPS: 30}
}

func TestPlanMP4(t *testing.T) {
	tests := []struct {
		name  string
		c     clip
		limit int64
		last  *mp4Try
		want  mp4Encode
		ok    bool
	}{
		{"short clip, roomy limit: bit rate only", screenClip(3 * time.Second), 5_000_000, nil, mp4Encode{Kbps: 12378}, true},
		{"long clip, 1 MB: fps down to 10, then 3/4 of the width", screenClip(30 * time.Second), 1_000_000, nil,
			mp4Encode{Kbps: 245, FPS: 10, Width: 960}, true},
		{"fps alone is enough", screenClip(10 * time.Second), 1_000_000, nil, mp4Encode{Kbps: 737, FPS: 20}, true},
		{"the last try overshot: lower by what it missed", screenClip(30 * time.Second), 1_000_000,
			&mp4Try{mp4Encode{Kbps: 245, FPS: 10, Width: 960}, 1_200_000}, mp4Encode{Kbps: 189, FPS: 10, Width: 960}, true},
		{"a 25 fps source keeps its rate", clip{Duration: 4 * time.Second, Frame: image.Pt(640, 480), FPS: 25}, 1_000_000, nil,
			mp4Encode{Kbps: 1844}, true},
		{"ten minutes in 1 MB: hopeless", screenClip(10 * time.Minute), 1_000_000, nil, mp4Encode{}, false},
		{"no duration", screenClip(0), 1_000_000, nil, mp4Encode{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := planMP4(tt.c, tt.limit, tt.last)
			if got != tt.want || ok != tt.ok {
				t.Errorf("planMP4 = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestPlanGIF(t *testing.T) {
	first := gifEncode{FPS: 12, Width: 960, Colors: 256}
	tests := []struct {
		name string
		last gifTry
		want gifEncode
		ok   bool
	}{
		{"a little over: fewer colours", gifTry{first, 1_050_000}, gifEncode{FPS: 12, Width: 960, Colors: 128}, true},
		{"more: fewest colours, then a frame less", gifTry{first, 1_300_000}, gifEncode{FPS: 11, Width: 960, Colors: 64}, true},
		{"far over: colours, 10 fps, then the width", gifTry{first, 2_350_000}, gifEncode{FPS: 10, Width: 778, Colors: 64}, true},
		{"colours and fps used up: the width", gifTry{gifEncode{FPS: 10, Width: 778, Colors: 64}, 1_100_000},
			gifEncode{FPS: 10, Width: 714, Colors: 64}, true},
		{"would be narrower than 160 px", gifTry{gifEncode{FPS: 10, Width: 170, Colors: 64}, 9_000_000}, gifEncode{}, false},
		{"no size", gifTry{first, 0}, gifEncode{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := planGIF(1_000_000, tt.last)
			if got != tt.want || ok != tt.ok {
				t.Errorf("planGIF = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestPlanGIFConverges: with sizes that follow the planners' model, a GIF
// far over the limit fits within fitTries.
func TestPlanGIFConverges(t *testing.T) {
	const limit = 1_000_000
	model := func(e gifEncode) int64 { // 9 MB at 12 fps, 960 px, 256 colours
		return int64(9e6 * float64(e.FPS) / 12 * float64(e.Width*e.Width) / (960 * 960) * colorShare(e.Colors) * 1.05)
	}
	last := gifTry{gifEncode{FPS: 12, Width: 960, Colors: 256}, 9_000_000}
	for i := 0; i < fitTries; i++ {
		e, ok := planGIF(limit, last)
		if !ok {
			t.Fatalf("gave up after %d tries at %+v", i, last)
		}
		last = gifTry{e, model(e)}
		if last.Size <= limit {
			return
		}
	}
	t.Fatalf("still %d bytes after %d tries (%+v)", last.Size, fitTries, last)
}

func TestDescribeFit(t *testing.T) {
	c := screenClip(10 * time.Second)
	tests := []struct {
		got, want string
	}{
		{describeFit(4_850_000, c, 0, 256, 12, 960), "re-encoded to 4.8 MB: 12 fps, 960 px wide"},
		{describeFit(980_123, c, 245, 0, 10, 960), "re-encoded to 980 KB: 245 kbit/s, 10 fps, 960 px wide"},
		{describeFit(4_999_999, c, 1300, 0, 0, 0), "re-encoded to 4.9 MB: 1300 kbit/s"},
		{describeFit(700_000, clip{FPS: 12, Frame: image.Pt(960, 600)}, 0, 128, 12, 960), "re-encoded to 700 KB: 128 colours"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFormatSizeDown(t *testing.T) {
	for n, want := range map[int64]string{12: "12 B", 999_999: "999 KB", 1_000_000: "1.0 MB", 4_999_999: "4.9 MB", 12_345_678: "12.3 MB"} {
		if got := formatSizeDown(n); got != want {
			t.Errorf("formatSizeDown(%d) = %q, want %q", n, got, want)
		}
	}
}
