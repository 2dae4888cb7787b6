package clipboard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTools puts wl-copy / wl-paste stand-ins on PATH that keep the
// clipboard in a file, so the Wayland path is tested without a compositor.
func fakeTools(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	store := filepath.Join(dir, "clip")
	scripts := map[string]string{
		"wl-copy":  "#!/bin/sh\ncat > " + store + "\n",
		"wl-paste": "#!/bin/sh\n[ -f " + store + " ] && cat " + store + "\n",
	}
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return store
}

func TestWaylandFallsBackToWlClipboard(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "wayland-0")
	store := fakeTools(t)
	if err := Persist("https://img.example/a.png"); err != nil {
		t.Fatalf("Persist: %v", err)
	}
	if b, _ := os.ReadFile(store); string(b) != "https://img.example/a.png" {
		t.Errorf("wl-copy got %q", b)
	}
	if got := (System{}).ReadText(); got != "https://img.example/a.png" {
		t.Errorf("ReadText = %q", got)
	}
	if err := (System{}).WriteText("second"); err != nil {
		t.Fatalf("WriteText: %v", err)
	}
	if got := (System{}).ReadText(); got != "second" {
		t.Errorf("after WriteText, ReadText = %q", got)
	}
}

func TestWaylandWithoutToolsSaysWhatToInstall(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "wayland-0")
	t.Setenv("PATH", t.TempDir())
	err := Persist("x")
	if err == nil || !strings.Contains(err.Error(), "wl-clipboard") {
		t.Errorf("Persist without wl-copy: %v, want a hint to install wl-clipboard", err)
	}
}

func TestNoDisplayAtAll(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if err := Persist("x"); err == nil || !strings.Contains(err.Error(), "DISPLAY") {
		t.Errorf("Persist with no display: %v", err)
	}
	if (System{}).ReadText() != "" || (System{}).ReadImage() != nil {
		t.Error("reads with no display must be empty")
	}
}
