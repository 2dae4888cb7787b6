//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// A real window manager for the tests that need one: what happens when the
// user closes a window with its title bar, what "show the window" does to
// a window that is hidden, minimized or under another one. Each test gets
// its own X server with openbox on it (.ci/e2e.sh's shared one has no
// window manager, which the other tests' coordinates rely on).

// openboxRC is the window manager's whole configuration, so that nothing
// of the machine's (/etc/xdg/openbox, ~/.config) decides what a key does.
// Alt+F4 is the Close action: the WM sends the window WM_DELETE_WINDOW, as
// the title bar's close button does.
const openboxRC = `<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <focus><focusNew>yes</focusNew><followMouse>no</followMouse></focus>
  <placement><policy>Smart</policy></placement>
  <theme><name>Clearlooks</name></theme>
  <desktops><number>1</number></desktops>
  <keyboard>
    <keybind key="A-F4"><action name="Close"/></keybind>
  </keyboard>
  <mouse>
    <context name="Close"><mousebind button="Left" action="Click"><action name="Close"/></mousebind></context>
  </mouse>
</openbox_config>
`

// startWM starts an X server of its own with openbox managing it, stops
// both when the test ends, and returns the display (":N").
func startWM(t *testing.T) string {
	t.Helper()
	display := startXvfb(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "rc.xml")
	if err := os.WriteFile(rc, []byte(openboxRC), 0o600); err != nil {
		t.Fatal(err)
	}
	ob := exec.Command("openbox", "--config-file", rc)
	ob.Env = []string{"DISPLAY=" + display, "HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "XDG_CACHE_HOME=" + dir,
		"XDG_DATA_HOME=" + dir, "PATH=" + os.Getenv("PATH")}
	var log logBuffer
	ob.Stdout, ob.Stderr = &log, &log
	if err := ob.Start(); err != nil {
		t.Fatalf("openbox: %v (is it installed? .ci/deps.sh test)", err)
	}
	t.Cleanup(func() {
		_ = ob.Process.Kill()
		_ = ob.Wait()
		if t.Failed() {
			t.Logf("openbox log:\n%s", log.String())
		}
	})
	waitFor(t, "openbox to manage the screen", 20*time.Second, func() bool {
		return rootProperty(t, display, "_NET_SUPPORTING_WM_CHECK") != nil
	})
	return display
}

// startXvfb starts an X server on a display number it picks itself.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-ac", "-noreset")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not say its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// startAppOn runs the GUI against site on display.
func startAppOn(t *testing.T, h *home, display, site string, extraEnv ...string) *app {
	t.Helper()
	env := append(h.without("UPSHOT_HOST", "DISPLAY"), "DISPLAY="+display, "UPSHOT_HOST="+site, "UPSHOT_LANG=en")
	return startAppWith(t, h, bin(t), append(env, extraEnv...))
}

// xdoOn runs xdotool on display.
func xdoOn(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
	return string(out)
}

// closeLikeAUser closes the window as its user does: it is made active,
// then Alt+F4 (a real key event, through XTEST) asks the window manager to
// close it, which sends it WM_DELETE_WINDOW.
func closeLikeAUser(t *testing.T, display string, win xproto.Window) {
	t.Helper()
	xdoOn(t, display, "windowactivate", "--sync", fmt.Sprint(win))
	xdoOn(t, display, "key", "alt+F4")
}

