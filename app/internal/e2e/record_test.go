//go:build e2e

package e2e

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/xmover"
)

// The recording tests record the Xvfb screen (1280×800) while
// app/internal/xmover moves a square across it, through the real binary,
// and read what the test host received with ffprobe and ffmpeg.

// startMover keeps the screen moving until the test ends.
func startMover(t *testing.T, noise bool) *xmover.Mover {
	t.Helper()
	m, err := xmover.Start("", noise)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return m
}

// hostFiles lists the files with extension ext the test host stored.
func hostFiles(t *testing.T, h *home, ext string) []string {
	t.Helper()
	var out []string
	filepath.Walk(filepath.Join(h.dir, "hostfiles"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && filepath.Ext(p) == ext && !strings.Contains(p, ".incoming") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// videoInfo is what ffprobe says of a file's first video stream and its
// container: codec_name, pix_fmt, width, height, duration, nb_read_frames.
func videoInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames:format=duration",
		"-of", "default=noprint_wrappers=1", path).Output()
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

// distinctFrames counts the different frames of a video (ffmpeg's framemd5).
func distinctFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("framemd5 %s: %v", path, err)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Split(l, ","); len(f) == 6 && !strings.HasPrefix(l, "#") {
			seen[strings.TrimSpace(f[5])] = true
		}
	}
	return len(seen)
}

func seconds(t *testing.T, info map[string]string) float64 {
	t.Helper()
	d, err := strconv.ParseFloat(info["duration"], 64)
	if err != nil {
		t.Fatalf("no duration in %v", info)
	}
	return d
}

// onlyFile is the one file of ext the host has.
func onlyFile(t *testing.T, h *home, ext string) string {
	t.Helper()
	files := hostFiles(t, h, ext)
	if len(files) != 1 {
		t.Fatalf("the host has %d %s files, want 1: %v", len(files), ext, files)
	}
	return files[0]
}

// TestRecordCommandFullScreenMP4: `upshot record full --max-seconds 3` uploads an
// H.264 MP4 of the screen's size, about 3 s long, whose frames differ; the
// link is printed and on the clipboard, and no file is left behind.
func TestRecordCommandFullScreenMP4(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	startMover(t, false)
	r := h.runEnv(h.env, "", "record", "full", "--max-seconds", "3", "--host", site)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	link := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(link, site+"/images/") || !strings.HasSuffix(link, ".mp4") {
		t.Fatalf("stdout %q, want the MP4's link", r.stdout)
	}
	if got := clipboardText(os.Getenv("DISPLAY")); got != link {
		t.Errorf("clipboard %q, want %q", got, link)
	}
	info := videoInfo(t, onlyFile(t, h, ".mp4"))
	want := screenSize(t)
	if info["codec_name"] != "h264" || info["pix_fmt"] != "yuv420p" || info["width"] != strconv.Itoa(want.X) || info["height"] != strconv.Itoa(want.Y) {
		t.Errorf("uploaded %v, want h264 yuv420p %v", info, want)
	}
	if d := seconds(t, info); d < 2.5 || d > 3.6 {
		t.Errorf("the clip lasts %.2f s, want about 3", d)
	}
	if n := distinctFrames(t, onlyFile(t, h, ".mp4")); n < 20 {
		t.Errorf("%d distinct frames: the moving square was not recorded", n)
	}
	if left, _ := filepath.Glob(filepath.Join(h.dir, "data", "upshot", "recordings", "*")); len(left) != 0 {
		t.Errorf("left in the recordings folder: %v", left)
	}
}

