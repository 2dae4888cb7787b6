package record

import (
	"context"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lavfiBackend records ffmpeg's moving test pattern instead of a screen,
// in real time (-re), so that the recording's life cycle is tested
// without a display. wrap, when set, runs ffmpeg through sh -c with it
// appended (e.g. "; exit 3").
type lavfiBackend struct {
	ffmpeg string
	source string // the lavfi graph; "" is a 320×240 test pattern
	wrap   string
	before string // a shell command run before ffmpeg starts (e.g. "sleep 1")
}

func (b *lavfiBackend) name() string { return "lavfi" }

func (b *lavfiBackend) start(_ context.Context, opts Options, work string) (*pipeline, error) {
	src := b.source
	if src == "" {
		src = "testsrc2=size=320x240:rate=" + strconv.Itoa(opts.FPS)
	}
	args := append(ffmpegCommon(), "-re", "-f", "lavfi", "-i", src)
	args = append(args, liveEncode(opts.Format, opts.FPS, image.Rectangle{}, work)...)
	p := &pipeline{}
	if b.before != "" {
		p.add("/bin/sh", append([]string{"-c", b.before + `; exec "$0" "$@"`, b.ffmpeg}, args...)...)
	} else if b.wrap != "" {
		p.add("/bin/sh", append([]string{"-c", `"$0" "$@"` + b.wrap, b.ffmpeg}, args...)...)
	} else {
		p.add(b.ffmpeg, args...)
	}
	return p, nil
}

// needFFmpeg returns ffmpeg's path; the tests that encode need it.
func needFFmpeg(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"ffprobe", "ffmpeg"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatalf("%s is missing: run .ci/deps.sh test", tool)
		}
		if tool == "ffmpeg" {
			return p
		}
	}
	return ""
}

// lavfiRecorder is a Recorder whose back-end is b (a test pattern).
func lavfiRecorder(t *testing.T, b *lavfiBackend) *Recorder {
	t.Helper()
	b.ffmpeg = needFFmpeg(t)
	r := New(SessionX11, os.Getenv)
	r.choose = func(Target) (backend, error) { return b, nil }
	return r
}

// recordFor starts opts and stops after d of recording.
func recordFor(t *testing.T, r *Recorder, opts Options, d time.Duration) (*Result, error) {
	t.Helper()
	rec, err := r.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	for rec.Elapsed() < d {
		time.Sleep(20 * time.Millisecond)
	}
	rec.Stop()
	return rec.Wait()
}

