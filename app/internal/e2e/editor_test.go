//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cli is an `upshot` command line running in the test X server.
type cli struct {
	cmd       *exec.Cmd
	out, errb bytes.Buffer
	done      chan struct{}
	code      int
}

// startCLI runs `upshot args…` with the display, in h's home, from dir.
func startCLI(t *testing.T, h *home, dir string, args ...string) *cli {
	t.Helper()
	c := &cli{done: make(chan struct{})}
	c.cmd = exec.Command(bin(t), args...)
	c.cmd.Env = append(h.without("UPSHOT_HOST"), "UPSHOT_LANG=en")
	c.cmd.Dir = dir
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.errb
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = c.cmd.Wait()
		c.code = c.cmd.ProcessState.ExitCode()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// wait waits for the command line to end and returns its exit status.
func (c *cli) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
		return c.code
	case <-time.After(limit):
		t.Fatalf("upshot did not exit within %v; stdout %q stderr %q", limit, c.out.String(), c.errb.String())
	}
	return 0
}

// visibleWindow reports whether a mapped window has exactly this title.
func visibleWindow(title string) bool {
	out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
	return len(strings.Fields(string(out))) > 0
}

// editorWindow waits for the window titled `NAME — Upshot editor` and
// returns its id.
func editorWindow(t *testing.T, name string, logs func() string) string {
	t.Helper()
	return editorWindowMatching(t, "^"+regexp.QuoteMeta(name+" — Upshot editor")+"$", logs)
}

// editorWindowMatching waits for a visible window whose title matches the
// regular expression title and returns its id.
func editorWindowMatching(t *testing.T, title string, logs func() string) string {
	t.Helper()
	var id string
	deadline := time.Now().Add(30 * time.Second)
	for id == "" {
		out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", title).Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			id = f[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window titled %q after 30s; log:\n%s", title, logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // first frame
	return id
}

// grabScreen reads the whole X screen, saving it as name.png under
// UPSHOT_SHOTS when both are set.
func grabScreen(t *testing.T, name string) image.Image {
	t.Helper()
	out, err := exec.Command("import", "-window", "root", "png:-").Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if dir := os.Getenv("UPSHOT_SHOTS"); dir != "" && name != "" {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), out, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// locate finds where on the screen the picture src is shown at 100%, by
// a few of its pixels, waiting for the window to draw it.
func locate(t *testing.T, name string, src image.Image) image.Point {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if p, ok := find(grabScreen(t, name), src); ok {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatal("the picture is not on the screen at 100%")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func find(screen, src image.Image) (image.Point, bool) {
	b, sb := src.Bounds(), screen.Bounds()
	// Pixels on the picture's border, where the tests draw nothing.
	probes := []image.Point{{0, 0}, {b.Dx() - 1, 0}, {0, b.Dy() - 1}, {b.Dx() - 1, b.Dy() - 1},
		{b.Dx() - 1, b.Dy() / 2}, {b.Dx() / 2, b.Dy() - 1}, {0, b.Dy() / 3}, {b.Dx() / 3, 0}}
	for y := sb.Min.Y; y+b.Dy() <= sb.Max.Y; y++ {
		for x := sb.Min.X; x+b.Dx() <= sb.Max.X; x++ {
			ok := true
			for _, p := range probes {
				if !sameRGB(screen.At(x+p.X, y+p.Y), src.At(p.X, p.Y)) {
					ok = false
					break
				}
			}
			if ok {
				return image.Pt(x, y), true
			}
		}
	}
	return image.Point{}, false
}

func sameRGB(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8
}

// drag presses the left button at from and releases it at to (screen
// pixels), moving through a few points on the way as a hand does.
func drag(t *testing.T, from, to image.Point) {
	t.Helper()
	xdo(t, "mousemove", fmt.Sprint(from.X), fmt.Sprint(from.Y))
	time.Sleep(60 * time.Millisecond)
	xdo(t, "mousedown", "1")
	for i := 1; i <= 4; i++ {
		p := from.Add(to.Sub(from).Mul(i).Div(4))
		xdo(t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y))
		time.Sleep(40 * time.Millisecond)
	}
	xdo(t, "mouseup", "1")
	time.Sleep(150 * time.Millisecond)
}

// key types one key on the window under the pointer.
func key(t *testing.T, k string) {
	t.Helper()
	press(t, "", k)
	time.Sleep(150 * time.Millisecond)
}

// hostFile is the path of the one stored upload whose name has part.
func hostFile(t *testing.T, h *home, part string) string {
	t.Helper()
	var found []string
	filepath.Walk(filepath.Join(h.dir, "hostfiles"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.Contains(filepath.Base(p), part) && !strings.Contains(p, ".th.") && !strings.Contains(p, ".md.") {
			found = append(found, p)
		}
		return nil
	})
	if len(found) != 1 {
		t.Fatalf("uploads named *%s*: %v, want one", part, found)
	}
	return found[0]
}

// drawBoxAndRedaction draws, in the editor showing src at origin, a red
// rectangle (R) over box and a redaction (X) over redact, both in image
// pixels.
func drawBoxAndRedaction(t *testing.T, origin image.Point, box, redact image.Rectangle) {
	t.Helper()
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5)) // keys go to the window under the pointer
	key(t, "r")
	drag(t, origin.Add(box.Min), origin.Add(box.Max))
	key(t, "x")
	drag(t, origin.Add(redact.Min), origin.Add(redact.Max))
}

// checkEdited checks the uploaded picture: red on the rectangle's edges,
// coarse uniform blocks unlike the original in the redaction, and every
// pixel away from both as it was.
func checkEdited(t *testing.T, got, src image.Image, box, redact image.Rectangle) {
	t.Helper()
	if got.Bounds().Size() != src.Bounds().Size() {
		t.Fatalf("uploaded %v, want the source's %v", got.Bounds().Size(), src.Bounds().Size())
	}
	mid := (box.Min.X + box.Max.X) / 2
	for _, p := range []image.Point{{mid, box.Min.Y}, {mid, box.Max.Y}, {box.Min.X, (box.Min.Y + box.Max.Y) / 2}, {box.Max.X, (box.Min.Y + box.Max.Y) / 2}} {
		r, g, b, _ := got.At(p.X, p.Y).RGBA()
		if r>>8 < 180 || g>>8 > 90 || b>>8 > 90 {
			t.Errorf("rectangle edge at %v is %v, want red", p, got.At(p.X, p.Y))
		}
	}
	inner := redact.Inset(2)
	colours := map[color.RGBA]bool{}
	same := 0
	for y := inner.Min.Y; y < inner.Max.Y; y++ {
		for x := inner.Min.X; x < inner.Max.X; x++ {
			c := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA)
			colours[c] = true
			if sameRGB(c, src.At(x, y)) {
				same++
			}
		}
	}
	cells := (redact.Dx()/12 + 2) * (redact.Dy()/12 + 2)
	if len(colours) > cells {
		t.Errorf("redaction has %d colours, want at most %d blocks of 12 px", len(colours), cells)
	}
	if n := inner.Dx() * inner.Dy(); same*10 > n {
		t.Errorf("%d of %d redacted pixels kept their original value", same, n)
	}
	drawn := []image.Rectangle{box.Inset(-12), redact.Inset(-2)}
	changed := 0
	b := src.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := image.Pt(x, y)
			if p.In(drawn[0]) || p.In(drawn[1]) {
				continue
			}
			if !sameRGB(got.At(x, y), src.At(x, y)) {
				changed++
			}
		}
	}
	if changed > 0 {
		t.Errorf("%d pixels away from the drawing changed", changed)
	}
}

