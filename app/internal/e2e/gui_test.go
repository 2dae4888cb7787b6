//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xdnd"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// app is a running GUI.
type app struct {
	t       *testing.T
	h       *home
	cmd     *exec.Cmd
	log     *logBuffer // its stdout and stderr
	display string
	win     xproto.Window // its main window
}

// logBuffer collects the app's output; the test may read it while the app
// still writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// startApp runs `upshot` (the GUI) against site in the test X server and
// waits for its window.
func startApp(t *testing.T, h *home, site string, extraEnv ...string) *app {
	t.Helper()
	env := append(append(h.without("UPSHOT_HOST"), "UPSHOT_HOST="+site, "UPSHOT_LANG=en"), extraEnv...)
	return startAppWith(t, h, bin(t), env)
}

// startAppWith runs the GUI exe with exactly env in the X server env names
// (else the test one) and waits for its window.
func startAppWith(t *testing.T, h *home, exe string, env []string) *app {
	t.Helper()
	display := os.Getenv("DISPLAY")
	for _, kv := range env { // the last one counts, as for the app
		if v, ok := strings.CutPrefix(kv, "DISPLAY="); ok {
			display = v
		}
	}
	if display == "" {
		t.Fatal("DISPLAY is not set: run the end-to-end tests with `make e2e` (it starts Xvfb)")
	}
	a := &app{t: t, h: h, log: &logBuffer{}, display: display}
	a.cmd = exec.Command(exe)
	a.cmd.Env = env
	a.cmd.Stdout, a.cmd.Stderr = a.log, a.log
	// Wait returns once the app has exited even if a child of it still
	// holds its output open (under Wine, the PowerShell Fyne starts for a
	// notification, which never ends there).
	a.cmd.WaitDelay = 5 * time.Second
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.stop)
	started := time.Now()
	deadline := started.Add(30 * time.Second)
	for {
		w, err := xdnd.FindWindow(display, "Upshot")
		if err == nil {
			a.win = w
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window titled Upshot after 30s; app log:\n%s", a.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	bench(t, "gui_window_mapped_ms", time.Since(started).Milliseconds())
	time.Sleep(300 * time.Millisecond) // first frame
	return a
}

func (a *app) stop() {
	if a.cmd.ProcessState == nil && onWindows() {
		// A GUI program under Wine has no console for an interrupt to reach.
		_ = a.cmd.Process.Kill()
		_ = a.cmd.Wait()
	}
	if a.cmd.ProcessState == nil {
		_ = a.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = a.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = a.cmd.Process.Kill()
			<-done
		}
	}
	if a.t.Failed() || os.Getenv("E2E_APPLOG") != "" {
		a.t.Logf("app log:\n%s", a.log.String())
	}
}

// screenshot saves the X screen when UPSHOT_SHOTS names a directory.
func (a *app) screenshot(name string) {
	dir := os.Getenv("UPSHOT_SHOTS")
	if dir == "" {
		return
	}
	out := filepath.Join(dir, name+".png")
	if err := exec.Command("import", "-display", a.display, "-window", "root", "-crop", "900x640+0+0", "+repage", out).Run(); err != nil {
		a.t.Logf("screenshot %s: %v", name, err)
	}
}

// clipboard reads the CLIPBOARD selection. An owner that never answers
// (a client stopped mid-test) counts as an empty clipboard.
func clipboardText(display string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "xclip", "-display", display, "-o", "-selection", "clipboard").Output()
	return string(out)
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDropUploadsAndCopiesLinks: files dropped on the window through XDND
// are uploaded and their links, in drop order, land on the clipboard.
func TestDropUploadsAndCopiesLinks(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	dir := t.TempDir()
	var uris []string
	for i, name := range []string{"zeta.png", "alpha.png", "mid.png"} {
		uri, err := xdnd.FileURI(writePNG(t, dir, name, 200+i*40, 120+i*30))
		if err != nil {
			t.Fatal(err)
		}
		uris = append(uris, uri)
	}
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, uris, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	var got []string
	waitFor(t, "three links on the clipboard", 30*time.Second, func() bool {
		got = lines(clipboardText(a.display))
		return len(got) == 3
	})
	for i, want := range []string{"zeta", "alpha", "mid"} {
		if !strings.HasPrefix(got[i], site) || !strings.Contains(got[i], want) {
			t.Errorf("clipboard line %d = %q, want the %s.png link", i, got[i], want)
		}
		assertServes(t, got[i])
	}
}

