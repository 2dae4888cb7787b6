package clipboard

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// fakeTools puts wl-copy / wl-paste stand-ins on PATH that keep the
// clipboard in a file, so the Wayland path is tested without a compositor.
// Like the real wl-copy, the stand-in leaves a background child running
// that inherits its stdout and stderr; the child is killed at cleanup.
func fakeTools(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	store := filepath.Join(dir, "clip")
	pids := filepath.Join(dir, "pids")
	scripts := map[string]string{
		"wl-copy":  "#!/bin/sh\ncat > " + store + "\n( sleep 30 & echo $! >> " + pids + " )\n",
		"wl-paste": "#!/bin/sh\n[ -f " + store + " ] && cat " + store + "\n",
	}
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Cleanup(func() {
		b, _ := os.ReadFile(pids)
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	return store
}

// returns runs f and fails the test if it has not returned within 10s — a
// hang detector (wl-copy's lingering child must not block us), not a timing
// assertion.
func returns(t *testing.T, what string, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return in 10s: it waits for wl-copy's background child", what)
	}
}

// wayland is a Wayland session with Xwayland running, the common case:
// DISPLAY is set (here to a server that does not exist, which the
// clipboard must not even try).
var wayland = platform.Session{Kind: platform.Wayland, Display: ":987", WaylandSocket: "/run/user/1000/wayland-1"}

func TestWaylandUsesWlClipboardWhateverDisplaySays(t *testing.T) {
	store := fakeTools(t)
	returns(t, "Persist", func() error { return Persist(wayland, "https://img.example/a.png") })
	if b, _ := os.ReadFile(store); string(b) != "https://img.example/a.png" {
		t.Errorf("wl-copy got %q", b)
	}
	cb := System{Session: wayland}
	if got := cb.ReadText(); got != "https://img.example/a.png" {
		t.Errorf("ReadText = %q", got)
	}
	returns(t, "WriteText", func() error { return cb.WriteText("second") })
	if got := cb.ReadText(); got != "second" {
		t.Errorf("after WriteText, ReadText = %q", got)
	}
}

func TestWaylandWithoutToolsSaysWhatToInstall(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := Persist(wayland, "x")
	if err == nil || !strings.Contains(err.Error(), "wl-clipboard") {
		t.Errorf("Persist without wl-copy: %v, want a hint to install wl-clipboard", err)
	}
}

func TestNoDisplayAtAll(t *testing.T) {
	if err := Persist(platform.Session{}, "x"); err == nil || !strings.Contains(err.Error(), "DISPLAY") {
		t.Errorf("Persist with no display: %v", err)
	}
	if (System{}).ReadText() != "" || (System{}).ReadImage() != nil {
		t.Error("reads with no display must be empty")
	}
	if err := (System{}).WriteText("x"); err == nil || !strings.Contains(err.Error(), "no display") {
		t.Errorf("WriteText with no display: %v", err)
	}
}

func TestWlCopyFailureKeepsItsMessage(t *testing.T) {
	dir := t.TempDir()
	body := "#!/bin/sh\necho 'Failed to connect to a Wayland server' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "wl-copy"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	err := (System{Session: wayland}).WriteText("x")
	if err == nil || !strings.Contains(err.Error(), "Failed to connect to a Wayland server") {
		t.Errorf("WriteText with a failing wl-copy: %v, want its stderr in the error", err)
	}
}
