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

	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// bench prints a figure for `make bench` (lines starting "BENCH ").
func bench(t *testing.T, name string, v any) {
	t.Helper()
	t.Logf("BENCH %s=%v", name, v)
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

// TestHotkeyLatency presses Ctrl+Shift+3 ten times and times each press
// until the new link is on the clipboard.
func TestHotkeyLatency(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond)
	var times []time.Duration
	prev := clipboardText(a.display)
	for i := 0; i < 10; i++ {
		start := time.Now()
		press(t, a.display, "ctrl+shift+3")
		waitFor(t, fmt.Sprintf("link %d on the clipboard", i+1), 20*time.Second, func() bool {
			c := clipboardText(a.display)
			return c != prev && strings.HasPrefix(c, site+"/images/")
		})
		times = append(times, time.Since(start))
		prev = clipboardText(a.display)
		time.Sleep(1100 * time.Millisecond) // captures are named by the second
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	bench(t, "hotkey_to_clipboard_median_ms", times[len(times)/2].Milliseconds())
	bench(t, "hotkey_to_clipboard_max_ms", times[len(times)-1].Milliseconds())
	if n := len(hostPNGs(t, h)); n != 10 {
		t.Errorf("host has %d screenshots, want 10", n)
	}
}
