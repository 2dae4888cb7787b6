//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEditHandsOffToTheRunningApp: with the app running, `upshot edit`
// opens the editor in the app and waits; its upload prints the link and
// exits 0.
func TestEditHandsOffToTheRunningApp(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	dir := t.TempDir()
	src := readPNG(t, writePNG(t, dir, "handed.png", 360, 240))
	c := startCLI(t, h, dir, "edit", "handed.png") // no --host: the app's
	editorWindow(t, "handed.png", a.log.String)
	origin := locate(t, "editor_handed", src)
	box, redact := image.Rect(30, 30, 150, 110), image.Rect(200, 120, 320, 200)
	drawBoxAndRedaction(t, origin, box, redact)
	key(t, "ctrl+Return")
	if code := c.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d, want 0; stderr %s; app log:\n%s", code, c.errb.String(), a.log.String())
	}
	if link := strings.TrimSpace(c.out.String()); !strings.HasPrefix(link, site) || !strings.Contains(link, "handed-edited") {
		t.Fatalf("stdout %q, want the edited image's link", link)
	}
	checkEdited(t, readPNG(t, hostFile(t, h, "handed-edited")), src, box, redact)
}

// TestKilledEditorComesBack: the app dies (kill -9) with edits in its
// editor; the next start asks "Reopen the edit of img.png?", Enter
// reopens it with the edits, and Ctrl+Enter uploads them.
func TestKilledEditorComesBack(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	dir := t.TempDir()
	src := readPNG(t, writePNG(t, dir, "img.png", 360, 240))
	c := startCLI(t, h, dir, "edit", "img.png")
	editorWindow(t, "img.png", a.log.String)
	origin := locate(t, "editor_before_kill", src)
	box, redact := image.Rect(40, 40, 160, 120), image.Rect(200, 100, 330, 210)
	drawBoxAndRedaction(t, origin, box, redact)
	side := filepath.Join(dir, ".img.png.upshot-edit.json")
	waitFor(t, "the autosaved document with both shapes", 10*time.Second, func() bool {
		var doc struct{ Shapes []json.RawMessage }
		b, err := os.ReadFile(side)
		return err == nil && json.Unmarshal(b, &doc) == nil && len(doc.Shapes) == 2
	})
	_ = c.cmd.Process.Kill() // the command line first, or it would open the editor itself
	<-c.done
	_ = a.cmd.Process.Kill()
	_ = a.cmd.Wait()

	a = startApp(t, h, site)
	// The question comes once the start-up search for unfinished edits
	// is done: Enter answers it (Reopen) when it is up.
	waitFor(t, "the editor reopened by Enter on the question", 20*time.Second, func() bool {
		grabScreen(t, "editor_reopen_question")
		xdo(t, "mousemove", "--window", fmt.Sprint(a.win), "200", "200")
		key(t, "Return")
		return visibleWindow("img.png — Upshot editor")
	})
	editorWindow(t, "img.png", a.log.String)
	origin = locate(t, "editor_reopened", src)
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5))
	key(t, "ctrl+Return")
	waitFor(t, "the edited upload", 30*time.Second, func() bool {
		for name := range hostPNGs(t, h) {
			if strings.Contains(name, "img-edited") {
				return true
			}
		}
		return false
	})
	checkEdited(t, readPNG(t, hostFile(t, h, "img-edited")), src, box, redact)
	if _, err := os.Stat(side); !os.IsNotExist(err) {
		t.Errorf("the autosaved document is still there after the upload (%v)", err)
	}
}

// TestKilledStandaloneEditIsOffered: `upshot edit` with no app running is
// killed mid-edit; the app's next start offers its edits back too.
func TestKilledStandaloneEditIsOffered(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	src := readPNG(t, writePNG(t, dir, "alone.png", 300, 200))
	c := startCLI(t, h, dir, "edit", "alone.png", "--host", site)
	editorWindow(t, "alone.png", c.errb.String)
	origin := locate(t, "", src)
	xdo(t, "mousemove", fmt.Sprint(origin.X+5), fmt.Sprint(origin.Y+5))
	key(t, "r")
	box := image.Rect(50, 40, 200, 150)
	drag(t, origin.Add(box.Min), origin.Add(box.Max))
	side := filepath.Join(dir, ".alone.png.upshot-edit.json")
	waitFor(t, "the autosaved rectangle", 10*time.Second, func() bool {
		var doc struct{ Shapes []json.RawMessage }
		b, err := os.ReadFile(side)
		return err == nil && json.Unmarshal(b, &doc) == nil && len(doc.Shapes) == 1
	})
	_ = c.cmd.Process.Kill()
	<-c.done

	a := startApp(t, h, site)
	waitFor(t, "the editor reopened by Enter on the question", 20*time.Second, func() bool {
		xdo(t, "mousemove", "--window", fmt.Sprint(a.win), "200", "200")
		key(t, "Return")
		return visibleWindow("alone.png — Upshot editor")
	})
	editorWindow(t, "alone.png", a.log.String)
	origin = locate(t, "", src)
	screen := grabScreen(t, "")
	if mid := origin.Add(image.Pt(125, 40)); !isRed(screen, mid) {
		t.Errorf("the reopened editor shows %v at the rectangle's edge, want its red", screen.At(mid.X, mid.Y))
	}
}
