package record

import (
	"image"
	"strings"
	"testing"
)

func TestX11grabInput(t *testing.T) {
	got := strings.Join(x11grabInput(":99", image.Rect(100, 50, 740, 530), 30), " ")
	want := "-f x11grab -draw_mouse 1 -framerate 30 -video_size 640x480 -i :99+100,50"
	if got != want {
		t.Errorf("x11grabInput\n got %s\nwant %s", got, want)
	}
}

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

func TestWFRecorderArgs(t *testing.T) {
	tests := []struct {
		name   string
		target Target
		want   string // the end, after the common part
	}{
		{"full, one output", Target{Mode: ModeFull}, "-m matroska -f pipe:3"},
		{"named output", Target{Mode: ModeMonitor, Output: "HEADLESS-1"}, "-f pipe:3 -o HEADLESS-1"},
		{"region: geometry, even", Target{Mode: ModeRegion, Rect: image.Rect(10, 20, 311, 221), Output: "DP-1"}, "-f pipe:3 -g 10,20 300x200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := wfRecorderArgs(tt.target, FormatMP4, 30)
			got := strings.Join(args, " ")
			if !strings.HasPrefix(got, "-D -F fps=30 -c libx264 -x yuv420p -p preset=veryfast -p crf=23 -p g=30 ") || !strings.HasSuffix(got, tt.want) {
				t.Errorf("wfRecorderArgs = %s, want it to end with %q", got, tt.want)
			}
			// "-g 10,20 300x200" must reach wf-recorder as two arguments.
			if tt.target.Mode == ModeRegion && args[len(args)-1] != "10,20 300x200" {
				t.Errorf("geometry argument %q", args[len(args)-1])
			}
		})
	}
}

func TestGstArgs(t *testing.T) {
	got := strings.Join(gstArgs(42, 30), " ")
	want := "-e -q pipewiresrc fd=3 path=42 do-timestamp=true keepalive-time=500 ! videorate ! video/x-raw,framerate=30/1 " +
		"! videoconvert ! video/x-raw,format=I420 ! y4menc ! fdsink fd=4"
	if got != want {
		t.Errorf("gstArgs\n got %s\nwant %s", got, want)
	}
}

func TestCopyToWork(t *testing.T) {
	got := strings.Join(copyToWork("w.part.mp4"), " ")
	assertInOrder(t, got, "-probesize 32 -analyzeduration 0 -f matroska -i pipe:0", "-c:v copy", "+frag_keyframe+empty_moov", "-f mp4 w.part.mp4")
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
