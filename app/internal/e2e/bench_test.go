//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/e2e/netlink"
	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// bench prints a figure for `make bench` (lines starting "BENCH ").
func bench(t *testing.T, name string, v any) {
	t.Helper()
	t.Logf("BENCH %s=%v", name, v)
}

// runs is how many times a measuring test repeats its measurement: full
// under `make bench` (.ci/bench.sh sets UPSHOT_BENCH=1), for medians;
// quick otherwise, where `make test` checks only what the runs do.
func runs(full, quick int) int {
	if os.Getenv("UPSHOT_BENCH") == "1" {
		return full
	}
	return quick
}

// TestThousandFilesDropped: 1,000 files dropped at once all upload and
// their links reach the clipboard in order; the UI thread's longest stall
// and the app's peak memory are reported for `make bench`.
func TestThousandFilesDropped(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	stall := filepath.Join(h.dir, "stall.txt")
	a := startApp(t, h, site, "UPSHOT_STALL_LOG="+stall)
	dir := t.TempDir()
	uris := make([]string, 0, 1000)
	for i := 0; i < 1000; i++ {
		u, _ := xdnd.FileURI(writePNG(t, dir, fmt.Sprintf("f%04d.png", i), 24, 16))
		uris = append(uris, u)
	}
	start := time.Now()
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, uris, 20*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	var got []string
	waitFor(t, "1,000 links on the clipboard", 3*time.Minute, func() bool {
		got = lines(clipboardText(a.display))
		return len(got) == 1000
	})
	for i, l := range got {
		if !strings.Contains(l, fmt.Sprintf("f%04d", i)) {
			t.Fatalf("link %d = %q: not in drop order", i, l)
		}
	}
	bench(t, "scale_1000_seconds", fmt.Sprintf("%.1f", time.Since(start).Seconds()))
	time.Sleep(1200 * time.Millisecond) // the probe writes every second
	if b, err := os.ReadFile(stall); err == nil {
		bench(t, "scale_max_stall_ms", strings.TrimSpace(string(b)))
	} else {
		t.Errorf("stall probe wrote nothing: %v", err)
	}
	bench(t, "scale_peak_rss_mb", peakRSSMB(t, a.cmd.Process.Pid))
}

// peakRSSMB reads a process's high-water resident memory.
func peakRSSMB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return -1
}

// TestHotkeyLatency presses Ctrl+Shift+3 ten times (three in make test) and times each press
// until the new link is on the clipboard.
func TestHotkeyLatency(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond)
	var times []time.Duration
	prev := clipboardText(a.display)
	presses := runs(10, 3)
	for i := 0; i < presses; i++ {
		times = append(times, pressUntilLink(t, a, prev, site+"/images/"))
		prev = clipboardText(a.display)
		time.Sleep(1100 * time.Millisecond) // captures are named by the second
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	bench(t, "hotkey_to_clipboard_median_ms", times[len(times)/2].Milliseconds())
	bench(t, "hotkey_to_clipboard_max_ms", times[len(times)-1].Milliseconds())
	if n := len(hostPNGs(t, h)); n != presses {
		t.Errorf("host has %d screenshots, want %d", n, presses)
	}
}

// linkRTT is the round trip of the link the TLS benchmarks run over.
const linkRTT = 60 * time.Millisecond