func TestRecordingStop(t *testing.T) {
	dir := t.TempDir()
	res, err := recordFor(t, lavfiRecorder(t, &lavfiBackend{}), Options{Target: Target{Mode: ModeFull}, Dir: dir}, 1500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatMP4 || res.Frame != image.Pt(320, 240) || res.Duration < time.Second || res.Backend != "lavfi" {
		t.Errorf("result %+v, want a 320×240 MP4 of 1.5 s", res)
	}
	if res.CPU <= 0 || res.Size != fileSizeOf(t, res.Path) || res.Fitted != "" || res.Original != "" {
		t.Errorf("result %+v: CPU, size or fitting wrong", res)
	}
	if got := names(t, dir); len(got) != 1 || got[0] != filepath.Base(res.Path) || !strings.HasPrefix(got[0], "Recording ") {
		t.Errorf("folder holds %v, want only the recording", got)
	}
}

func TestRecordingMaxDuration(t *testing.T) {
	r := lavfiRecorder(t, &lavfiBackend{})
	rec, err := r.Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: t.TempDir(), MaxDuration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait() // no Stop: the limit ends it
	if err != nil {
		t.Fatal(err)
	}
	if res.Duration <= 0 || res.Duration > 1500*time.Millisecond {
		t.Errorf("recorded %v with a 1 s limit", res.Duration)
	}
}

// The time limit counts from the first frame: a recorder slow to start
// (a loaded machine) does not eat into the clip.
func TestRecordingMaxDurationCountsFromTheFirstFrame(t *testing.T) {
	r := lavfiRecorder(t, &lavfiBackend{before: "sleep 1.5"})
	rec, err := r.Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: t.TempDir(), MaxDuration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if res.Duration < 700*time.Millisecond || res.Duration > 1500*time.Millisecond {
		t.Errorf("recorded %v with a 1 s limit and a recorder 1.5 s slow to start", res.Duration)
	}
}

func TestRecordingCanceled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	rec, err := lavfiRecorder(t, &lavfiBackend{}).Start(ctx, Options{Target: Target{Mode: ModeFull}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	res, err := rec.Wait()
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("Wait after cancel = %v, %v", res, err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a canceled recording left %v", got)
	}
}

func TestRecordingEndedByTheSource(t *testing.T) {
	// The tool ends by itself, cleanly (the desktop stopped the screencast).
	r := lavfiRecorder(t, &lavfiBackend{source: "testsrc2=size=320x240:rate=30:duration=1"})
	rec, err := r.Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait()
	if err != nil || res.Duration < 900*time.Millisecond {
		t.Fatalf("Wait = %+v, %v; want the 1 s clip", res, err)
	}
}

func TestRecordingInterrupted(t *testing.T) {
	// The tool fails after recording a second: what it wrote is kept.
	r := lavfiRecorder(t, &lavfiBackend{source: "testsrc2=size=320x240:rate=30:duration=1", wrap: "; echo 'the compositor went away' >&2; exit 3"})
	rec, err := r.Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait()
	if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "the compositor went away") {
		t.Fatalf("Wait error %v, want ErrInterrupted with the tool's message", err)
	}
	if res == nil || res.Duration < 900*time.Millisecond || fileSizeOf(t, res.Path) == 0 {
		t.Fatalf("result %+v, want the second recorded", res)
	}
}

func TestRecordingFailsAtOnce(t *testing.T) {
	dir := t.TempDir()
	r := lavfiRecorder(t, &lavfiBackend{source: "nosuchsource=size=320x240"})
	rec, err := r.Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait()
	if !errors.Is(err, ErrNothingRecorded) || !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "nosuchsource") || res != nil {
		t.Fatalf("Wait = %v, %v; want ErrNothingRecorded with ffmpeg's complaint", res, err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a failed recording left %v", got)
	}
}

func TestRecordingFitsMP4(t *testing.T) {
	const limit = 120_000
	noisy := "testsrc2=size=480x360:rate=30,noise=alls=40:allf=t"
	dir := t.TempDir()
	res, err := recordFor(t, lavfiRecorder(t, &lavfiBackend{source: noisy}), Options{Target: Target{Mode: ModeFull}, Dir: dir, SizeLimit: limit}, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res.Original == "" || fileSizeOf(t, res.Original) <= limit {
		t.Fatalf("original %q is not over %d bytes: the test proves nothing", res.Original, limit)
	}
	if res.Size > limit || fileSizeOf(t, res.Path) > limit || !strings.Contains(res.Fitted, "kbit/s") {
		t.Errorf("fitted %q: %d bytes (%s), want ≤ %d", res.Path, res.Size, res.Fitted, limit)
	}
	if !strings.HasSuffix(res.Path, " (smaller).mp4") || res.Duration < 1500*time.Millisecond {
		t.Errorf("fitted %s of %v", res.Path, res.Duration)
	}
	if got := names(t, dir); len(got) != 2 {
		t.Errorf("folder holds %v, want the recording and its smaller copy", got)
	}
	t.Logf("%s (original %d bytes)", res.Fitted, fileSizeOf(t, res.Original))
}

func TestRecordingGIF(t *testing.T) {
	res, err := recordFor(t, lavfiRecorder(t, &lavfiBackend{}), Options{Target: Target{Mode: ModeFull}, Format: FormatGIF, Dir: t.TempDir()}, 1500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(res.Path)
	if !strings.HasPrefix(string(b), "GIF89a") || res.Format != FormatGIF || res.Frame != image.Pt(320, 240) {
		t.Fatalf("%s (%v): not a 320×240 GIF", res.Path, res.Frame)
	}
	if n := strings.Count(string(b), "\x21\xf9\x04"); n < 10 { // graphic control extensions: one per frame
		t.Errorf("GIF has %d frames, want an animation", n)
	}
}

func TestTooBigKeepsTheRecording(t *testing.T) {
	noisy := "testsrc2=size=480x360:rate=30,noise=alls=60:allf=t"
	dir := t.TempDir()
	res, err := recordFor(t, lavfiRecorder(t, &lavfiBackend{source: noisy}), Options{Target: Target{Mode: ModeFull}, Format: FormatGIF, Dir: dir, SizeLimit: 2000}, time.Second)
	var tb *TooBigError
	if !errors.As(err, &tb) || tb.Limit != 2000 || tb.Size <= 2000 {
		t.Fatalf("err = %v, want a TooBigError", err)
	}
	if res == nil || fileSizeOf(t, res.Path) == 0 || tb.Path != res.Path {
		t.Fatalf("result %+v: the recording is gone", res)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want the recording only", got)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func fileSizeOf(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
