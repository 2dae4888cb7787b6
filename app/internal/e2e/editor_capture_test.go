//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// capturesLeft lists the files left in the app's captures folder.
func capturesLeft(h *home) []string {
	left, _ := filepath.Glob(filepath.Join(h.dir, "data", "upshot", "captures", "*"))
	return left
}

// onlyUpload waits for the host to store an upload and returns its path:
// the one it has (a capture's upload is named from its title).
func onlyUpload(t *testing.T, h *home) string {
	t.Helper()
	waitFor(t, "the upload", 30*time.Second, func() bool { return len(hostPNGs(t, h)) > 0 })
	time.Sleep(300 * time.Millisecond) // a second one would be a bug
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("the host has %v, want one upload", shots)
	}
	for name := range shots {
		return hostFile(t, h, name)
	}
	return ""
}

// isRed reports whether the pixel at p is the palette's red.
func isRed(img image.Image, p image.Point) bool {
	r, g, b, _ := img.At(p.X, p.Y).RGBA()
	return r>>8 > 180 && g>>8 < 90 && b>>8 < 90
}

// TestRegionEOpensTheEditor: Ctrl+Shift+4, a drag, then E instead of
// Enter: the selection opens in the editor; a rectangle drawn there and
// Ctrl+Enter upload the edited selection, and no capture file is left.
func TestRegionEOpensTheEditor(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond) // the helper grabs the keys
	press(t, a.display, "ctrl+shift+4")
	waitFor(t, "the region overlay", 10*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--name", "select a region").Run() == nil
	})
	time.Sleep(400 * time.Millisecond)
	drag(t, image.Pt(300, 200), image.Pt(700, 500))
	key(t, "e")
	editorWindowMatching(t, `^Screenshot.*\.png — Upshot editor$`, a.log.String)
	left := capturesLeft(h)
	if len(left) != 1 {
		t.Fatalf("captures folder %q, want the one selection the editor shows", left)
	}
	src := decodeFile(t, left[0])
	if src.Bounds().Size() != image.Pt(401, 301) {
		t.Fatalf("the editor's source is %v, want the 401×301 selection", src.Bounds().Size())
	}
	origin := locate(t, "editor_region", src)
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5))
	key(t, "r")
	drag(t, origin.Add(image.Pt(50, 40)), origin.Add(image.Pt(250, 200)))
	key(t, "ctrl+Return")
	got := decodeFile(t, onlyUpload(t, h))
	if got.Bounds().Size() != image.Pt(401, 301) || !isRed(got, image.Pt(150, 40)) || isRed(got, image.Pt(150, 120)) {
		t.Errorf("uploaded %v: red at the rectangle's edge %v, inside %v", got.Bounds().Size(), isRed(got, image.Pt(150, 40)), isRed(got, image.Pt(150, 120)))
	}
	waitFor(t, "the capture files to go once uploaded", 10*time.Second, func() bool { return len(capturesLeft(h)) == 0 })
}

// TestAfterCaptureOpensTheEditor: with Settings → Capture on "open the
// editor", the full-screen hotkey opens the capture in the editor instead
// of uploading it; Esc on it without edits uploads nothing.
func TestAfterCaptureOpensTheEditor(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte("[settings]\nnotifications = false\nafter_capture = \"edit\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond)
	press(t, a.display, "ctrl+shift+3")
	win := editorWindowMatching(t, `^Screenshot.*\.png — Upshot editor$`, a.log.String)
	if n := len(hostPNGs(t, h)); n != 0 {
		t.Fatalf("the capture uploaded (%d files) before the editor closed", n)
	}
	xdo(t, "mousemove", "--window", win, "300", "300")
	key(t, "Escape")
	waitFor(t, "the editor to close", 10*time.Second, func() bool { return !visibleWindow(`Upshot editor$`) })
	time.Sleep(500 * time.Millisecond)
	if n := len(hostPNGs(t, h)); n != 0 {
		t.Errorf("%d uploads after closing the editor without uploading", n)
	}
}