// TestRecordCommandGIFFitsTheLimit: `--gif` with a 1 MB limit (the host's too)
// uploads an animated GIF under it, re-encoded, and says so.
func TestRecordCommandGIFFitsTheLimit(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--max-size", "1MB")
	startMover(t, true) // noise: too big for 1 MB as it is
	r := h.runEnv(h.env, "", "record", "full", "--gif", "--max-seconds", "3", "--host", site, "--max-size", "1MB")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasSuffix(strings.TrimSpace(r.stdout), ".gif") || !strings.Contains(r.stderr, "to fit the host's 1 MB limit") {
		t.Errorf("stdout %q, stderr %q: want a GIF's link and what fitting did", r.stdout, r.stderr)
	}
	gif := onlyFile(t, h, ".gif")
	st, err := os.Stat(gif)
	if err != nil || st.Size() > 1_000_000 {
		t.Fatalf("the GIF is %v bytes (%v), over the 1 MB limit", st.Size(), err)
	}
	info := videoInfo(t, gif)
	if n, _ := strconv.Atoi(info["nb_read_frames"]); info["codec_name"] != "gif" || n < 20 || distinctFrames(t, gif) < 10 {
		t.Errorf("uploaded %v: want an animated GIF", info)
	}
}

// TestRecordCommandStopFromAnotherTerminal: `upshot record full` runs in the
// background; `upshot record stop` ends it, and both print the link.
func TestRecordCommandStopFromAnotherTerminal(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	startMover(t, false)
	rec := startRecording(t, h, "record", "full", "--host", site)
	time.Sleep(2 * time.Second)
	stop := h.runEnv(h.env, "", "record", "stop")
	if stop.code != 0 {
		t.Fatalf("record stop: exit %d: %s", stop.code, stop.stderr)
	}
	out, code := rec.wait(t)
	link := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(link, site+"/images/") || strings.TrimSpace(stop.stdout) != link {
		t.Fatalf("record: exit %d, stdout %q; record stop printed %q", code, out, stop.stdout)
	}
	if d := seconds(t, videoInfo(t, onlyFile(t, h, ".mp4"))); d < 1.5 || d > 3.5 {
		t.Errorf("the clip lasts %.2f s, want about 2", d)
	}
	again := h.runEnv(h.env, "", "record", "stop")
	if again.code != 1 || !strings.Contains(again.stderr, "nothing is recording") {
		t.Errorf("a second record stop: exit %d, %q", again.code, again.stderr)
	}
}

// TestRecordCommandCtrlCUploads: Ctrl+C (SIGINT) in the recording's terminal stops
// it and uploads what was recorded.
func TestRecordCommandCtrlCUploads(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	rec := startRecording(t, h, "record", "full", "--host", site)
	time.Sleep(1500 * time.Millisecond)
	_ = rec.cmd.Process.Signal(os.Interrupt)
	out, code := rec.wait(t)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), site+"/images/") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	onlyFile(t, h, ".mp4")
}

// bgRecording is an `upshot record` running in the background.
type bgRecording struct {
	cmd  *exec.Cmd
	out  *strings.Builder
	errs chan string
}

// startRecording starts `upshot args…` and returns once it says that it
// records.
func startRecording(t *testing.T, h *home, args ...string) *bgRecording {
	t.Helper()
	r := &bgRecording{cmd: exec.Command(bin(t), args...), out: &strings.Builder{}, errs: make(chan string, 1)}
	r.cmd.Env, r.cmd.Dir, r.cmd.Stdout = h.env, h.dir, r.out
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.cmd.Process.Kill() })
	started := make(chan bool, 1)
	go func() {
		var all strings.Builder
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			all.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "recording the screen") {
				started <- true
			}
		}
		io.Copy(io.Discard, stderr)
		r.errs <- all.String()
		started <- false
	}()
	select {
	case ok := <-started:
		if !ok {
			t.Fatalf("the recording did not start: %s", <-r.errs)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the recording did not start within 20 s")
	}
	return r
}

// wait waits for the recording's end: its stdout and exit status.
func (r *bgRecording) wait(t *testing.T) (string, int) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the recording did not end within 60 s of being stopped")
	}
	if code := r.cmd.ProcessState.ExitCode(); code != 0 {
		t.Logf("stderr: %s", <-r.errs)
		return r.out.String(), code
	}
	return r.out.String(), 0
}

