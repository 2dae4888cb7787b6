//go:build e2e

package record

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jezek/xgb"
)

// The end-to-end tests record the Xvfb screen that .ci/e2e.sh starts
// (1280×800) while a test client moves a square across it.
//
// The wf-recorder back-end runs for real in the app's e2e suite
// (app/internal/e2e TestSwayRecordFullWithWFRecorder: `upshot record full`
// in the harness's headless sway). TODO: the portal back-end is tested
// only through its arguments and D-Bus conversation, and a region in sway
// not yet. A region test would run as the harness's
// unprivileged user with its WAYLAND_DISPLAY and XDG_RUNTIME_DIR:
// New(SessionWayland, env).Check(ModeRegion) picks "wf-recorder" (sway
// offers zwlr_screencopy_manager_v1); a 3-second region recording while a
// client window changes colour is an H.264 MP4 of the region's size whose
// frames differ; Stop ends it even when the screen is still (wf-recorder
// 0.3 ignores SIGINT while it waits for damage unless given -D). All of
// that was checked by hand in a headless sway 1.7 (full, region, region
// as GIF). Note that sway hands wf-recorder frames only when the output
// is repainted: on a still screen the clip is a few frames long (the app
// test repaints the background meanwhile).

func TestMain(m *testing.M) {
	xgb.Logger.SetOutput(io.Discard) // "trying connection without authority info"
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(helperRecord(dir))
	}
	os.Exit(m.Run())
}

// record records opts for d with the X11 back-end.
func record(t *testing.T, opts Options, d time.Duration) (*Result, error) {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	rec, err := New(SessionX11, os.Getenv).Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	time.Sleep(d)
	rec.Stop()
	return rec.Wait()
}

func TestRecordFullScreenMP4(t *testing.T) {
	m := startMover(t, false)
	res, err := record(t, Options{Target: Target{Mode: ModeFull}}, 3*time.Second)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	if res.Format != FormatMP4 || filepath.Ext(res.Path) != ".mp4" || res.Backend != "x11grab" {
		t.Errorf("result %+v, want an x11grab .mp4", res)
	}
	info := ffprobe(t, res.Path)
	if info["codec_name"] != "h264" || info["pix_fmt"] != "yuv420p" {
		t.Errorf("stream is %s/%s, want h264/yuv420p", info["codec_name"], info["pix_fmt"])
	}
	if got := info["width"] + "x" + info["height"]; got != fmt.Sprintf("%dx%d", m.size.Dx(), m.size.Dy()) {
		t.Errorf("frame is %s, the screen %v", got, m.size.Size())
	}
	if res.Frame != m.size.Size() {
		t.Errorf("Result.Frame = %v, want %v", res.Frame, m.size.Size())
	}
	secs, _ := strconv.ParseFloat(info["duration"], 64)
	if secs < 2.5 || secs > 3.6 || res.Duration.Seconds() < 2.5 || res.Duration.Seconds() > 3.6 {
		t.Errorf("duration %s s (Result %v), want about 3 s", info["duration"], res.Duration)
	}
	assertFastStart(t, res.Path)
	first, last := frameAt(t, res.Path, 0.3), frameAt(t, res.Path, 2.6)
	a, b := squareIn(first), squareIn(last)
	if a == nil || b == nil {
		t.Fatalf("the moving square is not in the frames (at 0.3 s: %v, at 2.6 s: %v)", a, b)
	}
	if a.Min.X == b.Min.X {
		t.Errorf("the square is at x=%d at 0.3 s and at 2.6 s: the frames do not change", a.Min.X)
	}
	if n := differing(first, last); n < squareSize*squareSize {
		t.Errorf("only %d pixels differ between 0.3 s and 2.6 s", n)
	}
	if len(listDir(t, filepath.Dir(res.Path))) != 1 {
		t.Errorf("the folder holds %v, want only the recording", listDir(t, filepath.Dir(res.Path)))
	}
}

