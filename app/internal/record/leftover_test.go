package record

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// writeLeftover puts a recording's two files in dir as a crash leaves
// them: the manifest (m; nil for a torn one) and the work file.
func writeLeftover(t *testing.T, dir, base string, m *manifest, work []byte) string {
	t.Helper()
	body := []byte(`{"version":1,"form`) // torn mid-write
	if m != nil {
		body, _ = json.Marshal(m)
	}
	if err := os.WriteFile(filepath.Join(dir, base+manifestExt), body, 0o600); err != nil {
		t.Fatal(err)
	}
	if work != nil {
		if err := os.WriteFile(filepath.Join(dir, base+workExt), work, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, base+workExt)
}

func TestFindLeftovers(t *testing.T) {
	dir := t.TempDir()
	t1 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	gif := writeLeftover(t, dir, "Recording b", &manifest{Version: 1, Format: FormatGIF, FPS: 12, Started: t1.Add(time.Hour)}, []byte("frag"))
	mp4 := writeLeftover(t, dir, "Recording a", &manifest{Version: 1, Format: FormatMP4, FPS: 30, Started: t1}, []byte("fragments"))
	torn := writeLeftover(t, dir, "Recording [torn]", nil, []byte("x"))
	writeLeftover(t, dir, "Recording empty", &manifest{Version: 1, Format: FormatMP4}, nil) // crashed before the first frame
	_ = os.WriteFile(filepath.Join(dir, "Recording a.tmp.mp4"), []byte("half a remux"), 0o600)
	// A recording that runs: its manifest is locked.
	running := writeLeftover(t, dir, "Recording running", &manifest{Version: 1, Format: FormatMP4}, []byte("live"))
	lock, err := os.OpenFile(filepath.Join(dir, "Recording running"+manifestExt), os.O_RDWR, 0)
	if err != nil || tryLock(lock) != nil {
		t.Fatalf("lock: %v", err)
	}
	defer lock.Close()

	left, err := FindLeftovers(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range left {
		got = append(got, filepath.Base(l.Path))
	}
	// Oldest first; the torn manifest's time is its file's (now).
	want := []string{filepath.Base(mp4), filepath.Base(gif), filepath.Base(torn)}
	if !slices.Equal(got, want) {
		t.Fatalf("leftovers %v, want %v", got, want)
	}
	if left[0].Format != FormatMP4 || !left[0].Started.Equal(t1) || left[0].Size != 9 || left[1].Format != FormatGIF || left[2].Format != FormatMP4 {
		t.Errorf("leftovers %+v %+v %+v", *left[0], *left[1], *left[2])
	}
	for _, gone := range []string{"Recording empty" + manifestExt, "Recording a.tmp.mp4"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there", gone)
		}
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the running recording was touched: %v", err)
	}
	// Claimed leftovers are not claimed twice until released.
	if again, _ := FindLeftovers(dir); len(again) != 0 {
		t.Errorf("claimed again: %d", len(again))
	}
	left[0].Release()
	left[1].Discard()
	again, _ := FindLeftovers(dir)
	if len(again) != 1 || again[0].Path != mp4 {
		t.Errorf("after Release and Discard: %v, want %s only", again, mp4)
	}
	if _, err := os.Stat(gif); !errors.Is(err, os.ErrNotExist) {
		t.Error("Discard left the work file")
	}
}

// fragmentedClip writes a fragmented MP4 of secs seconds like a recording's
// and cuts off its last quarter, as a kill -9 would.
func fragmentedClip(t *testing.T, path string, secs int) {
	t.Helper()
	args := append(ffmpegCommon(), "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration="+strconv.Itoa(secs))
	args = append(args, liveEncode(FormatMP4, 30, image.Rectangle{}, path)...)
	if out, err := exec.Command(needFFmpeg(t), args...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()*3/4); err != nil {
		t.Fatal(err)
	}
}

func TestLeftoverFinish(t *testing.T) {
	for _, format := range []Format{FormatMP4, FormatGIF} {
		t.Run(string(format), func(t *testing.T) {
			dir := t.TempDir()
			work := writeLeftover(t, dir, "Recording x", &manifest{Version: 1, Format: format, FPS: 12, Started: time.Now()}, nil)
			fragmentedClip(t, work, 4)
			left, err := FindLeftovers(dir)
			if err != nil || len(left) != 1 {
				t.Fatalf("FindLeftovers = %v, %v", left, err)
			}
			// What an offer says was kept: most of the 4 s (the cut
			// loses the last fragment).
			if kept, err := left[0].Kept(context.Background()); err != nil || kept < 2*time.Second || kept > 4*time.Second {
				t.Errorf("Kept = %v, %v; want 2–4 s", kept, err)
			}
			res, err := left[0].Finish(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if res.Path != filepath.Join(dir, "Recording x."+string(format)) || res.Format != format || res.Duration < 2*time.Second {
				t.Errorf("finished %+v, want most of the 4 s as %s", res, format)
			}
			if got := names(t, dir); len(got) != 1 {
				t.Errorf("folder holds %v, want the finished file only", got)
			}
			if _, err := left[0].Finish(context.Background(), 0); err == nil {
				t.Error("finished twice")
			}
		})
	}
}

func TestLeftoverNothingPlayable(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	writeLeftover(t, dir, "Recording x", &manifest{Version: 1, Format: FormatMP4}, []byte("\x00\x00\x00\x1cftypisom garbage cut here"))
	left, _ := FindLeftovers(dir)
	if len(left) != 1 {
		t.Fatalf("%d leftovers", len(left))
	}
	if _, err := left[0].Finish(context.Background(), 0); !errors.Is(err, ErrNothingRecorded) {
		t.Fatalf("Finish = %v, want ErrNothingRecorded", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v, want nothing", got)
	}
}

func TestNewFilesTakesAFreeName(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 23, 10, 42, 5, 0, time.Local)
	_ = os.WriteFile(filepath.Join(dir, "Recording 2026-11-23 10-42-05.gif"), nil, 0o600)
	f, err := newFiles(dir, manifest{Version: 1, Format: FormatMP4, Started: at})
	if err != nil {
		t.Fatal(err)
	}
	defer f.remove()
	if f.base != "Recording 2026-11-23 10-42-05 (2)" || f.final() != filepath.Join(dir, f.base+".mp4") {
		t.Errorf("base %q, final %s", f.base, f.final())
	}
	var m manifest
	b, _ := os.ReadFile(f.manifest())
	if json.Unmarshal(b, &m) != nil || m.Format != FormatMP4 || !m.Started.Equal(at) {
		t.Errorf("manifest %s", b)
	}
	if st, _ := os.Stat(f.manifest()); st.Mode().Perm() != 0o600 {
		t.Errorf("manifest mode %v", st.Mode())
	}
	if l, _ := FindLeftovers(dir); len(l) != 0 {
		t.Errorf("a live recording is listed as a leftover")
	}
}