// TestHotkeyRecordsARegion: in the running app, Ctrl+Shift+7 opens the
// region overlay; the dragged rectangle is recorded until Ctrl+Shift+7
// again, and its MP4 uploads with the link on the clipboard.
func TestHotkeyRecordsARegion(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond) // the helper grabs the keys
	press(t, a.display, "ctrl+shift+7")
	waitFor(t, "the region overlay", 10*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--name", "select a region").Run() == nil
	})
	dragRegion(t, func() { a.screenshot("record-region-overlay") })
	waitFor(t, "the recording to start", 15*time.Second, func() bool {
		files, _ := filepath.Glob(filepath.Join(h.dir, "data", "upshot", "recordings", "*.part.mp4"))
		return len(files) == 1
	})
	time.Sleep(2500 * time.Millisecond)
	a.screenshot("record-region-running")
	press(t, a.display, "ctrl+shift+7")
	waitFor(t, "the recording's link on the clipboard", 40*time.Second, func() bool {
		c := clipboardText(a.display)
		return strings.HasPrefix(c, site+"/images/") && strings.HasSuffix(c, ".mp4")
	})
	info := videoInfo(t, onlyFile(t, h, ".mp4"))
	// 401×301 pixels dragged (both corners in), cut to even sizes.
	if info["codec_name"] != "h264" || info["width"] != "400" || info["height"] != "300" {
		t.Errorf("uploaded %v, want a 400×300 H.264 MP4", info)
	}
	if d := seconds(t, info); d < 1.5 || d > 5 {
		t.Errorf("the clip lasts %.2f s, want about 2.5", d)
	}
}

