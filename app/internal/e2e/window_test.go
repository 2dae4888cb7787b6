//go:build e2e

package e2e

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCaptureHandsOffToTheRunningApp: with the app running, `upshot capture
// full` hands the capture to it (exit 0 at once), and a PNG of the screen's
// size arrives at the host with its link on the clipboard.
func TestCaptureHandsOffToTheRunningApp(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	r := h.runEnv(h.env, "", "capture", "full") // with the display: the CLI may need it
	if r.code != 0 {
		t.Fatalf("capture full: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	// Alone, the CLI would have no host to upload to (none is configured
	// in this home and UPSHOT_HOST is the app's only): exit 0 and a link
	// mean the app took it.
	if strings.Contains(r.stderr, "did not answer") {
		t.Fatalf("the capture was not handed to the running app: %s", r.stderr)
	}
	waitFor(t, "the screenshot's link on the clipboard", 30*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	assertOneScreenshotLinked(t, h, a)
}

// TestMainWindowDrawsItsContent: the main window comes up at its size and
// shows drawn content — the drop area's accent blue among many colours —
// not a blank or black surface (a GL context that failed).
func TestMainWindowDrawsItsContent(t *testing.T) {
	h := newHome(t)
	a := startApp(t, h, h.testHost())
	shot := filepath.Join(t.TempDir(), "window.png")
	if dir := os.Getenv("UPSHOT_SHOTS"); dir != "" {
		shot = filepath.Join(dir, "main-window.png")
	}
	id := strconv.FormatUint(uint64(a.win), 10)
	// The software renderer draws the first frames late on a loaded
	// machine: look again until the window is drawn or 20 s have passed.
	var colours, blue int
	var size image.Point
	deadline := time.Now().Add(20 * time.Second)
	for {
		if out, err := exec.Command("import", "-display", a.display, "-window", id, shot).CombinedOutput(); err != nil {
			t.Fatalf("import the window: %v %s", err, out)
		}
		img := readPNG(t, shot)
		size = img.Bounds().Size()
		colours, blue = drawnColours(img)
		if size.X >= 600 && size.Y >= 400 && colours >= 40 && blue >= 50 || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if size.X < 600 || size.Y < 400 {
		t.Fatalf("the window is %v, want about 820×640", size)
	}
	if colours < 40 || blue < 50 {
		t.Errorf("the window shows %d colours and %d blue pixels: it is not drawn (see %s)", colours, blue, shot)
	}
}

// drawnColours counts the distinct colours of img (every other pixel) and
// its pixels of Fyne's primary blue.
func drawnColours(img image.Image) (colours, blue int) {
	seen := map[color.RGBA]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
			seen[c] = true
			if c.B > 200 && c.R < 80 && c.G > 80 && c.G < 160 { // Fyne's primary blue
				blue++
			}
		}
	}
	return len(seen), blue
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