func TestRecordRegionIsCutToEvenSize(t *testing.T) {
	startMover(t, false)
	res, err := record(t, Options{Target: Target{Mode: ModeRegion, Rect: image.Rect(101, 201, 402, 352)}}, 1500*time.Millisecond)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	if res.Frame != image.Pt(300, 150) {
		t.Errorf("region 301×151 recorded as %v, want 300×150", res.Frame)
	}
}

func TestRecordGIFFitsTheLimit(t *testing.T) {
	startMover(t, true) // with noise: too big for 1 MB as it is
	const limit = 1_000_000
	res, err := record(t, Options{Target: Target{Mode: ModeFull}, Format: FormatGIF, SizeLimit: limit}, 3*time.Second)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	head := readHead(t, res.Path, 6)
	if string(head) != "GIF89a" {
		t.Fatalf("%s starts %q, want a GIF", res.Path, head)
	}
	if res.Size > limit || fileSizeT(t, res.Path) > limit {
		t.Errorf("GIF is %d bytes, over the %d limit", res.Size, limit)
	}
	if res.Original == "" || fileSizeT(t, res.Original) <= limit || !strings.HasPrefix(res.Fitted, "re-encoded to ") {
		t.Errorf("want a re-encoded copy of a GIF over the limit; got original %q, fitted %q", res.Original, res.Fitted)
	}
	if res.Frame.X > MaxGIFWidth {
		t.Errorf("GIF is %v, wider than %d", res.Frame, MaxGIFWidth)
	}
	if n := gifFrames(t, res.Path); n < 10 {
		t.Errorf("GIF has %d frames, want an animation", n)
	}
	first, last := frameAt(t, res.Path, 0.3), frameAt(t, res.Path, 2.4)
	if a, b := squareIn(first), squareIn(last); a == nil || b == nil || a.Min.X == b.Min.X {
		t.Errorf("the moving square in the GIF: at 0.3 s %v, at 2.4 s %v; want it, moved", a, b)
	}
	t.Logf("%s; original %d bytes, fitted %d bytes %v", res.Fitted, fileSizeT(t, res.Original), res.Size, res.Frame)
}

func TestRecordEncoderKilledKeepsWhatWasRecorded(t *testing.T) {
	startMover(t, false)
	rec, err := New(SessionX11, os.Getenv).Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	written := waitWritten(t, rec.Path(), 2*time.Second)
	pid := encoderPid(t, rec.Path())
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	res, err := rec.Wait()
	if !errors.Is(err, ErrInterrupted) || res == nil {
		t.Fatalf("Wait after the encoder was killed = %v, %v; want ErrInterrupted with the result", res, err)
	}
	if res.Duration < written || ffprobe(t, res.Path)["codec_name"] != "h264" {
		t.Errorf("kept %v of H.264 (%v), want at least the %v written before the kill", res.Duration, ffprobe(t, res.Path), written)
	}
}

// helperEnv makes the test binary a stand-in for the app: it records into
// the folder it names until it is killed.
const helperEnv = "UPSHOT_RECORD_HELPER_DIR"

func helperRecord(dir string) int {
	rec, err := New(SessionX11, os.Getenv).Start(context.Background(), Options{Target: Target{Mode: ModeFull}, Dir: dir})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("recording", rec.Path())
	<-rec.Done()
	return 0
}

func TestRecordAppKilledLeavesALeftover(t *testing.T) {
	startMover(t, false)
	dir := t.TempDir()
	app := exec.Command(os.Args[0], "-test.run=^$")
	app.Env = append(os.Environ(), helperEnv+"="+dir)
	out, _ := app.StdoutPipe()
	app.Stderr = os.Stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 4096)
	n, _ := out.Read(line)
	work, ok := strings.CutPrefix(strings.TrimSpace(string(line[:n])), "recording ")
	if !ok {
		t.Fatalf("helper said %q", line[:n])
	}
	if l, _ := FindLeftovers(dir); len(l) != 0 {
		t.Fatalf("FindLeftovers lists %d recordings while one runs", len(l))
	}
	written := waitWritten(t, work, 2*time.Second)
	pid := encoderPid(t, work)
	_ = app.Process.Kill() // kill -9: no chance to stop the encoder
	_ = app.Wait()
	waitGone(t, pid) // the encoder does not record on for ever
	left, err := FindLeftovers(dir)
	if err != nil || len(left) != 1 || left[0].Path != work || left[0].Format != FormatMP4 {
		t.Fatalf("FindLeftovers = %v, %v; want the one recording %s", left, err, work)
	}
	res, err := left[0].Finish(context.Background(), 0)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if res.Duration < written || ffprobe(t, res.Path)["codec_name"] != "h264" {
		t.Errorf("recovered %v (%v), want at least the %v written before the kill", res.Duration, ffprobe(t, res.Path), written)
	}
	assertFastStart(t, res.Path)
	if files := listDir(t, dir); len(files) != 1 {
		t.Errorf("after Finish the folder holds %v, want only the recording", files)
	}
}