// TestHotkeyLatencyLink presses Ctrl+Shift+3 twelve times (four in make test) with the host
// behind a TLS link (HTTP/2 offered) with 60 ms of round trip. Before
// every other press the link drops its connections, so that press starts
// cold: the capture starts two connections (PreconnectUpload), an
// HTTP/1.1 one that carries the screenshot as soon as it is encoded — a
// new HTTP/2 connection would hold all but its first 64 KB for a round
// trip more, until the host's SETTINGS open the window — and the session's
// HTTP/2 one, which the warm press after it uses, opening none. The
// medians of both are reported for `make bench`.
func TestHotkeyLatencyLink(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	l, err := netlink.Start(site, linkRTT, true)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ca := filepath.Join(h.dir, "link-ca.pem")
	if err := os.WriteFile(ca, l.Certs.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	a := startApp(t, h, l.URL, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"), "SSL_CERT_FILE="+ca)
	time.Sleep(700 * time.Millisecond)
	var cold, warm []time.Duration
	prev := clipboardText(a.display)
	presses := runs(12, 4)
	for i := 0; i < presses; i++ {
		isCold := i%2 == 0
		if isCold {
			l.Relay.Drop()
			time.Sleep(300 * time.Millisecond) // the app sees its connection close
		}
		before := l.Relay.Accepts()
		h1, h2 := l.Term.Requests()
		took := pressUntilLink(t, a, prev, site+"/images/")
		prev = clipboardText(a.display)
		opened := l.Relay.Accepts() - before
		h1After, h2After := l.Term.Requests()
		over := "HTTP/2"
		if h1After > h1 {
			over = "HTTP/1.1"
		}
		switch {
		case h1After-h1+h2After-h2 != 1:
			t.Errorf("press %d made %d HTTP/1.1 and %d HTTP/2 requests, want 1 in all", i+1, h1After-h1, h2After-h2)
		case isCold && (opened != 2 || over != "HTTP/1.1"):
			t.Errorf("press %d (cold) opened %d connections and uploaded over %s, want 2 and HTTP/1.1: the pre-connected HTTP/1.1 one carries the upload, the session's HTTP/2 one waits for the next", i+1, opened, over)
		case !isCold && (opened != 0 || over != "HTTP/2"):
			t.Errorf("press %d (warm) opened %d connections and uploaded over %s, want 0 and HTTP/2: the session's connection carries the upload", i+1, opened, over)
		}
		if isCold {
			cold = append(cold, took)
		} else {
			warm = append(warm, took)
		}
		time.Sleep(1100 * time.Millisecond) // captures are named by the second
	}
	bench(t, "hotkey_link_cold_median_ms", median(cold).Milliseconds())
	bench(t, "hotkey_link_warm_median_ms", median(warm).Milliseconds())
	if n := len(hostPNGs(t, h)); n != presses {
		t.Errorf("host has %d screenshots, want %d", n, presses)
	}
}

// pressUntilLink presses the full-screen hotkey and returns the time until
// a new link with prefix replaces prev on the clipboard, polled every 10 ms
// from the moment the key goes down: the press itself (xdotool's key down,
// 80 ms held, key up) takes ~160 ms, and a warm upload's link is there
// before that.
func pressUntilLink(t *testing.T, a *app, prev, prefix string) time.Duration {
	t.Helper()
	start := time.Now()
	pressed := make(chan error, 1)
	go func() { pressed <- pressErr(a.display, "ctrl+shift+3") }()
	defer func() {
		if err := <-pressed; err != nil {
			t.Fatal(err)
		}
	}()
	for deadline := start.Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if c := clipboardText(a.display); c != prev && strings.HasPrefix(c, prefix) {
			return time.Since(start)
		}
	}
	t.Errorf("no new link on the clipboard 20s after the hotkey; app log:\n%s", a.log.String())
	return 0
}

// median of a non-empty list.
func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// TestRecordStopToLink measures, for `make bench`, three times each (once in make test):
//   - record_stop_to_link_ms: from `upshot record stop` until it prints the
//     link of a 3-second full-screen (1280×800) MP4 recorded by
//     `upshot record full` in another process: the encoder's last fragment,
//     the fast-start remux, the upload;
//   - record_cli_cpu_per_s: the CPU time (user+sys) that recording process
//     and its encoder used per second it ran.
func TestRecordStopToLink(t *testing.T) {
	startMover(t, false)
	if s := screenSize(t); s.X != 1280 || s.Y != 800 {
		t.Fatalf("the screen is %v, want 1280×800 (.ci/e2e.sh starts one)", s)
	}
	for i := 0; i < runs(3, 1); i++ {
		h := newHome(t)
		site := h.testHost()
		began := time.Now()
		rec := startRecording(t, h, "record", "full", "--host", site)
		time.Sleep(3 * time.Second)
		stopped := time.Now()
		stop := h.runEnv(h.env, "", "record", "stop")
		took := time.Since(stopped)
		if stop.code != 0 || !strings.HasPrefix(stop.stdout, site+"/images/") {
			t.Fatalf("record stop: exit %d, %q %q", stop.code, stop.stdout, stop.stderr)
		}
		if _, code := rec.wait(t); code != 0 {
			t.Fatalf("record: exit %d", code)
		}
		ran := time.Since(began)
		st := rec.cmd.ProcessState
		bench(t, "record_stop_to_link_ms", took.Milliseconds())
		bench(t, "record_cli_cpu_per_s", fmt.Sprintf("%.2f", (st.UserTime()+st.SystemTime()).Seconds()/ran.Seconds()))
	}
}
