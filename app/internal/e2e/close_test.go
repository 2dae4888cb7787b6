//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/platform/traytest"
	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// TestCloseWithoutATrayQuits: under a window manager with no tray host,
// closing the window from the window manager ends the app (exit 0) — it
// used to run on with no window, hotkeys live, and a second `upshot` only
// said "showing its window". The upload it had in flight is not lost: the
// user is told it resumes, and the next start finishes it.
func TestCloseWithoutATrayQuits(t *testing.T) {
	display := startWM(t)
	notes := startNotifications(t)
	h := newHome(t)
	addr := freeAddr(t)
	site, stopSlow := h.testHostAt(addr, filepath.Join(h.dir, "slowhost"), "--delay", "1h") // never answers in time
	a := startAppOn(t, h, display, site)
	img := writePNG(t, t.TempDir(), "in-flight.png", 64, 48)
	u, _ := xdnd.FileURI(img)
	if err := xdnd.Drop(display, "Upshot", 420, 320, []string{u}, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	waitFor(t, "the dropped file in the journal", 20*time.Second, func() bool { return journalHas(h, img) })
	a.screenshot("close-no-tray-before")

	closeLikeAUser(t, display, a.win)
	code, exited := a.waitExit(30 * time.Second)
	if !exited {
		t.Fatalf("the app still runs 30 s after its window was closed with no tray host; visible windows %q", visibleUpshot(display))
	}
	if code != 0 {
		t.Fatalf("the app exited %d after its window was closed, want 0", code)
	}
	want := "Upshot closed with 1 upload unfinished: it resumes the next time you start Upshot"
	if said := notes.said(); !strings.Contains(said, want) {
		t.Errorf("notifications %q, want %q", said, want)
	}
	if !strings.Contains(a.log.String(), want) {
		t.Errorf("the app's stderr does not say %q:\n%s", want, a.log.String())
	}

	stopSlow()
	h.testHostAt(addr, filepath.Join(h.dir, "hostfiles")) // the same host, answering now
	b := startAppOn(t, h, display, site)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("journals:\n%s", journals(h))
		}
	})
	waitFor(t, "the unfinished upload done by the next start", 30*time.Second, func() bool {
		return countFiles(t, filepath.Join(h.dir, "hostfiles")) == 1
	})
	if !strings.Contains(b.log.String(), "resuming 1 unfinished upload(s)") {
		t.Errorf("the next start did not say it resumed the upload:\n%s", b.log.String())
	}
}

// TestCloseWithATrayHidesAndUpshotShowsIt: with a tray host (a fake
// StatusNotifierWatcher on the test bus), closing the window hides it and
// the app keeps running; a second `upshot`, or a click on the tray icon,
// brings it back mapped, on top of the window that covered it, and active
// (a minimized window too).
// When the tray host goes away while the window is hidden the window comes
// back by itself, and closing it then quits.
func TestCloseWithATrayHidesAndUpshotShowsIt(t *testing.T) {
	display := startWM(t)
	tray := traytest.Start(t)
	h := newHome(t)
	site := h.testHost()
	a := startAppOn(t, h, display, site)
	waitFor(t, "the tray icon registered with the tray host", 10*time.Second, func() bool { return len(tray.Registered()) > 0 })

	hideByClosing(t, a)
	coverScreen(t, display)
	env := append(h.without("UPSHOT_HOST", "DISPLAY"), "DISPLAY="+display, "UPSHOT_HOST="+site, "UPSHOT_LANG=en")
	r := h.runEnv(env, "")
	if r.code != 0 || !strings.Contains(r.stderr, "already running — showing its window") {
		t.Fatalf("second upshot: exit %d, stderr %q", r.code, r.stderr)
	}
	assertShownOnTop(t, a, "shown-again-by-upshot")

	hideByClosing(t, a)
	sni := trayBusName(t, a.cmd.Process.Pid)
	if out, err := gdbus("call", "--session", "--dest", sni, "--object-path", "/StatusNotifierItem",
		"--method", "org.kde.StatusNotifierItem.Activate", "0", "0"); err != nil {
		t.Fatalf("a click on the tray icon: %v %s", err, out)
	}
	assertShownOnTop(t, a, "shown-again-by-the-tray")

	xdoOn(t, display, "windowminimize", "--sync", fmt.Sprint(a.win))
	if r := h.runEnv(env, ""); r.code != 0 {
		t.Fatalf("upshot with the window minimized: exit %d, stderr %q", r.code, r.stderr)
	}
	assertShownOnTop(t, a, "shown-again-from-minimized")

	hideByClosing(t, a)
	tray.Stop() // the panel quits: no icon leads back to a hidden window
	waitFor(t, "the window back once the tray host is gone", 10*time.Second, func() bool { return visibleUpshot(a.display) != "" })
	closeLikeAUser(t, a.display, a.win)
	if code, exited := a.waitExit(30 * time.Second); !exited || code != 0 {
		t.Fatalf("closing with the tray host gone: exited %v, code %d — want the app to quit with 0", exited, code)
	}
}