// trayLayout is the tray menu's DBusMenu layout as gdbus prints it.
func trayLayout(t *testing.T, dest string) string {
	t.Helper()
	out, err := exec.Command("gdbus", "call", "--session", "--dest", dest, "--object-path", "/StatusNotifierItem/menu",
		"--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "[]").CombinedOutput()
	if err != nil {
		t.Fatalf("GetLayout: %v: %s", err, out)
	}
	return string(out)
}

// trayPixmap is the tray icon's pixels as gdbus prints them.
func trayPixmap(t *testing.T, dest string) string {
	t.Helper()
	out, err := exec.Command("gdbus", "call", "--session", "--dest", dest, "--object-path", "/StatusNotifierItem",
		"--method", "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", "IconPixmap").CombinedOutput()
	if err != nil {
		t.Fatalf("IconPixmap: %v: %s", err, out)
	}
	return string(out)
}

// TestTrayRecordingAndHandOff: "Record screen" in the tray starts a
// recording; the menu then offers "Stop recording (0:0N)" with the time
// ticking and the icon changes; `upshot record stop` is handed to the app,
// which uploads the clip, and prints its link. `upshot record full
// --max-seconds 2` is handed to the app too, and prints its link once the
// clip has uploaded there.
func TestTrayRecordingAndHandOff(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	name := trayBusName(t, a.cmd.Process.Pid)
	idle := trayPixmap(t, name)
	click(t, name, menuItemID(t, name, "Record screen"))
	stopLabel := regexp.MustCompile(`'Stop recording \(0:0([2-9])\)'`)
	waitFor(t, "Stop recording (0:02) in the tray menu", 20*time.Second, func() bool {
		return stopLabel.MatchString(trayLayout(t, name))
	})
	if trayPixmap(t, name) == idle {
		t.Error("the tray icon does not show that a recording runs")
	}
	if strings.Contains(trayLayout(t, name), "'Record screen'") {
		t.Error("the menu still offers to start a recording while one runs")
	}
	stop := h.runEnv(h.env, "", "record", "stop")
	if link := strings.TrimSpace(stop.stdout); stop.code != 0 || !strings.HasPrefix(link, site+"/images/") || !strings.HasSuffix(link, ".mp4") {
		t.Fatalf("record stop: exit %d, stdout %q, stderr %q; want 0 and the clip's link, printed once it uploaded in the app", stop.code, stop.stdout, stop.stderr)
	}
	waitFor(t, "the recording's link on the clipboard", 40*time.Second, func() bool {
		c := clipboardText(a.display)
		return strings.HasPrefix(c, site+"/images/") && strings.HasSuffix(c, ".mp4")
	})
	first := clipboardText(a.display)
	waitFor(t, "Record screen back in the tray menu", 10*time.Second, func() bool {
		return strings.Contains(trayLayout(t, name), "'Record screen'")
	})
	if w := videoInfo(t, onlyFile(t, h, ".mp4"))["width"]; w != strconv.Itoa(screenSize(t).X) {
		t.Errorf("the tray's screen recording is %s px wide", w)
	}
	r := h.runEnv(h.env, "", "record", "full", "--max-seconds", "2")
	link := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.Contains(r.stderr, "recording handed to the running Upshot") || link == first ||
		!strings.HasPrefix(link, site+"/images/") || !strings.HasSuffix(link, ".mp4") {
		t.Fatalf("record handed off: exit %d, stdout %q, stderr %q; want 0, the hand-off on stderr and the new clip's link on stdout once it uploaded", r.code, r.stdout, r.stderr)
	}
	waitFor(t, "the handed-over recording's link", 40*time.Second, func() bool {
		return clipboardText(a.display) == link
	})
}

// TestRecordCommandOffersACrashedRecording: an `upshot record` killed
// outright (SIGKILL) keeps what it recorded; the next `upshot record`
// finishes it and says how to upload it, and that command works.
func TestRecordCommandOffersACrashedRecording(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	startMover(t, false)
	rec := startRecording(t, h, "record", "full", "--host", site)
	time.Sleep(3 * time.Second)
	_ = rec.cmd.Process.Kill()
	_ = rec.cmd.Wait()
	time.Sleep(time.Second) // the encoder, told by the kernel, writes its last fragment
	r := h.runEnv(h.env, "", "record", "full", "--max-seconds", "1", "--host", site)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	m := regexp.MustCompile(`upshot: a recording from \d\d:\d\d was interrupted \((\d+) s kept\): upload it with: upshot upload --copy "([^"]+)"`).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("stderr %q does not offer the interrupted recording", r.stderr)
	}
	if kept, _ := strconv.Atoi(m[1]); kept < 1 {
		t.Errorf("%s s kept of 3", m[1])
	}
	if d := seconds(t, videoInfo(t, m[2])); d < 1 {
		t.Errorf("the finished leftover %s lasts %.2f s", m[2], d)
	}
	up := h.runEnv(h.env, "", "upload", "--copy", "--host", site, m[2])
	if up.code != 0 || !strings.HasPrefix(up.stdout, site+"/images/") {
		t.Errorf("the offered command: exit %d, %q %q", up.code, up.stdout, up.stderr)
	}
}

// TestAppOffersACrashedRecording: at start the app finds the recording a
// killed `upshot record` left, asks "A recording from 14:02 was
// interrupted (3 s kept). Upload it?", and Upload sends it.
func TestAppOffersACrashedRecording(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	rec := startRecording(t, h, "record", "full", "--host", site)
	time.Sleep(3 * time.Second)
	_ = rec.cmd.Process.Kill()
	_ = rec.cmd.Wait()
	time.Sleep(time.Second)
	a := startApp(t, h, site)
	xdo(t, "windowmove", strconv.Itoa(int(a.win)), "0", "0")
	time.Sleep(2 * time.Second) // the offer is made once the leftover is read
	a.screenshot("record-leftover-offer")
	xdo(t, "mousemove", "461", "376", "click", "1") // Upload, in the dialog centred on the 820×640 window
	waitFor(t, "the interrupted recording's link on the clipboard", 30*time.Second, func() bool {
		c := clipboardText(a.display)
		return strings.HasPrefix(c, site+"/images/") && strings.HasSuffix(c, ".mp4")
	})
	if d := seconds(t, videoInfo(t, onlyFile(t, h, ".mp4"))); d < 1 {
		t.Errorf("the uploaded leftover lasts %.2f s", d)
	}
}
