//go:build e2e

package e2e

import (
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// press holds a key combination briefly, like a person does.
func press(t *testing.T, display, combo string) {
	t.Helper()
	if err := pressErr(display, combo); err != nil {
		t.Fatal(err)
	}
}

// pressErr is press for any goroutine: it returns what failed.
func pressErr(display, combo string) error {
	for _, step := range [][]string{{"keydown", combo}, {"sleep", "0.08"}, {"keyup", combo}} {
		if step[0] == "sleep" {
			time.Sleep(80 * time.Millisecond)
			continue
		}
		if out, err := exec.Command("xdotool", step[0], "--", step[1]).CombinedOutput(); err != nil {
			return fmt.Errorf("xdotool %v: %v %s", step, err, out)
		}
	}
	return nil
}

func xdo(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

// hostPNGs lists the PNGs the test host stored, with their sizes.
func hostPNGs(t *testing.T, h *home) map[string]image.Point {
	t.Helper()
	out := map[string]image.Point{}
	filepath.Walk(filepath.Join(h.dir, "hostfiles"), func(p string, info os.FileInfo, err error) error {
		if err != nil || !strings.HasSuffix(p, ".png") || strings.Contains(p, ".th.") {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return nil
		}
		defer f.Close()
		if cfg, _, err := image.DecodeConfig(f); err == nil {
			out[filepath.Base(p)] = image.Pt(cfg.Width, cfg.Height)
		}
		return nil
	})
	return out
}

// screenSize reads the root window's size.
func screenSize(t *testing.T) image.Point {
	t.Helper()
	out, err := exec.Command("xdotool", "getdisplaygeometry").Output()
	if err != nil {
		t.Fatalf("getdisplaygeometry: %v", err)
	}
	var p image.Point
	if _, err := fmt.Sscan(strings.TrimSpace(string(out)), &p.X, &p.Y); err != nil {
		t.Fatalf("geometry %q: %v", out, err)
	}
	return p
}

// TestHotkeyFullScreenToClipboard: Ctrl+Shift+3 → the host receives a PNG
// of the whole screen → its link is on the clipboard.
func TestHotkeyFullScreenToClipboard(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond) // the helper grabs the keys
	press(t, a.display, "ctrl+shift+3")
	waitFor(t, "the screenshot's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	assertOneScreenshotLinked(t, h, a)
}

// assertOneScreenshotLinked checks that the host holds one PNG, of the
// screen's size, and that the clipboard links it.
func assertOneScreenshotLinked(t *testing.T, h *home, a *app) {
	t.Helper()
	want := screenSize(t)
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want 1: %v", len(shots), shots)
	}
	for name, size := range shots {
		if size != want {
			t.Errorf("%s is %v, want the screen's %v", name, size, want)
		}
		if !strings.Contains(clipboardText(a.display), strings.TrimSuffix(name, ".png")) {
			t.Errorf("clipboard %q does not link %s", clipboardText(a.display), name)
		}
	}
}

// TestHotkeyRegionDrag: Ctrl+Shift+4 opens the overlay; a mouse drag selects
// a rectangle; Enter uploads exactly that rectangle.
func TestHotkeyRegionDrag(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYD="+os.Getenv("UPSHOT_HOTKEYD"))
	time.Sleep(700 * time.Millisecond)
	press(t, a.display, "ctrl+shift+4")
	waitFor(t, "the region overlay", 10*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--name", "select a region").Run() == nil
	})
	dragRegion(t, func() { a.screenshot("region-overlay") })
	waitFor(t, "the region's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want 1", len(shots))
	}
	for name, size := range shots {
		if size != image.Pt(401, 301) { // both corner pixels are in the selection
			t.Errorf("%s is %v, want the dragged 401×301 (pixels 300..700 × 200..500)", name, size)
		}
	}
}

