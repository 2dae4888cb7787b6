package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestPasteImageIsSpooledAndQueued(t *testing.T) {
	e := newMainEnv(t, "en", true)
	png := mustRead(t, writeTestPNGs(t, "shot.png")[0])
	e.clip.image = png

	test.Tap(e.pasteButton(t))

	items := e.q.Items()
	if len(items) != 1 {
		t.Fatalf("queued %d items, want 1", len(items))
	}
	src := items[0].Source
	if filepath.Dir(src) != e.m.d.SpoolDir || !strings.HasSuffix(src, ".png") {
		t.Errorf("pasted image queued from %q, want a .png in the spool dir %q", src, e.m.d.SpoolDir)
	}
	if got := mustRead(t, src); !bytes.Equal(got, png) {
		t.Error("the spooled file differs from the clipboard image")
	}
}

func TestPasteText(t *testing.T) {
	files := writeTestPNGs(t, "a.png", "b.png")
	cases := []struct {
		name, text string
		want       []string
		notice     bool
	}{
		{"url", " https://example.com/cat.png \n", []string{"https://example.com/cat.png"}, false},
		{"file list", files[0] + "\n\"" + files[1] + "\"\n", files, false},
		{"file uri", "file://" + files[0], files[:1], false},
		{"junk", "hello world\n/no/such/file.png\nftp://x/y.png", nil, true},
		{"empty", "", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newMainEnv(t, "en", true)
			e.clip.text = c.text
			e.m.paste()
			var got []string
			for _, it := range e.q.Items() {
				got = append(got, it.Source)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("queued %q, want %q", got, c.want)
			}
			if shown := e.m.notice.Visible() && strings.Contains(e.m.notice.Text, "clipboard"); shown != c.notice {
				t.Errorf("notice %q shown=%v, want %v", e.m.notice.Text, shown, c.notice)
			}
		})
	}
}

func TestSpoolPNGNamesAndFailures(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	p1, err := spoolPNG(dir, []byte("x"), now)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := spoolPNG(dir, []byte("y"), now)
	if err != nil {
		t.Fatal(err)
	}
	if p1 == p2 || !strings.HasPrefix(filepath.Base(p1), "pasted-20260304-050607-") {
		t.Errorf("spool names %q, %q: want distinct pasted-<time>-*.png", p1, p2)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := spoolPNG(filepath.Join(blocker, "sub"), []byte("z"), now); err == nil {
		t.Error("spooling under a regular file succeeded")
	}
}

func TestThumbPoolWorkers(t *testing.T) {
	results := make(chan thumbResult, 8)
	made := make(chan string, 8)
	gate := make(chan struct{})
	mk := func(path string, side int) (image.Image, error) {
		made <- path
		<-gate // hold the decode so the duplicate request meets it in flight
		return image.NewRGBA(image.Rect(0, 0, side, side/2)), nil
	}
	p := newThumbPool(mk, func(r thumbResult) { results <- r }, thumbWorkers)
	defer p.stop()
	p.request("/a.png")
	p.request("/a.png") // already on its way: not decoded twice
	close(gate)
	r := <-results
	if r.path != "/a.png" || r.img == nil || r.img.Bounds().Dx() != thumbSide {
		t.Fatalf("result %+v", r)
	}
	p.store(r)
	if img, ok := p.lookup("/a.png"); !ok || img == nil {
		t.Error("stored preview not found")
	}
	if n := len(made); n != 1 { // made is never drained: it counts decodes
		t.Errorf("decoded %d times after a duplicate request, want 1", n)
	}
}

func TestLRUEvictsOldest(t *testing.T) {
	c := newLRU(2)
	c.put("a", nil)
	c.put("b", nil)
	c.get("a") // a is now the most recent
	c.put("c", nil)
	if _, ok := c.get("b"); ok {
		t.Error("b survived; it was the least recently used")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBrowseUsesTheDesktopChooser: Browse… and Folder… ask the desktop's
// chooser and queue every file picked (Folder…: every file of the folder);
// without one they open Fyne's dialog; a failing chooser is reported with
// what to do instead.
func TestBrowseUsesTheDesktopChooser(t *testing.T) {
	files := writeTestPNGs(t, "a.png", "b.png")
	for _, button := range []string{"Browse…", "Folder…"} {
		picked := files
		if button == "Folder…" {
			picked = []string{filepath.Dir(files[0])}
		}
		cases := []struct {
			name   string
			paths  []string
			err    error
			queued []string
			dialog bool
			notice string
		}{
			{"picked", picked, nil, files, false, ""},
			{"dismissed", nil, nil, nil, false, ""},
			{"no chooser", nil, fmt.Errorf("portal: %w", ErrNoFilePicker), nil, true, ""},
			{"failed", nil, errors.New("portal crashed"), nil, false, "portal crashed — drop the files"},
		}
		for _, c := range cases {
			t.Run(button+" "+c.name, func(t *testing.T) {
				asked := 0
				pick := func(done func([]string, error)) { asked++; done(c.paths, c.err) }
				e := newMainEnv(t, "en", true, func(d *Deps) { d.PickFiles, d.PickFolder = pick, pick })
				test.Tap(buttonByText(t, e.w.Content(), button))
				var got []string
				for _, it := range e.q.Items() {
					got = append(got, it.Source)
				}
				slices.Sort(got)
				if asked != 1 || !slices.Equal(got, c.queued) {
					t.Errorf("asked %d times, queued %q, want %q", asked, got, c.queued)
				}
				if open := e.w.Canvas().Overlays().Top() != nil; open != c.dialog {
					t.Errorf("Fyne's dialog open = %v, want %v", open, c.dialog)
				}
				if c.notice != "" && !strings.Contains(e.m.notice.Text, c.notice) {
					t.Errorf("notice %q, want %q", e.m.notice.Text, c.notice)
				}
			})
		}
	}
}
