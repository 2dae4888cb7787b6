//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/xdnd"
	"github.com/upshot-app/upshot/uploader/history"
)

// TestDropWithFailuresResumesOnlyTransientOnes (issue 15 §5): a file that
// can never upload (not an image) is reported once and not loaded back
// from the journal; a file the host failed (HTTP 500) stays and resumes.
func TestDropWithFailuresResumesOnlyTransientOnes(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--fail-rate", "1")
	a := startApp(t, h, site)
	dir := t.TempDir()
	good := writePNG(t, dir, "small.png", 40, 30)
	fake := filepath.Join(dir, "notes.png")
	os.WriteFile(fake, []byte("these are notes, not an image"), 0o644)
	var uris []string
	for _, p := range []string{good, fake} {
		u, _ := xdnd.FileURI(p)
		uris = append(uris, u)
	}
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, uris, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	journal := filepath.Join(h.dir, "data", "upshot", "journal")
	waitFor(t, "notes.png reported as failed for good in the journal", 30*time.Second, func() bool {
		return strings.Contains(readAll(journal), `"op":"failed"`)
	})
	a.stop()
	r := h.run("", "resume", "--host", site)
	if r.code != 1 || !strings.Contains(r.stderr, "resuming 1 unfinished upload(s)") {
		t.Fatalf("resume after the app quit: exit %d, stderr %q — want only small.png retried (and failing again on this host, exit 1)", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, good+": ") || strings.Contains(r.stderr, fake) {
		t.Errorf("resume stderr %q: want small.png reported and notes.png not resumed", r.stderr)
	}
}

// readAll concatenates the files of dir.
func readAll(dir string) string {
	var b strings.Builder
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		data, _ := os.ReadFile(n)
		b.Write(data)
	}
	return b.String()
}

// TestHotkeyCaptureKeepsItsPreview (issue 15 §4, issue 10 §7): a hotkey
// screenshot's file is deleted once it uploads; its History entry still
// has the preview the queue made while the file was there.
func TestHotkeyCaptureKeepsItsPreview(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond) // the helper grabs the keys
	press(t, a.display, "ctrl+shift+3")
	waitFor(t, "the screenshot's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	a.stop() // the history file is the app's while it runs
	db, err := history.Open(filepath.Join(h.dir, "data", "upshot", "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, err := db.List(history.Query{})
	if err != nil || len(entries) != 1 {
		t.Fatalf("history: %d entries, %v; want the screenshot", len(entries), err)
	}
	if e := entries[0]; len(e.Thumbnail) == 0 {
		t.Errorf("the screenshot %s has no preview in History (its file %s is gone)", e.Name, e.Source)
	}
}

// TestTrayPausesUploads: "Pause uploads" in the tray holds what is dropped
// until it is clicked again; then the link comes.
func TestTrayPausesUploads(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run under dbus-run-session (make e2e does)")
	}
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Pause uploads"))
	u, _ := xdnd.FileURI(writePNG(t, t.TempDir(), "held.png", 50, 40))
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, []string{u}, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	time.Sleep(1500 * time.Millisecond) // time for a wrong upload; passing does not depend on it
	if n := countFiles(t, filepath.Join(h.dir, "hostfiles")); n != 0 {
		t.Fatalf("the host got %d files while uploads were paused", n)
	}
	click(t, name, menuItemID(t, name, "Pause uploads"))
	waitFor(t, "the link after resuming", 20*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "/held")
	})
}

// TestTrayCapturesAfterADelay: "Capture after a delay" shoots the screen
// after the configured capture_delay and uploads it.
func TestTrayCapturesAfterADelay(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run under dbus-run-session (make e2e does)")
	}
	h := newHome(t)
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[settings]\ncapture_delay = 1\n"), 0o600)
	site := h.testHost()
	a := startApp(t, h, site)
	name := trayBusName(t, a.cmd.Process.Pid)
	menuItemID(t, name, "Capture after a delay (1 s)") // the parent names the configured wait
	click(t, name, menuChildID(t, name, "Capture after a delay (1 s)", "Capture full screen"))
	waitFor(t, "the delayed screenshot's link", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	want := screenSize(t)
	for file, size := range hostPNGs(t, h) {
		if size != want {
			t.Errorf("%s is %v, want the screen's %v", file, size, want)
		}
	}
}

// menuChildID is the id of the item labelled label in the submenu of the
// item labelled parent: the DBusMenu layout lists a submenu's items right
// after its parent's properties.
func menuChildID(t *testing.T, dest, parent, label string) int {
	t.Helper()
	out, err := exec.Command("gdbus", "call", "--session", "--dest", dest, "--object-path", "/StatusNotifierItem/menu",
		"--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "[]").CombinedOutput()
	if err != nil {
		t.Fatalf("GetLayout: %v: %s", err, out)
	}
	layout := string(out)
	at := strings.Index(layout, "'label': <'"+parent+"'>")
	if at < 0 {
		t.Fatalf("no menu item %q in layout: %s", parent, layout)
	}
	m := regexp.MustCompile(`\((\d+), \{[^}]*'label': <'` + regexp.QuoteMeta(label) + `'>`).FindStringSubmatch(layout[at:])
	if m == nil {
		t.Fatalf("no item %q under %q in layout: %s", label, parent, layout)
	}
	id, _ := strconv.Atoi(m[1])
	return id
}