// TestCopyOutlivesTheProcess: `upshot upload --copy FILE` exits, and the
// link is still on the clipboard.
func TestCopyOutlivesTheProcess(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run with `make e2e`")
	}
	h := newHome(t)
	site := h.testHost()
	img := writePNG(t, t.TempDir(), "keep.png", 16, 16)
	r := h.runEnv(h.env, "", "upload", "--host", site, "--copy", img)
	if r.code != 0 {
		t.Fatalf("upload --copy: %d %s", r.code, r.stderr)
	}
	link := strings.TrimSpace(r.stdout)
	waitFor(t, fmt.Sprintf("the link %q on the clipboard after exit", link), 5*time.Second, func() bool {
		return strings.TrimSpace(clipboardText(os.Getenv("DISPLAY"))) == link
	})
	if owners := clipboardOwners(h); len(owners) != 1 {
		t.Fatalf("%d clipboard owners of this test run (%v), want the 1 the upload left", len(owners), owners)
	}
	// Another program taking the clipboard ends the background owner.
	cmd := exec.Command("xclip", "-selection", "clipboard", "-i")
	cmd.Stdin = strings.NewReader("someone else")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, "the clipboard owner to exit after losing the selection", 5*time.Second, func() bool {
		return len(clipboardOwners(h)) == 0
	})
}

