package record

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// The programs the back-ends run, with the Debian packages that have them.
var (
	toolFFmpeg  = tool{"ffmpeg", "ffmpeg", "to encode screen recordings"}
	toolFFprobe = tool{"ffprobe", "ffmpeg", "to read screen recordings"}
)

// tool is a program and where it comes from.
type tool struct{ name, pkg, why string }

// tools finds and runs the programs; look is exec.LookPath but for tests.
type tools struct {
	look func(string) (string, error)
}

func systemTools() tools { return tools{look: exec.LookPath} }

// path finds t, or says which package to install.
func (ts tools) path(t tool) (string, error) {
	p, err := ts.look(t.name)
	if err != nil {
		return "", &MissingToolError{Tool: t.name, Package: t.pkg, Why: t.why}
	}
	return p, nil
}

// run runs t with args and returns its output; a failure carries the end
// of what it wrote on stderr.
func (ts tools) run(ctx context.Context, t tool, args ...string) ([]byte, error) {
	p, err := ts.path(t)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, p, args...)
	var stderr tail
	cmd.Stderr = &stderr
	cmd.SysProcAttr = childAttr()
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s failed: %w%s", t.name, err, stderr.suffix())
	}
	return out, nil
}

// ffmpeg runs ffmpeg quietly, without reading stdin, with args.
func (ts tools) ffmpeg(ctx context.Context, args ...string) error {
	_, err := ts.run(ctx, toolFFmpeg, append(ffmpegCommon(), args...)...)
	return err
}

// ffmpegCommon are the options every ffmpeg run starts with.
func ffmpegCommon() []string {
	return []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}
}

// clip is what ffprobe says about a video file.
type clip struct {
	Duration time.Duration
	Size     int64
	Frame    image.Point
	Codec    string
	Frames   int     // 0 when ffprobe does not count them
	FPS      float64 // average
}

// probe reads a video file's first video stream.
func (ts tools) probe(ctx context.Context, path string) (clip, error) {
	out, err := ts.run(ctx, toolFFprobe, "-v", "error", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,width,height,nb_frames,avg_frame_rate:format=duration,size",
		"-of", "json", path)
	if err != nil {
		return clip{}, err
	}
	return parseProbe(out)
}

// parseProbe reads ffprobe's JSON; a file without a video stream is
// ErrNothingRecorded.
func parseProbe(out []byte) (clip, error) {
	var p struct {
		Streams []struct {
			Codec  string `json:"codec_name"`
			Width  int    `json:"width"`
			Height int    `json:"height"`
			Frames string `json:"nb_frames"`
			Rate   string `json:"avg_frame_rate"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
			Size     string `json:"size"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &p); err != nil {
		return clip{}, fmt.Errorf("read ffprobe's answer: %w", err)
	}
	if len(p.Streams) == 0 || p.Streams[0].Width == 0 {
		return clip{}, ErrNothingRecorded
	}
	s := p.Streams[0]
	secs, _ := strconv.ParseFloat(p.Format.Duration, 64)
	size, _ := strconv.ParseInt(p.Format.Size, 10, 64)
	frames, _ := strconv.Atoi(s.Frames)
	return clip{
		Duration: time.Duration(secs * float64(time.Second)),
		Size:     size,
		Frame:    image.Pt(s.Width, s.Height),
		Codec:    s.Codec,
		Frames:   frames,
		FPS:      parseRate(s.Rate),
	}, nil
}

// parseRate reads a rate such as "30/1" or "25000/1001"; 0 when unknown.
func parseRate(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if !ok || err1 != nil || err2 != nil || d == 0 {
		return 0
	}
	return n / d
}

// tail keeps the last bytes a process wrote on stderr, for error messages.
type tail struct{ b []byte }

const tailLen = 600

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2*tailLen {
		t.b = append(t.b[:0], t.b[len(t.b)-tailLen:]...)
	}
	return len(p), nil
}

// suffix is ": <last lines>" or "".
func (t *tail) suffix() string {
	b := bytes.TrimSpace(t.b)
	if len(b) > tailLen {
		b = b[len(b)-tailLen:]
	}
	if len(b) == 0 {
		return ""
	}
	return ": " + strings.Join(strings.Fields(string(b)), " ")
}

// stderrLog is where a recording tool writes its messages: a file, not a
// pipe, so that a tool never dies of a broken pipe (SIGPIPE) while it
// finishes its file after Upshot itself died. The file is unlinked at once.
type stderrLog struct{ f *os.File }

func newStderrLog() *stderrLog {
	f, err := os.CreateTemp("", "upshot-record-*.log")
	if err != nil {
		return &stderrLog{} // the messages are lost, the recording is not
	}
	_ = os.Remove(f.Name())
	return &stderrLog{f: f}
}

// suffix is ": <last lines>" or "".
func (l *stderrLog) suffix() string {
	if l.f == nil {
		return ""
	}
	st, err := l.f.Stat()
	if err != nil {
		return ""
	}
	off := max(0, st.Size()-tailLen)
	b := make([]byte, st.Size()-off)
	n, _ := l.f.ReadAt(b, off)
	t := tail{b: b[:n]}
	return t.suffix()
}

func (l *stderrLog) close() {
	if l.f != nil {
		l.f.Close()
	}
}

// formatSize writes a size as the hosts do (1000-based: "4.8 MB").
func formatSize(n int64) string { return uploader.FormatSize(n) }
