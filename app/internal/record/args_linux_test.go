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