// clipboardOwners lists the detached clipboard owners (`upshot
// __clipboard-serve`) that runs for home h started on this test's display —
// not those of other tests or other sessions on the machine.
func clipboardOwners(h *home) []int {
	env := map[string]bool{"HOME=" + h.dir: true, "DISPLAY=" + os.Getenv("DISPLAY"): true}
	procs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, p := range procs {
		cmdline, err := os.ReadFile(filepath.Join(p, "cmdline"))
		if args := strings.Split(string(cmdline), "\x00"); err != nil || len(args) < 2 || args[1] != "__clipboard-serve" {
			continue
		}
		environ, err := os.ReadFile(filepath.Join(p, "environ"))
		if err != nil {
			continue // gone meanwhile
		}
		found := 0
		for _, kv := range strings.Split(string(environ), "\x00") {
			if env[kv] {
				found++
			}
		}
		if found == len(env) {
			pid, _ := strconv.Atoi(filepath.Base(p))
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestPortalShortcutFullScreenToClipboard: with the hotkeys on the desktop's
// GlobalShortcuts portal (as on Wayland), the app binds its shortcuts there
// with the configured keys as preferred triggers, and the portal's
// Activated signal for "full" ends with the screenshot's link on the
// clipboard. The portal is played by this test on the session bus.
func TestPortalShortcutFullScreenToClipboard(t *testing.T) {
	g := portaltest.StartGlobalShortcuts(t, 2)
	// Desktops describe triggers in their own words; the user picked Meta+R.
	g.Set(0, nil, map[string]string{"full": "Ctrl+Shift+3", "region": "Meta+R", "window": "Ctrl+Shift+5", "clipboard": "Ctrl+Shift+6"})
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site, "UPSHOT_HOTKEYS=portal")
	var b portaltest.Bind
	select {
	case b = <-g.Binds:
	case <-time.After(10 * time.Second):
		t.Fatal("the app never bound its shortcuts on the portal")
	}
	triggers := map[string]string{}
	for _, s := range b.Shortcuts {
		triggers[s.ID], _ = s.Props["preferred_trigger"].Value().(string)
	}
	if triggers["full"] != "CTRL+SHIFT+3" || triggers["region"] != "CTRL+SHIFT+4" {
		t.Errorf("preferred triggers %v, want the defaults in the shortcuts-spec spelling", triggers)
	}
	time.Sleep(300 * time.Millisecond) // the bind's answer reaches the app
	if err := g.Activate(b.Session, "full"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the screenshot's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want 1: %v", len(shots), shots)
	}
	for name, size := range shots {
		if size != screenSize(t) {
			t.Errorf("%s is %v, want the screen's size", name, size)
		}
	}
	// Settings → Hotkeys says the desktop holds the shortcuts and shows
	// the keys it chose.
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Settings"))
	waitForWindow(t, "Upshot — Settings")
	clickIn(t, "Upshot — Settings", 190, 20) // the Hotkeys tab
	shotPause(500 * time.Millisecond)
	shoot(t, a, "Upshot — Settings", "settings-hotkeys-portal")
	closeWindow(t, "Upshot — Settings")
	a.stop()
	if log := a.log.String(); strings.Contains(log, "hotkeys are off") {
		t.Errorf("the app says hotkeys are off on a working portal:\n%s", log)
	}
	select {
	case s := <-g.Closed:
		if s != b.Session {
			t.Errorf("closed %s, want the app's session %s", s, b.Session)
		}
	case <-time.After(5 * time.Second):
		t.Error("quitting did not close the shortcut session")
	}
}

// TestPortalMissingSaysSo: asked to use a portal that is not there, the app
// still opens and says why hotkeys are off and what to bind instead.
func TestPortalMissingSaysSo(t *testing.T) {
	h := newHome(t)
	a := startApp(t, h, h.testHost(), "UPSHOT_HOTKEYS=portal")
	wants := []string{"hotkeys are off", "no GlobalShortcuts portal", "upshot capture region"}
	waitFor(t, fmt.Sprintf("the app log to say %q", wants), 10*time.Second, func() bool {
		log := a.log.String()
		for _, want := range wants {
			if !strings.Contains(log, want) {
				return false
			}
		}
		return true
	})
}

// setClipboard makes xclip own the CLIPBOARD with data of MIME type mime
// ("" for text, offered as UTF8_STRING and STRING the way editors and
// file managers do) until the test ends or another program takes it.
func setClipboard(t *testing.T, mime string, data []byte) {
	t.Helper()
	args := []string{"-selection", "clipboard", "-i"}
	if mime != "" {
		args = append(args, "-t", mime)
	}
	cmd := exec.Command("xclip", args...)
	cmd.Stdin = strings.NewReader(string(data))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	time.Sleep(200 * time.Millisecond)
}

// TestClipboardCommand: `upshot clipboard` uploads the clipboard's image,
// or the files its text names, and leaves the link there; with nothing to
// upload it says so; with the app running it hands the work over.
func TestClipboardCommand(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	shot := writePNG(t, dir, "on-the-clipboard.png", 20, 14)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}

	setClipboard(t, "image/png", png)
	r := h.runEnv(h.env, "", "clipboard", "--host", site)
	if r.code != 0 || !strings.HasPrefix(strings.TrimSpace(r.stdout), site+"/images/") {
		t.Fatalf("clipboard image: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	shots := hostPNGs(t, h)
	if len(shots) != 1 {
		t.Fatalf("host has %d PNGs, want the clipboard's one", len(shots))
	}
	for name, size := range shots {
		if size != image.Pt(20, 14) {
			t.Errorf("%s is %v, want the clipboard image's 20×14", name, size)
		}
	}
	link := strings.TrimSpace(r.stdout)
	waitFor(t, fmt.Sprintf("the link %q on the clipboard after the upload", link), 5*time.Second, func() bool {
		return strings.TrimSpace(clipboardText(os.Getenv("DISPLAY"))) == link
	})

	named := writePNG(t, dir, "named-in-text.png", 8, 8)
	setClipboard(t, "", []byte("file://"+named+"\n"))
	r = h.runEnv(h.env, "", "clipboard", "--host", site)
	if r.code != 0 || !strings.Contains(r.stdout, "named-in-text") {
		t.Errorf("clipboard file list: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}

	setClipboard(t, "", []byte("just some words"))
	r = h.runEnv(h.env, "", "clipboard", "--host", site)
	if r.code != 1 || !strings.Contains(r.stderr, "no image, link or file") {
		t.Errorf("nothing to upload: exit %d, stderr %q", r.code, r.stderr)
	}

	a := startApp(t, h, site)
	setClipboard(t, "image/png", png)
	r = h.runEnv(h.env, "", "clipboard")
	if r.code != 0 || !strings.Contains(r.stderr, "handed to the running Upshot") {
		t.Fatalf("hand-off: exit %d, stderr %q", r.code, r.stderr)
	}
	waitFor(t, "the app's link on the clipboard", 20*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
}

// dragRegion drags from (300,200) to (700,500) in the open region overlay,
// calls during (a screenshot) before letting go, and accepts with Enter:
// 401×301 pixels, both corners in.
func dragRegion(t *testing.T, during func()) {
	t.Helper()
	time.Sleep(400 * time.Millisecond)
	xdo(t, "mousemove", "300", "200", "mousedown", "1")
	xdo(t, "mousemove", "450", "300")
	xdo(t, "mousemove", "700", "500")
	time.Sleep(200 * time.Millisecond)
	during()
	xdo(t, "mouseup", "1")
	time.Sleep(150 * time.Millisecond)
	xdo(t, "key", "Return")
}
