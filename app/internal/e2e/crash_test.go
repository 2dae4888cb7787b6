//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// historySources lists the sources in the history, via the CLI.
func historySources(t *testing.T, h *home) map[string]bool {
	t.Helper()
	r := h.run("", "history", "--json")
	if r.code != 0 {
		t.Fatalf("history: %d %s", r.code, r.stderr)
	}
	out := map[string]bool{}
	for _, l := range lines(r.stdout) {
		var e struct{ Source string }
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("history line %q: %v", l, err)
		}
		out[unixPath(e.Source)] = true
	}
	return out
}

// unixPath is a source the Windows build recorded as Wine shows the Linux
// files to it ("Z:\\tmp\\a.png" for a file dropped from /tmp/a.png) as
// the test named it; other sources are unchanged.
func unixPath(p string) string {
	if onWindows() && len(p) > 2 && (p[:2] == "Z:" || p[:2] == "z:") {
		return strings.ReplaceAll(p[2:], `\`, "/")
	}
	return p
}

// slowHost is the test host's delay per upload that leaves time to see a
// batch half done: every look at the history is a run of the CLI, which
// takes a second or two under Wine.
func slowHost() string {
	if onWindows() {
		return "2s"
	}
	return "400ms"
}

// TestKill9DuringCLIBatch: a batch killed with SIGKILL mid-way loses
// nothing — `upshot resume` uploads exactly the unfinished files and every
// file ends up in the history once.
func TestKill9DuringCLIBatch(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--delay", slowHost())
	dir := t.TempDir()
	var files []string
	for i := 0; i < 12; i++ {
		files = append(files, writePNG(t, dir, fmt.Sprintf("k%02d.png", i), 8+i, 8))
	}
	cmd := exec.Command(bin(t), append([]string{"upload", "--host", site, "--jobs", "2"}, files...)...)
	cmd.Env = h.without("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a few uploads in the history", 30*time.Second, func() bool { return len(historySources(t, h)) >= 3 })
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before := historySources(t, h)
	if len(before) >= len(files) {
		t.Fatalf("the batch finished before the kill (%d done); nothing to resume", len(before))
	}
	r := h.run("", "resume", "--host", site)
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s", r.code, r.stderr)
	}
	after := historySources(t, h)
	for _, f := range files {
		if !after[f] {
			t.Errorf("%s is not in the history after resume", f)
		}
	}
	if got, want := len(lines(r.stdout)), len(files)-len(before); got < want {
		t.Errorf("resume printed %d links, want at least the %d unfinished files", got, want)
	}
	if again := h.run("", "resume", "--host", site); again.code != 0 || len(lines(again.stdout)) != 0 {
		t.Errorf("a second resume: exit %d, stdout %q, stderr %q — want nothing uploaded again, exit 0", again.code, again.stdout, again.stderr)
	}
}

// TestKill9DuringGUIBatch: the app killed with SIGKILL mid-batch resumes
// the unfinished files when it starts again.
func TestKill9DuringGUIBatch(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--delay", "400ms")
	a := startApp(t, h, site)
	dir := t.TempDir()
	var files, uris []string
	for i := 0; i < 10; i++ {
		p := writePNG(t, dir, fmt.Sprintf("g%02d.png", i), 8+i, 9)
		u, _ := xdnd.FileURI(p)
		files, uris = append(files, p), append(uris, u)
	}
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, uris, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	waitFor(t, "a few uploads in the history", 30*time.Second, func() bool { return len(historySources(t, h)) >= 2 })
	a.cmd.Process.Kill()
	a.cmd.Wait()
	if n := len(historySources(t, h)); n >= len(files) {
		t.Fatalf("the batch finished before the kill (%d done)", n)
	}
	b := startApp(t, h, site)
	// Under Wine every look at the history is a Wine process start, which
	// a loaded machine makes several seconds long.
	limit := 60 * time.Second
	if onWindows() {
		limit = 3 * time.Minute
	}
	var missing []string
	deadline := time.Now().Add(limit)
	for {
		got := historySources(t, h)
		missing = missing[:0]
		for _, f := range files {
			if !got[f] {
				missing = append(missing, f)
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, %d of %d files are still not in the history: %v\nthe restarted app's log:\n%s\njournals:\n%s",
				limit, len(missing), len(files), missing, b.log.String(), journals(h))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(b.log.String(), "resuming") {
		t.Errorf("the app did not say it resumed uploads; log:\n%s", b.log.String())
	}
}