// TestEditCommandUploadsTheDrawing: `upshot edit img.png --host SITE`
// opens `img.png — Upshot editor`; R and a drag draw a red box, X and a
// drag pixelate a part, Ctrl+Enter uploads: exit 0, the link printed and
// on the clipboard, and the uploaded PNG has the drawing and nothing else.
func TestEditCommandUploadsTheDrawing(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	srcPath := writePNG(t, dir, "img.png", 480, 320)
	src := readPNG(t, srcPath)
	c := startCLI(t, h, dir, "edit", "img.png", "--host", site)
	editorWindow(t, "img.png", func() string { return c.errb.String() })
	origin := locate(t, "editor_open", src)
	box, redact := image.Rect(60, 50, 200, 140), image.Rect(260, 160, 400, 260)
	drawBoxAndRedaction(t, origin, box, redact)
	grabScreen(t, "editor_drawn")
	key(t, "ctrl+Return")
	if code := c.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d, want 0; stderr %s", code, c.errb.String())
	}
	link := strings.TrimSpace(c.out.String())
	if !strings.HasPrefix(link, site) || !strings.Contains(link, "img-edited") {
		t.Fatalf("stdout %q, want the edited image's link on %s", link, site)
	}
	if got := strings.TrimSpace(clipboardText(os.Getenv("DISPLAY"))); got != link {
		t.Errorf("clipboard %q, want %q", got, link)
	}
	checkEdited(t, readPNG(t, hostFile(t, h, "img-edited")), src, box, redact)
	if _, err := os.Stat(srcPath); err != nil {
		t.Errorf("the original is gone: %v", err)
	}
}

// TestEditEscWithoutEditsExits1: Esc on an image with no edits closes the
// editor at once: exit 1 and `upshot: FILE: closed without uploading`.
func TestEditEscWithoutEditsExits1(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	writePNG(t, dir, "img.png", 200, 150)
	c := startCLI(t, h, dir, "edit", "img.png", "--host", site)
	win := editorWindow(t, "img.png", func() string { return c.errb.String() })
	xdo(t, "mousemove", "--window", win, "100", "100")
	key(t, "Escape")
	if code := c.wait(t, 20*time.Second); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, c.errb.String())
	}
	var ours []string
	for _, l := range lines(c.errb.String()) {
		if strings.HasPrefix(l, "upshot:") {
			ours = append(ours, l)
		}
	}
	if len(ours) != 1 || ours[0] != "upshot: img.png: closed without uploading" {
		t.Errorf("stderr %q, want exactly \"upshot: img.png: closed without uploading\"", c.errb.String())
	}
	if len(hostPNGs(t, h)) != 0 {
		t.Errorf("something was uploaded: %v", hostPNGs(t, h))
	}
}

// TestEditBadFileExits2: a missing file or one that is no image is named,
// with exit status 2, and no window opens.
func TestEditBadFileExits2(t *testing.T) {
	h := newHome(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.png"), []byte("not a picture"), 0o644)
	for _, tc := range []struct{ file, says string }{
		{"gone.png", "upshot: gone.png: no such file"},
		{"notes.png", "upshot: notes.png is not an image the editor can open"},
	} {
		c := startCLI(t, h, dir, "edit", tc.file)
		if code := c.wait(t, 20*time.Second); code != 2 || !strings.Contains(c.errb.String(), tc.says) {
			t.Errorf("edit %s: exit %d, stderr %q — want 2 and %q", tc.file, code, c.errb.String(), tc.says)
		}
	}
}