// TestTrayMenuUploadsClipboardImage clicks the tray's "Upload clipboard"
// through the DBusMenu interface Fyne exports (no tray host runs here).
func TestTrayMenuUploadsClipboardImage(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run under dbus-run-session (make e2e does)")
	}
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	img := writePNG(t, t.TempDir(), "clip.png", 77, 55)
	xc := exec.Command("xclip", "-display", a.display, "-selection", "clipboard", "-t", "image/png", "-i", img)
	if err := xc.Start(); err != nil { // xclip stays to serve the selection
		t.Fatal(err)
	}
	t.Cleanup(func() { xc.Process.Kill(); xc.Wait() })
	time.Sleep(300 * time.Millisecond)
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Upload clipboard"))
	waitFor(t, "the clipboard image's link", 30*time.Second, func() bool {
		return strings.HasPrefix(clipboardText(a.display), site+"/images/")
	})
	n := countFiles(t, filepath.Join(h.dir, "hostfiles"))
	if n != 1 {
		t.Errorf("host stored %d files, want 1", n)
	}
}

// trayBusName finds the StatusNotifierItem name Fyne's systray registered.
func trayBusName(t *testing.T, pid int) string {
	t.Helper()
	var name string
	waitFor(t, "the tray item on the session bus", 10*time.Second, func() bool {
		out, _ := exec.Command("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
			"--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.ListNames").Output()
		m := regexp.MustCompile(fmt.Sprintf(`org\.kde\.StatusNotifierItem-%d-\d+`, pid)).FindString(string(out))
		name = m
		return m != ""
	})
	return name
}

// menuItemID reads the DBusMenu layout and returns the id of label.
func menuItemID(t *testing.T, dest, label string) int {
	t.Helper()
	out := trayLayout(t, dest)
	re := regexp.MustCompile(`\((\d+), \{[^}]*'label': <'` + regexp.QuoteMeta(label) + `'>`)
	m := re.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no menu item %q in layout: %s", label, out)
	}
	var id int
	fmt.Sscan(m[1], &id)
	return id
}

// TestDropSXCUImportsAProfile: a ShareX custom uploader dropped on the
// window becomes a host profile (its key in the key store, not the config).
func TestDropSXCUImportsAProfile(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", secretKey)
	a := startApp(t, h, site)
	sx := filepath.Join(t.TempDir(), "My Host.sxcu")
	os.WriteFile(sx, []byte(`{"Version":"16.1.0","Name":"My Host","DestinationType":"ImageUploader",
"RequestMethod":"POST","RequestURL":"`+site+`/api/1/upload","Headers":{"X-API-Key":"`+secretKey+`"},
"Body":"MultipartFormData","Arguments":{"format":"json"},"FileFormName":"source","URL":"{json:image.url}"}`), 0o600)
	u, _ := xdnd.FileURI(sx)
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, []string{u}, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	waitFor(t, "the imported profile", 10*time.Second, func() bool {
		return strings.Contains(h.run("", "profile", "list").stdout, "My Host")
	})
	img := writePNG(t, t.TempDir(), "via-sxcu.png", 9, 9)
	if r := h.run("", "upload", "--profile", "My Host", img); r.code != 0 || !strings.HasPrefix(r.stdout, site) {
		t.Errorf("upload through the imported profile: %d %q %q", r.code, r.stdout, r.stderr)
	}
	cfg, _ := os.ReadFile(filepath.Join(h.dir, "config", "upshot", "config.toml"))
	if strings.Contains(string(cfg), secretKey) {
		t.Error("the imported key is in the config file")
	}
}

// TestBrokenConfigStillOpensTheWindow: a config file the app cannot read
// must not leave a menu launch with nothing on screen.
func TestBrokenConfigStillOpensTheWindow(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("default = [\n"), 0o600)
	a := startApp(t, h, site) // fails unless the window appears
	img := writePNG(t, t.TempDir(), "still-works.png", 10, 10)
	u, _ := xdnd.FileURI(img)
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, []string{u}, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	waitFor(t, "the link on the clipboard", 20*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "still-works")
	})
	if b, _ := os.ReadFile(cfg); string(b) != "default = [\n" {
		t.Errorf("the broken config was rewritten: %q", b)
	}
}

