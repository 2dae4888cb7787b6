package record

import (
	"image"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLiveEncode(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		fps    int
		crop   image.Rectangle
		want   []string // in order
	}{
		{"mp4", FormatMP4, 30, image.Rectangle{}, []string{"-vf crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0",
			"-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -g 30",
			"-movflags +frag_keyframe+empty_moov+default_base_moof -flush_packets 1 -f mp4 /r/x.part.mp4"}},
		{"gif source: better quality, keyframe each second", FormatGIF, 12, image.Rectangle{}, []string{"-crf 18", "-g 12"}},
		{"cropped region, cut to even", FormatMP4, 30, image.Rect(10, 20, 111, 221), []string{"-vf crop=100:200:10:20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(liveEncode(tt.format, tt.fps, tt.crop, "/r/x.part.mp4"), " ")
			assertInOrder(t, got, tt.want...)
			assertInOrder(t, got, "-an")
		})
	}
}

func TestRemuxMP4(t *testing.T) {
	got := strings.Join(remuxMP4("w.part.mp4", "o.mp4"), " ")
	if want := "-i w.part.mp4 -map 0:v:0 -c copy -movflags +faststart -f mp4 o.mp4"; got != want {
		t.Errorf("remuxMP4\n got %s\nwant %s", got, want)
	}
}

func TestGIFArgs(t *testing.T) {
	got := strings.Join(gifArgs("w.mp4", "o.gif", gifEncode{FPS: 12, Width: 960, Colors: 128}), " ")
	assertInOrder(t, got, "-i w.mp4 -filter_complex [0:v]fps=12,scale=960:-1:flags=lanczos,split[a][b];",
		"[a]palettegen=max_colors=128:stats_mode=diff[p];[b][p]paletteuse=", "-loop 0 -f gif o.gif")
	if got := strings.Join(gifArgs("w.mp4", "o.gif", gifEncode{FPS: 10, Colors: 256}), " "); !strings.Contains(got, "fps=10,split") {
		t.Errorf("no width, yet %s scales", got)
	}
}

func TestMP4Args(t *testing.T) {
	tests := []struct {
		e    mp4Encode
		want []string
		not  string
	}{
		{mp4Encode{Kbps: 800}, []string{"-b:v 800k -maxrate 1200k -bufsize 1600k", "-movflags +faststart"}, "-vf"},
		{mp4Encode{Kbps: 300, FPS: 15, Width: 960}, []string{"-vf fps=15,scale=960:-2:flags=lanczos", "-b:v 300k"}, "frag_"},
		{mp4Encode{Kbps: 300, Width: 640}, []string{"-vf scale=640:-2"}, "fps="},
	}
	for _, tt := range tests {
		got := strings.Join(mp4Args("w.mp4", "o.mp4", tt.e), " ")
		assertInOrder(t, got, tt.want...)
		if strings.Contains(got, tt.not) {
			t.Errorf("mp4Args(%+v) = %s: has %q", tt.e, got, tt.not)
		}
	}
}

func TestEvenSize(t *testing.T) {
	tests := []struct{ in, want image.Rectangle }{
		{image.Rect(0, 0, 1280, 800), image.Rect(0, 0, 1280, 800)},
		{image.Rect(3, 5, 104, 56), image.Rect(3, 5, 103, 55)},
		{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 0, 0)},
	}
	for _, tt := range tests {
		if got := evenSize(tt.in); got != tt.want {
			t.Errorf("evenSize(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// assertInOrder checks that parts occur in s, in this order.
func assertInOrder(t *testing.T, s string, parts ...string) {
	t.Helper()
	rest := s
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Errorf("%q not found (in order) in\n%s", p, s)
			return
		}
		rest = rest[i+len(p):]
	}
}

// The final encodes stop at --max-seconds: a recorder may stamp frames it
// took before the encoder wrote its first one (wf-recorder did, giving a
// 3.1 s clip for --max-seconds 2).
func TestFinalEncodesCutAtMaxLength(t *testing.T) {
	f := &files{maxLen: 2 * time.Second}
	got := f.cut(remuxMP4("w.mp4", "out.mp4"))
	want := append(remuxMP4("w.mp4", "out.mp4")[:len(remuxMP4("w.mp4", "out.mp4"))-1], "-t", "2.000", "out.mp4")
	if !slices.Equal(got, want) {
		t.Errorf("cut = %q, want %q", got, want)
	}
	if got := (&files{}).cut([]string{"-i", "w", "o"}); !slices.Equal(got, []string{"-i", "w", "o"}) {
		t.Errorf("no max length: %q, want the args unchanged", got)
	}
}
