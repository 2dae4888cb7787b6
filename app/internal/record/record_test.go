package record

import (
	"errors"
	"image"
	"strings"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	full := Target{Mode: ModeFull}
	tests := []struct {
		name    string
		in      Options
		format  Format
		fps     int
		wantErr string
	}{
		{"defaults: MP4 at 30 fps", Options{Target: full, Dir: "d"}, FormatMP4, 30, ""},
		{"GIF default 12 fps", Options{Target: full, Format: FormatGIF, Dir: "d"}, FormatGIF, 12, ""},
		{"GIF at 30 fps is held to 15", Options{Target: full, Format: FormatGIF, FPS: 30, Dir: "d"}, FormatGIF, 15, ""},
		{"GIF at 5 fps is raised to 10", Options{Target: full, Format: FormatGIF, FPS: 5, Dir: "d"}, FormatGIF, 10, ""},
		{"MP4 at 60 fps", Options{Target: full, FPS: 60, Dir: "d"}, FormatMP4, 60, ""},
		{"unknown format", Options{Target: full, Format: "webm", Dir: "d"}, "", 0, `unknown recording format "webm"`},
		{"unknown mode", Options{Target: Target{Mode: "screen"}, Dir: "d"}, "", 0, `unknown recording mode "screen"`},
		{"region too small", Options{Target: Target{Mode: ModeRegion, Rect: image.Rect(0, 0, 1, 50)}, Dir: "d"}, "", 0, "too small"},
		{"fps out of range", Options{Target: full, FPS: 500, Dir: "d"}, "", 0, "500 fps is not possible"},
		{"no folder", Options{Target: full}, "", 0, "no folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.normalize()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Format != tt.format || got.FPS != tt.fps {
				t.Fatalf("normalize = %s at %d fps, %v; want %s at %d", got.Format, got.FPS, err, tt.format, tt.fps)
			}
		})
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&MissingToolError{Tool: "wf-recorder", Package: "wf-recorder", Why: "to record the screen of a wlroots desktop"},
			"wf-recorder is needed to record the screen of a wlroots desktop: install the wf-recorder package (sudo apt install wf-recorder)"},
		{&TooBigError{Path: "/r/Recording.gif", Size: 1_400_000, Limit: 1_000_000},
			"the recording /r/Recording.gif could not be made smaller than 1.4 MB, over the host's limit of 1 MB: record a shorter clip or a smaller area"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestParseProbe(t *testing.T) {
	out := `{"programs":[],"streams":[{"codec_name":"h264","width":1280,"height":800,"avg_frame_rate":"30/1","nb_frames":"90"}],
		"format":{"duration":"3.000000","size":"123456"}}`
	c, err := parseProbe([]byte(out))
	want := clip{Duration: 3 * time.Second, Size: 123456, Frame: image.Pt(1280, 800), Codec: "h264", Frames: 90, FPS: 30}
	if err != nil || c != want {
		t.Errorf("parseProbe = %+v, %v; want %+v", c, err, want)
	}
	if _, err := parseProbe([]byte(`{"streams":[],"format":{}}`)); !errors.Is(err, ErrNothingRecorded) {
		t.Errorf("no video stream: %v, want ErrNothingRecorded", err)
	}
	if _, err := parseProbe([]byte(`not json`)); err == nil {
		t.Error("bad JSON read without an error")
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"30/1": 30, "25000/1000": 25, "0/0": 0, "": 0, "x/1": 0} {
		if got := parseRate(in); got != want {
			t.Errorf("parseRate(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTailKeepsTheEnd(t *testing.T) {
	var tl tail
	for i := 0; i < 100; i++ {
		_, _ = tl.Write([]byte("noise noise noise\n"))
	}
	_, _ = tl.Write([]byte("Cannot open display :5\n"))
	s := tl.suffix()
	if !strings.HasSuffix(s, "Cannot open display :5") || len(s) > tailLen+2 || strings.Contains(s, "\n") {
		t.Errorf("suffix = %q", s)
	}
	if (&tail{}).suffix() != "" {
		t.Error("an empty tail has a suffix")
	}
}
