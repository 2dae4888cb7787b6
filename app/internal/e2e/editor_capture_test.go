//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	src := readPNG(t, left[0])
	if src.Bounds().Size() != image.Pt(401, 301) {
		t.Fatalf("the editor's source is %v, want the 401×301 selection", src.Bounds().Size())
	}
	origin := locate(t, "editor_region", src)
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5))
	key(t, "r")
	drag(t, origin.Add(image.Pt(50, 40)), origin.Add(image.Pt(250, 200)))
	key(t, "ctrl+Return")
	got := readPNG(t, onlyUpload(t, h))
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

// TestScreenshotEditor takes the README's picture of the editor on a real
// capture: the app's window after an upload, captured with the hotkey
// (after_capture = edit), marked up with a box, an arrow, numbered steps
// and a redaction of the links. It saves editor.png under UPSHOT_SHOTS
// (make screenshots), else in a temporary folder.
func TestScreenshotEditor(t *testing.T) {
	dir := os.Getenv("UPSHOT_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	h := newHome(t)
	site := h.testHost()
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[settings]\nnotifications = false\nafter_capture = \"edit\"\n"), 0o600)
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	pics := t.TempDir()
	var files []string
	for i, name := range []string{"login-error.png", "dashboard.png", "settings-page.png"} {
		files = append(files, writePNG(t, pics, name, 320+40*i, 200+30*i))
	}
	if r := h.run("", append([]string{"upload"}, files...)...); r.code != 0 {
		t.Fatalf("upload: exit %d %s", r.code, r.stderr)
	}
	time.Sleep(1500 * time.Millisecond) // the rows' previews
	press(t, a.display, "ctrl+shift+3")
	win := editorWindowMatching(t, `^Screenshot.*\.png — Upshot editor$`, a.log.String)
	geo, err := exec.Command("xdotool", "getwindowgeometry", "--shell", win).Output()
	if err != nil {
		t.Fatal(err)
	}
	var x, y, w, hh int
	for _, l := range strings.Fields(string(geo)) {
		fmt.Sscanf(l, "X=%d", &x)
		fmt.Sscanf(l, "Y=%d", &y)
		fmt.Sscanf(l, "WIDTH=%d", &w)
		fmt.Sscanf(l, "HEIGHT=%d", &hh)
	}
	// Window pixels, for the fitted 1280×800 capture of the window as it
	// lays out under Xvfb (the main window in the capture's top left).
	at := func(px, py int) image.Point { return image.Pt(x+px, y+py) }
	xdo(t, "mousemove", "--window", win, "400", "300")
	key(t, "r")
	drag(t, at(342, 93), at(606, 154))
	key(t, "a")
	drag(t, at(500, 470), at(640, 308))
	key(t, "n")
	for _, p := range []image.Point{at(325, 123), at(760, 297)} {
		xdo(t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "click", "1")
		time.Sleep(150 * time.Millisecond)
	}
	key(t, "x")
	for _, row := range []int{229, 298, 368} {
		drag(t, at(400, row), at(568, row+22))
	}
	key(t, "v") // nothing selected: no handles in the picture
	time.Sleep(400 * time.Millisecond)
	out := filepath.Join(dir, "editor.png")
	if b, err := exec.Command("import", "-window", win, out).CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, b)
	}
	if got := readPNG(t, out).Bounds().Size(); got != image.Pt(w, hh) {
		t.Errorf("editor.png is %v, want the editor window's %v", got, image.Pt(w, hh))
	}
}

// TestCaptureCommandRegionE: `upshot capture region` with no app: E in
// its overlay opens the editor (in a process of its own, as Fyne starts
// once a process); Ctrl+Enter uploads the edited selection and exits 0.
func TestCaptureCommandRegionE(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	c := startCLI(t, h, t.TempDir(), "capture", "region", "--host", site)
	waitFor(t, "the region overlay", 15*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--onlyvisible", "--name", "select a region").Run() == nil
	})
	time.Sleep(400 * time.Millisecond)
	drag(t, image.Pt(300, 200), image.Pt(700, 500))
	key(t, "e")
	editorWindowMatching(t, `^Screenshot.*\.png — Upshot editor$`, c.errb.String)
	left := capturesLeft(h)
	if len(left) != 1 {
		t.Fatalf("captures folder %q, want the selection", left)
	}
	origin := locate(t, "", readPNG(t, left[0]))
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5))
	key(t, "r")
	drag(t, origin.Add(image.Pt(50, 40)), origin.Add(image.Pt(250, 200)))
	key(t, "ctrl+Return")
	if code := c.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d; stderr %s", code, c.errb.String())
	}
	got := readPNG(t, onlyUpload(t, h))
	if got.Bounds().Size() != image.Pt(401, 301) || !isRed(got, image.Pt(150, 40)) {
		t.Errorf("uploaded %v, red at the rectangle's edge: %v", got.Bounds().Size(), isRed(got, image.Pt(150, 40)))
	}
	if left := capturesLeft(h); len(left) != 0 {
		t.Errorf("left in the captures folder: %v", left)
	}
}
