//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// TestScreenshots drives the real app through its main screens — idle,
// uploading, done with an error, settings, history — and, when
// UPSHOT_SHOTS names a directory (`make screenshots`), saves each window as
// a PNG for the README. Without it, it still checks every window opens.
func TestScreenshots(t *testing.T) {
	a := mainScreenshots(t, "en", "")

	// Settings from the tray menu, History from the window's button.
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Settings"))
	waitForWindow(t, "Upshot — Settings")
	shoot(t, a, "Upshot — Settings", "settings")
	xdo(t, "mousemove", "100", "80", "click", "1") // the first host
	shotPause(300 * time.Millisecond)
	xdo(t, "mousemove", "108", "578", "click", "1") // Edit
	shotPause(800 * time.Millisecond)
	shoot(t, a, "Upshot — Settings", "settings-editor")
	closeWindow(t, "Upshot — Settings")

	xdo(t, "mousemove", "670", "25", "click", "1")
	waitForWindow(t, "Upshot — History")
	shotPause(800 * time.Millisecond) // thumbnails load in the background
	shoot(t, a, "Upshot — History", "history")
}

// TestScreenshotsTranslated takes the main window's three screenshots in
// Chinese and Spanish (main-idle-zh.png …).
func TestScreenshotsTranslated(t *testing.T) {
	for _, lang := range []string{"zh", "es"} {
		t.Run(lang, func(t *testing.T) { mainScreenshots(t, lang, "-"+lang) })
	}
}

// mainScreenshots runs the app in lang against a slow local host with a
// size limit, and shoots the main window idle, uploading five files and
// done with one that is not an image, as main-STATE+suffix.png.
func mainScreenshots(t *testing.T, lang, suffix string) *app {
	t.Helper()
	h := newHome(t)
	startKeyring(t, h)
	site := h.testHost("--delay", "1500ms", "--max-size", "400KB")
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte(`default = "img.api.hn"

[[profile]]
name = "img.api.hn"
host = "https://img.api.hn/api/1/upload"
max_size = 5000000
link_format = "markdown"

[[profile]]
name = "home server"
host = "https://photos.example.net/api/1/upload"
`), 0o600)
	a := startApp(t, h, site, "UPSHOT_LANG="+lang)
	waitDrawn(t, a, "Upshot")
	shoot(t, a, "Upshot", "main-idle"+suffix)

	dir := t.TempDir()
	var uris []string
	for i, name := range []string{"harbour-at-dawn.png", "team-photo.png", "diagram-v2.png", "screen-recording.mp4", "notes.png"} {
		var p string
		switch {
		case strings.HasSuffix(name, ".mp4"):
			p = videoFile(t, dir, name, 900<<10)
		case name == "notes.png":
			p = filepath.Join(dir, name)
			os.WriteFile(p, []byte("meeting notes, not a picture"), 0o644)
		default:
			p = writePNG(t, dir, name, 320+i*90, 200+i*60)
		}
		u, _ := xdnd.FileURI(p)
		uris = append(uris, u)
	}
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, uris, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	shotPause(900 * time.Millisecond)
	shoot(t, a, "Upshot", "main-uploading"+suffix)
	waitFor(t, "the batch to finish", 30*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "harbour")
	})
	shotPause(500 * time.Millisecond)
	shoot(t, a, "Upshot", "main-done"+suffix)
	return a
}

// waitDrawn waits, when screenshots are taken, until the window titled
// title shows more than black: on a loaded machine the software renderer
// draws the first frame late, and the picture would be empty.
func waitDrawn(t *testing.T, a *app, title string) {
	t.Helper()
	if os.Getenv("UPSHOT_SHOTS") == "" {
		return
	}
	tmp := filepath.Join(t.TempDir(), "probe.png")
	waitFor(t, "the first frame of "+title, 10*time.Second, func() bool {
		out, err := exec.Command("xdotool", "search", "--name", "^"+title+"$").Output()
		ids := strings.Fields(string(out))
		if err != nil || len(ids) == 0 {
			return false
		}
		if exec.Command("import", "-display", a.display, "-window", ids[len(ids)-1], tmp).Run() != nil {
			return false
		}
		mean, err := exec.Command("convert", tmp, "-format", "%[fx:mean]", "info:").Output()
		v, _ := strconv.ParseFloat(strings.TrimSpace(string(mean)), 64)
		return err == nil && v > 0.01 && !wallpaperAt(tmp, 10, 10)
	})
}

// wallpaperAt reports whether the pixel at x, y of the PNG is the e2e
// wallpaper's blue (.ci/e2e.sh) rather than the theme's grey: a window
// that is mapped but not drawn yet shows the root window through it.
func wallpaperAt(png string, x, y int) bool {
	out, err := exec.Command("convert", png, "-crop", fmt.Sprintf("1x1+%d+%d", x, y),
		"-format", "%[fx:int(255*r)] %[fx:int(255*b)]", "info:").Output()
	var r, b int
	if err != nil {
		return true
	}
	if _, err := fmt.Sscan(string(out), &r, &b); err != nil {
		return true
	}
	return b-r > 40
}

// shotPause waits d for the screen to settle before a screenshot — only
// when screenshots are taken (UPSHOT_SHOTS set): the checks never need it.
func shotPause(d time.Duration) {
	if os.Getenv("UPSHOT_SHOTS") != "" {
		time.Sleep(d)
	}
}

// click clicks menu item id of the tray menu that dest exports.
func click(t *testing.T, dest string, id int) {
	t.Helper()
	out, err := exec.Command("gdbus", "call", "--session", "--dest", dest, "--object-path", "/StatusNotifierItem/menu",
		"--method", "com.canonical.dbusmenu.Event", "--", strconv.Itoa(id), "clicked", "<int32 0>", "0").CombinedOutput()
	if err != nil {
		t.Fatalf("click menu item %d: %v %s", id, err, out)
	}
}

// waitForWindow waits until the window titled title is mapped.
func waitForWindow(t *testing.T, title string) {
	t.Helper()
	waitFor(t, "window "+title, 10*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Run() == nil
	})
	shotPause(500 * time.Millisecond) // its first frame
}

func closeWindow(t *testing.T, title string) {
	t.Helper()
	// No window manager here: unmap it (the app keeps running).
	exec.Command("xdotool", "search", "--name", "^"+title+"$", "windowunmap").Run()
}

// shoot saves the window titled title as NAME.png in UPSHOT_SHOTS.
func shoot(t *testing.T, a *app, title, name string) {
	t.Helper()
	out, err := exec.Command("xdotool", "search", "--name", "^"+title+"$").Output()
	ids := strings.Fields(string(out))
	if err != nil || len(ids) == 0 {
		t.Fatalf("no window %q to capture", title)
	}
	dir := os.Getenv("UPSHOT_SHOTS")
	if dir == "" {
		return
	}
	dst := filepath.Join(dir, name+".png")
	if out, err := exec.Command("import", "-display", a.display, "-window", ids[len(ids)-1], dst).CombinedOutput(); err != nil {
		t.Errorf("import %s: %v %s", name, err, out)
	}
}