// visibleUpshot is what `xdotool search --onlyvisible` finds titled Upshot.
func visibleUpshot(display string) string {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Upshot$")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// waitExit waits for the app to end by itself and returns its exit code.
func (a *app) waitExit(limit time.Duration) (int, bool) {
	done := make(chan struct{})
	go func() { _ = a.cmd.Wait(); close(done) }()
	select {
	case <-done:
		return a.cmd.ProcessState.ExitCode(), true
	case <-time.After(limit):
		return 0, false // a.stop, at cleanup, ends it and reaps the waiter
	}
}

// rootProperty reads a window-list property of display's root window
// (nil when it is not set).
func rootProperty(t *testing.T, display, name string) []xproto.Window {
	t.Helper()
	conn, err := xconn.Dial(display)
	if err != nil {
		return nil
	}
	defer conn.Close()
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	atom, err := xproto.InternAtom(conn, false, uint16(len(name)), name).Reply()
	if err != nil {
		return nil
	}
	r, err := xproto.GetProperty(conn, false, root, atom.Atom, xproto.AtomWindow, 0, 1024).Reply()
	if err != nil || r.Format != 32 || r.ValueLen == 0 {
		return nil
	}
	wins := make([]xproto.Window, r.ValueLen)
	for i := range wins {
		wins[i] = xproto.Window(xgb.Get32(r.Value[4*i:]))
	}
	return wins
}

// windowRect is the window's area on the screen.
func windowRect(t *testing.T, display string, win xproto.Window) image.Rectangle {
	t.Helper()
	conn, err := xconn.Dial(display)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	g, err := xproto.GetGeometry(conn, xproto.Drawable(win)).Reply()
	if err != nil {
		t.Fatalf("geometry of %d: %v", win, err)
	}
	at, err := xproto.TranslateCoordinates(conn, win, root, 0, 0).Reply()
	if err != nil {
		t.Fatalf("position of %d: %v", win, err)
	}
	return image.Rect(int(at.DstX), int(at.DstY), int(at.DstX)+int(g.Width), int(at.DstY)+int(g.Height))
}

// coverPixel is the colour of the window coverScreen opens.
var coverPixel = color.RGBA{255, 0, 255, 255}

// coverScreen opens an ordinary, managed window as big as the screen in
// magenta, as another program's window over Upshot's would be, and closes
// it when the test ends. It waits until the window manager made it active.
func coverScreen(t *testing.T, display string) xproto.Window {
	t.Helper()
	return openWindow(t, display, "cover", 0, 0, 0xff00ff)
}

// openWindow opens an ordinary, managed window titled title of w×h pixels
// (0: the screen's size) filled with the RGB colour pixel, closes it when
// the test ends, and waits until the window manager made it active.
func openWindow(t *testing.T, display, title string, w, h uint16, pixel uint32) xproto.Window {
	t.Helper()
	conn, err := xconn.Dial(display)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := xproto.Setup(conn).DefaultScreen(conn)
	if w == 0 || h == 0 {
		w, h = s.WidthInPixels, s.HeightInPixels
	}
	win, err := xproto.NewWindowId(conn)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(conn, s.RootDepth, win, s.Root, 0, 0, w, h, 0,
		xproto.WindowClassInputOutput, s.RootVisual, xproto.CwBackPixel, []uint32{pixel}).Check()
	if err != nil {
		t.Fatal(err)
	}
	xproto.ChangeProperty(conn, xproto.PropModeReplace, win, xproto.AtomWmName, xproto.AtomString, 8, uint32(len(title)), []byte(title))
	xproto.MapWindow(conn, win)
	waitFor(t, "the "+title+" window to be active", 10*time.Second, func() bool {
		a := rootProperty(t, display, "_NET_ACTIVE_WINDOW")
		return len(a) == 1 && a[0] == win
	})
	return win
}

// screenImage takes a screenshot of display (saved beside the others when
// UPSHOT_SHOTS names a directory).
func screenImage(t *testing.T, display, name string) image.Image {
	t.Helper()
	dir := os.Getenv("UPSHOT_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	return screenImageIn(t, display, dir, name)
}

// screenImageIn takes a screenshot of display into dir.
func screenImageIn(t *testing.T, display, dir, name string) image.Image {
	t.Helper()
	out := filepath.Join(dir, name+".png")
	if b, err := exec.Command("import", "-display", display, "-window", "root", out).CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, b)
	}
	return readPNG(t, out)
}

// coverShare is the share of r's pixels in img that are the cover's.
func coverShare(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == coverPixel {
				n++
			}
		}
	}
	if r.Empty() {
		return 0
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// notifications plays the desktop's notification server
// (org.freedesktop.Notifications) on the session bus while the test runs.
type notifications struct {
	mu   sync.Mutex
	seen []string // "summary: body"
}

func startNotifications(t *testing.T) *notifications {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	n := &notifications{}
	if err := conn.Export(notifyMethods{n}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	const name = "org.freedesktop.Notifications"
	if reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", name, reply, err)
	}
	return n
}

// said is every notification shown so far.
func (n *notifications) said() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.seen, "\n")
}

type notifyMethods struct{ n *notifications }

// Notify records a notification as the desktop would show it.
func (m notifyMethods) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	m.n.mu.Lock()
	defer m.n.mu.Unlock()
	m.n.seen = append(m.n.seen, summary+": "+body)
	return uint32(len(m.n.seen)), nil
}
