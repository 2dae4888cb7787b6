//go:build e2e

package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAppResumesNothingToTheWrongHost: issue 10 §4 in the app. After
// `upshot upload --host A --key K` is killed, the app — whose default
// profile is host B — must not send the rest to B, nor hold them: it says
// how to finish them, and `upshot resume --key K` (the app still running)
// finishes them on A.
func TestAppResumesNothingToTheWrongHost(t *testing.T) {
	const key = "chv_e2e_host_A_key"
	h := newHome(t)
	hostA := h.testHost("--key", key, "--delay", "300ms", "--dir", filepath.Join(h.dir, "files-a"))
	hostB := h.testHost("--dir", filepath.Join(h.dir, "files-b"))
	if r := h.run("", "profile", "add", "b", "--host", hostB, "--default"); r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	var files []string
	for i := range 8 {
		files = append(files, writePNG(t, dir, fmt.Sprintf("w%02d.png", i), 10+i, 10))
	}
	cmd := exec.Command(bin(t), append([]string{"upload", "--host", hostA, "--key", key, "--jobs", "1"}, files...)...)
	cmd.Env = h.without("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "an upload in the history", 30*time.Second, func() bool { return len(historySources(t, h)) >= 1 })
	cmd.Process.Kill()
	cmd.Wait()
	left := len(files) - len(historySources(t, h))
	if left == 0 {
		t.Fatal("the batch finished before the kill")
	}

	a := startAppWith(t, h, bin(t), append(h.without("UPSHOT_HOST", "UPSHOT_API_KEY"), "UPSHOT_LANG=en"))
	hostPort := strings.TrimPrefix(hostA, "http://")
	waitFor(t, "the app saying how to finish the uploads to A", 20*time.Second, func() bool {
		return strings.Contains(a.log.String(), "to "+hostPort+" ") && strings.Contains(a.log.String(), "run upshot resume --key KEY")
	})
	if strings.Contains(a.log.String(), "resuming") {
		t.Errorf("the app resumed uploads it has no key for; log:\n%s", a.log.String())
	}
	r := h.run("", "resume", "--key", key)
	if r.code != 0 || len(lines(r.stdout)) != left {
		t.Fatalf("resume --key with the app running: exit %d, %d links for %d left; stderr %q", r.code, len(lines(r.stdout)), left, r.stderr)
	}
	for _, l := range lines(r.stdout) {
		if !strings.HasPrefix(l, hostA) {
			t.Errorf("resumed to %s, not host A", l)
		}
	}
	if n := countFiles(t, filepath.Join(h.dir, "files-b")); n != 0 {
		t.Errorf("host B received %d files", n)
	}
}
