package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// instantUploader answers every upload at once; names containing "bad" fail.
type instantUploader struct{}

func (instantUploader) Upload(_ context.Context, f *uploader.File, _ uploader.Options, sent *atomic.Int64) (*uploader.Result, error) {
	if strings.Contains(f.Name, "bad") {
		return nil, &uploader.APIError{Kind: uploader.KindUnsupported, Message: "host said: Invalid image format."}
	}
	sent.Store(f.Size)
	return &uploader.Result{URL: "https://img.test/" + f.Name, Viewer: "https://img.test/view/" + f.Name, Size: f.Size}, nil
}

// memClipboard records writes and serves canned contents.
type memClipboard struct {
	text     string
	image    []byte
	writes   []string
	images   [][]byte // WriteImage calls
	imageErr error    // what WriteImage answers
}

func (c *memClipboard) WriteText(s string) error { c.writes = append(c.writes, s); return nil }
func (c *memClipboard) WriteImage(png []byte) error {
	c.images = append(c.images, png)
	return c.imageErr
}
func (c *memClipboard) ReadText() string  { return c.text }
func (c *memClipboard) ReadImage() []byte { return c.image }

func (c *memClipboard) last() string {
	if len(c.writes) == 0 {
		return ""
	}
	return c.writes[len(c.writes)-1]
}

// mainEnv is one test's window with its fakes.
type mainEnv struct {
	m       *MainWindow
	w       fyne.Window
	q       *uploader.Queue
	clip    *memClipboard
	notes   []string
	opened  []string
	thumbed []string
}

// withLanguage switches the UI language for one test and back to English
// afterwards.
func withLanguage(t testing.TB, code string) {
	t.Helper()
	if err := SetLanguage(code); err != nil {
		t.Fatalf("SetLanguage(%q): %v", code, err)
	}
	t.Cleanup(func() { _ = SetLanguage("en") })
}

// newMainEnv builds a main window in a 900×640 test window with a real queue
// over the fake uploader (or no queue when withQueue is false).
func newMainEnv(t testing.TB, code string, withQueue bool, edit ...func(*Deps)) *mainEnv {
	t.Helper()
	withLanguage(t, code)
	e := &mainEnv{clip: &memClipboard{}}
	a := test.NewTempApp(t)
	d := Deps{
		App:        a,
		Profile:    func() string { return "" },
		Profiles:   func() []string { return []string{"", "work"} },
		Defaults:   func(p string) uploader.Options { return uploader.Options{Title: p} },
		LinkFormat: func() string { return uploader.FormatURL },
		Clipboard:  e.clip,
		Notify:     func(title, body string) { e.notes = append(e.notes, title+": "+body) },
		OpenURL:    func(u *url.URL) error { e.opened = append(e.opened, u.String()); return nil },
		SpoolDir:   t.TempDir(),
	}
	if withQueue {
		q, err := uploader.NewQueue(uploader.QueueConfig{
			Jobs:     1,
			SpoolDir: t.TempDir(),
			Resolve: func(string) (uploader.Target, error) {
				return uploader.Target{Uploader: instantUploader{}, Host: "img.test"}, nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(q.Close)
		d.Queue, e.q = q, q
	}
	for _, f := range edit {
		f(&d)
	}
	e.w = test.NewTempWindow(t, nil)
	e.w.Resize(fyne.NewSize(900, 640))
	thumb := func(path string, _ int) (image.Image, error) {
		e.thumbed = append(e.thumbed, path)
		return nil, errors.New("no preview in tests")
	}
	e.m = newMainWindow(e.w, d, thumb, 0)
	e.m.syncAdd = true
	e.m.run = func(f func()) { f() } // the test driver's fyne.Do runs at once, on this goroutine
	e.w.Resize(fyne.NewSize(900, 640))
	return e
}

// writeTestPNGs creates small valid PNG files and returns their paths.
func writeTestPNGs(t *testing.T, names ...string) []string {
	t.Helper()
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.NRGBA{R: 0x3b, G: 0x82, B: 0xf6, A: 0xff})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
		if err := os.WriteFile(paths[i], buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// qItem is a synthetic queue item.
func qItem(id int64, name string, s uploader.State, sent, total int64) uploader.Item {
	it := uploader.Item{ID: id, Batch: 1, Source: "/pics/" + name, Name: name, State: s, Sent: sent, Total: total}
	switch s {
	case uploader.StateDone:
		it.Result = &uploader.Result{URL: "https://img.test/" + name, Viewer: "https://img.test/view/" + name}
	case uploader.StateFailed:
		it.Err = &uploader.APIError{Kind: uploader.KindServer, HTTPStatus: 502, Attempts: 3} // retryable
	}
	return it
}

func evAdded(it uploader.Item) uploader.Event {
	return uploader.Event{Kind: uploader.EventAdded, Item: it}
}
func evUpdated(it uploader.Item) uploader.Event {
	return uploader.Event{Kind: uploader.EventUpdated, Item: it}
}
func evIdle() uploader.Event { return uploader.Event{Kind: uploader.EventIdle} }

func evProgress(samples ...uploader.ProgressSample) uploader.Event {
	return uploader.Event{Kind: uploader.EventProgress, Progress: samples}
}

// rows returns the list rows on screen by item ID.
func (e *mainEnv) rows() map[int64]*queueRow {
	out := map[int64]*queueRow{}
	for _, o := range test.LaidOutObjects(e.w.Content()) {
		if r, ok := o.(*queueRow); ok && r.Visible() {
			out[r.id] = r
		}
	}
	return out
}

// runPump feeds the events through Run (the real pump) and waits for it.
func (e *mainEnv) runPump(evs ...uploader.Event) {
	ch := make(chan uploader.Event, len(evs))
	for _, ev := range evs {
		ch <- ev
	}
	close(ch)
	e.m.Run(ch)
}

// drain runs the pump over the real queue until it is idle and closed.
func (e *mainEnv) drain(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		e.m.Run(e.q.Events())
		close(done)
	}()
	if err := e.q.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.q.Close()
	<-done
}

// pasteButton finds the drop zone's Paste button.
func (e *mainEnv) pasteButton(t *testing.T) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(e.w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Paste" {
			return b
		}
	}
	t.Fatal("no Paste button")
	return nil
}