// waitWritten waits until the fragmented MP4 being recorded plays for at
// least d, and returns how long it plays.
func waitWritten(t *testing.T, work string, d time.Duration) time.Duration {
	t.Helper()
	var got time.Duration
	for i := 0; i < 300; i++ {
		out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", work).Output()
		if err == nil {
			secs, _ := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
			if got = time.Duration(secs * float64(time.Second)); got >= d {
				return got
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s plays for %v after 15 s, want %v", work, got, d)
	return 0
}

// encoderPid finds the ffmpeg writing work.
func encoderPid(t *testing.T, work string) int {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, _ := os.ReadFile(p)
		args := strings.Split(string(b), "\x00")
		if len(args) > 1 && filepath.Base(args[0]) == "ffmpeg" && strings.Contains(string(b), work) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			return pid
		}
	}
	t.Fatalf("no ffmpeg writes %s", work)
	return 0
}

// waitGone waits for a process to end (or become a zombie).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for i := 0; i < 200; i++ {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil || strings.Contains(string(b), ") Z ") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the encoder %d still runs 10 s after the app was killed", pid)
}

// ffprobe reads a file's first video stream and its format.
func ffprobe(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
		"stream=codec_name,pix_fmt,width,height,nb_frames:format=duration,format_name", "-of", "default=nw=1", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	info := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			info[k] = v
		}
	}
	return info
}

// frameAt decodes the frame at sec; with RECORD_FRAMES set it is also
// saved there as a PNG, to look at.
func frameAt(t *testing.T, path string, sec float64) image.Image {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-ss", fmt.Sprint(sec), "-i", path, "-frames:v", "1",
		"-f", "image2", "-c:v", "png", "pipe:1").Output()
	if err != nil {
		t.Fatalf("extract the frame at %v s of %s: %v", sec, path, err)
	}
	if dir := os.Getenv("RECORD_FRAMES"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%.1fs.png", t.Name(), sec)), out, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// squareIn finds the yellow square (0xffcc00) in a frame.
func squareIn(img image.Image) *image.Rectangle {
	var r image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c, g, bl, _ := img.At(x, y).RGBA()
			if c>>8 > 0xe0 && g>>8 > 0xb0 && g>>8 < 0xe0 && bl>>8 < 0x40 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if r.Dx() < squareSize/3 {
		return nil
	}
	return &r
}

// differing counts the pixels that differ clearly between two frames.
func differing(a, b image.Image) int {
	n := 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)+absDiff(g1, g2)+absDiff(b1, b2) > 3*0x2000 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// assertFastStart checks that the MP4's index (moov) comes before its
// data (mdat) and that it is not fragmented any more.
func assertFastStart(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	moov, mdat := bytes.Index(b, []byte("moov")), bytes.Index(b, []byte("mdat"))
	if moov < 0 || mdat < 0 || moov > mdat {
		t.Errorf("%s: moov at %d, mdat at %d: not fast start", path, moov, mdat)
	}
	if bytes.Contains(b, []byte("moof")) {
		t.Errorf("%s is still fragmented", path)
	}
}

// gifFrames counts a GIF's frames with ffprobe.
func gifFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func readHead(t *testing.T, path string, n int) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, n)
	_, _ = io.ReadFull(f, b)
	return b
}

func fileSizeT(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