// TestUploadHandsOffToTheRunningApp: with the app running, `upshot upload
// FILE` queues the file in the app's window (whose end-of-run copy puts the
// link on the clipboard) and still prints the link and exits 0.
func TestUploadHandsOffToTheRunningApp(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	dir := t.TempDir()
	img := writePNG(t, dir, "handed.png", 12, 12)
	missing := filepath.Join(dir, "gone.png")
	r := h.run("", "upload", img, missing) // no --host: the app's host
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (one missing file); stderr %s", r.code, r.stderr)
	}
	if l := lines(r.stdout); len(l) != 1 || !strings.HasPrefix(l[0], site) || !strings.Contains(l[0], "handed") {
		t.Fatalf("stdout %q, want the one link on %s; stderr %s", r.stdout, site, r.stderr)
	}
	if !strings.Contains(r.stderr, "upshot: "+missing+": ") {
		t.Errorf("stderr %q does not report %s", r.stderr, missing)
	}
	waitFor(t, "the app's end-of-run copy", 10*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "handed")
	})
	// A folder hands over as one item per file.
	folder := filepath.Join(dir, "album")
	os.MkdirAll(folder, 0o755)
	writePNG(t, folder, "first.png", 8, 8)
	writePNG(t, folder, "second.png", 9, 9)
	r = h.run("", "upload", folder)
	if l := lines(r.stdout); r.code != 0 || len(l) != 2 || !strings.Contains(r.stdout, "first") || !strings.Contains(r.stdout, "second") {
		t.Fatalf("folder: exit %d, stdout %q, stderr %s — want both files' links", r.code, r.stdout, r.stderr)
	}
}

// TestNoDisplaySaysSo: started with no display, or an unreachable one, the
// app exits 1 with one line that says what to do — not a GLFW panic.
func TestNoDisplaySaysSo(t *testing.T) {
	h := newHome(t)
	runtime := filepath.Join(h.dir, "runtime")
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"unset", nil, "DISPLAY and WAYLAND_DISPLAY are unset"},
		{"unreachable", []string{"DISPLAY=:987"}, `open the X display ":987"`},
		// A compositor that is gone (its socket name left behind in the
		// environment) and no X to fall back on.
		{"stale wayland", []string{"WAYLAND_DISPLAY=wayland-9", "XDG_RUNTIME_DIR=" + runtime}, "no Wayland compositor answers on " + filepath.Join(runtime, "wayland-9")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := append(h.without("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"), "XDG_RUNTIME_DIR="+runtime)
			r := h.runEnv(append(env, tc.env...), "")
			if r.code != 1 {
				t.Fatalf("exit %d, want 1; stderr %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "upshot upload") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stderr %q: want one line naming the problem (%q) and the command line", r.stderr, tc.want)
			}
		})
	}
}

// TestUploadFilesUsesTheDesktopChooser: the tray's "Upload files…" opens
// the desktop's file chooser (played here on the session bus), and every
// file picked in it is uploaded, its link on the clipboard.
func TestUploadFilesUsesTheDesktopChooser(t *testing.T) {
	dir := t.TempDir()
	one, two := writePNG(t, dir, "picked-one.png", 10, 10), writePNG(t, dir, "picked-two.png", 12, 12)
	u1, _ := xdnd.FileURI(one)
	u2, _ := xdnd.FileURI(two)
	chooser := portaltest.StartFileChooser(t, 0, u1, u2)
	h := newHome(t)
	a := startApp(t, h, h.testHost())
	name := trayBusName(t, a.cmd.Process.Pid)
	click(t, name, menuItemID(t, name, "Upload files…"))
	select {
	case opts := <-chooser.Asked:
		if opts["multiple"].Value() != true {
			t.Error("the chooser was not asked for several files")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the desktop's file chooser was never asked")
	}
	waitFor(t, "both links on the clipboard", 20*time.Second, func() bool {
		c := clipboardText(a.display)
		return strings.Contains(c, "picked-one") && strings.Contains(c, "picked-two")
	})
}
