//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// TestSettingsAndHistoryOpenOnTheMainWindow: under openbox, Settings and
// History open centred on the main window, wholly on the screen and with a
// sensible size — they used to open at the screen's top-left corner and
// run to its bottom edge. Also after the main window was moved.
func TestSettingsAndHistoryOpenOnTheMainWindow(t *testing.T) {
	display := startWM(t)
	h := newHome(t)
	startAppOn(t, h, display, h.testHost())
	var main xproto.Window
	waitFor(t, "the main window", 20*time.Second, func() bool {
		id, err := strconv.ParseUint(firstLine(visibleUpshot(display)), 10, 32)
		main = xproto.Window(id)
		return err == nil
	})
	screen := image.Rect(0, 0, 1280, 800)
	for i, w := range []struct{ title, button string }{{"Upshot — Settings", "Settings"}, {"Upshot — History", "History"}} {
		if i == 1 { // the user moved the main window: the next one follows it
			xdoOn(t, display, "windowmove", "--sync", fmt.Sprint(main), "40", "60")
			time.Sleep(300 * time.Millisecond)
		}
		m := windowRect(t, display, main)
		// The header's buttons sit at its right end: Settings last, History before it.
		at := image.Pt(m.Max.X-45, m.Min.Y+25)
		if w.button == "History" {
			at.X -= 95
		}
		xdoOn(t, display, "mousemove", fmt.Sprint(at.X), fmt.Sprint(at.Y), "click", "1")
		var win xproto.Window
		waitFor(t, w.title, 15*time.Second, func() bool {
			cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+w.title+"$")
			cmd.Env = append(os.Environ(), "DISPLAY="+display)
			out, _ := cmd.Output()
			id, err := strconv.ParseUint(firstLine(string(out)), 10, 32)
			win = xproto.Window(id)
			return err == nil
		})
		var r image.Rectangle
		waitFor(t, w.title+" placed on the main window", 10*time.Second, func() bool {
			r = frameRect(t, display, win)
			return near(centre(r), centre(frameRect(t, display, main)), 40)
		})
		time.Sleep(300 * time.Millisecond)
		screenImage(t, display, fmt.Sprintf("placement-%d-%s", i, w.button))
		r = frameRect(t, display, win)
		closeLikeAUser(t, display, win) // out of the way of the next click
		if !r.In(screen) {
			t.Errorf("%s at %v runs off the screen %v", w.title, r, screen)
		}
		if r.Dx() < 600 || r.Dx() > 1000 || r.Dy() < 400 || r.Dy() > 760 {
			t.Errorf("%s is %v×%v, want a sensible size (600–1000 × 400–760)", w.title, r.Dx(), r.Dy())
		}
	}
}

func centre(r image.Rectangle) image.Point { return r.Min.Add(r.Max).Div(2) }

func near(a, b image.Point, d int) bool {
	return abs(a.X-b.X) <= d && abs(a.Y-b.Y) <= d
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// TestFolderUsesTheDesktopChooser: the main window's Folder… asks the
// desktop's file chooser (played on the session bus) for a folder, and
// every image in the folder picked is uploaded.
func TestFolderUsesTheDesktopChooser(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, dir, "folder-one.png", 10, 10)
	writePNG(t, dir, "folder-two.png", 12, 12)
	u, _ := xdnd.FileURI(dir)
	chooser := portaltest.StartFileChooser(t, 0, u)
	h := newHome(t)
	a := startApp(t, h, h.testHost())
	var main xproto.Window
	waitFor(t, "the main window", 20*time.Second, func() bool {
		id, err := strconv.ParseUint(firstLine(visibleUpshot(a.display)), 10, 32)
		main = xproto.Window(id)
		return err == nil
	})
	time.Sleep(300 * time.Millisecond)
	m := windowRect(t, a.display, main)
	// Folder… is the middle one of the drop zone's three buttons.
	xdoOn(t, a.display, "mousemove", fmt.Sprint(m.Min.X+187), fmt.Sprint(m.Min.Y+209), "click", "1")
	select {
	case opts := <-chooser.Asked:
		if opts["directory"].Value() != true {
			t.Errorf("the chooser was asked %v, not for a folder", opts)
		}
	case <-time.After(10 * time.Second):
		a.screenshot("folder-chooser-not-asked")
		t.Fatal("the desktop's file chooser was never asked")
	}
	waitFor(t, "both links on the clipboard", 20*time.Second, func() bool {
		c := clipboardText(a.display)
		return strings.Contains(c, "folder-one") && strings.Contains(c, "folder-two")
	})
}