// hideByClosing closes the window and waits until it is hidden, the app
// still running.
func hideByClosing(t *testing.T, a *app) {
	t.Helper()
	closeLikeAUser(t, a.display, a.win)
	waitFor(t, "the window hidden", 10*time.Second, func() bool { return visibleUpshot(a.display) == "" })
	time.Sleep(300 * time.Millisecond) // time to quit, were it going to
	if a.cmd.ProcessState != nil || a.cmd.Process.Signal(syscall.Signal(0)) != nil {
		t.Fatalf("the app quit when its window was closed with a tray host:\n%s", a.log.String())
	}
}

// assertShownOnTop checks that the window is mapped again, above every
// other window, the active one, and that a screenshot shows it there.
func assertShownOnTop(t *testing.T, a *app, shot string) {
	t.Helper()
	want := fmt.Sprint(a.win)
	waitFor(t, "the window visible again", 10*time.Second, func() bool { return visibleUpshot(a.display) == want })
	waitFor(t, "the window on top and active", 10*time.Second, func() bool {
		stack := rootProperty(t, a.display, "_NET_CLIENT_LIST_STACKING")
		active := rootProperty(t, a.display, "_NET_ACTIVE_WINDOW")
		return len(stack) > 1 && stack[len(stack)-1] == a.win && len(active) == 1 && active[0] == a.win
	})
	time.Sleep(300 * time.Millisecond) // a frame drawn
	img := screenImage(t, a.display, shot)
	r := windowRect(t, a.display, a.win)
	if s := coverShare(img, r); s > 0.01 {
		t.Errorf("%s: %.0f%% of the window's area %v shows the window that covered it", shot, 100*s, r)
	}
	if s := coverShare(img, img.Bounds()); s < 0.1 {
		t.Errorf("%s: the covering window is not on the screen (%.0f%% of it) — the check proves nothing", shot, 100*s)
	}
}

// journalHas reports whether a journal of the home lists path to upload.
func journalHas(h *home, path string) bool {
	files, _ := filepath.Glob(filepath.Join(h.dir, "data", "upshot", "journal", "*.journal"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), `"source":"`+path+`"`) {
			return true
		}
	}
	return false
}

// journals is every journal file of the home, named, with its lines: in
// its data dir, or beside its config where the Windows build keeps them.
func journals(h *home) string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(h.dir, "data", "upshot", "journal", "*"))
	win, _ := filepath.Glob(filepath.Join(h.dir, "config", "upshot", "journal", "*"))
	for _, f := range append(files, win...) {
		data, _ := os.ReadFile(f)
		fmt.Fprintf(&b, "%s:\n%s\n", filepath.Base(f), data)
	}
	return b.String()
}

// freeAddr is a loopback address no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// gdbus runs gdbus on the session bus of the tests.
func gdbus(args ...string) ([]byte, error) { return exec.Command("gdbus", args...).CombinedOutput() }

// TestCloseWithATrayButCloseToTrayOffQuits: close_to_tray = false in the
// config (Settings → General, "Closing the window keeps Upshot in the
// tray" unticked) makes the close button quit even while a tray host runs.
func TestCloseWithATrayButCloseToTrayOffQuits(t *testing.T) {
	display := startWM(t)
	tray := traytest.Start(t)
	h := newHome(t)
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("[settings]\nclose_to_tray = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startAppOn(t, h, display, h.testHost())
	waitFor(t, "the tray icon registered with the tray host", 10*time.Second, func() bool { return len(tray.Registered()) > 0 })
	closeLikeAUser(t, display, a.win)
	if code, exited := a.waitExit(30 * time.Second); !exited || code != 0 {
		t.Fatalf("closing with close_to_tray = false: exited %v, code %d — want the app to quit with 0", exited, code)
	}
}
