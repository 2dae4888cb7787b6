package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader/history"
)

// historyEnv is a history window over a real history file with three
// entries, and recording fakes.
type historyEnv struct {
	h       *History
	w       fyne.Window
	db      *history.DB
	ids     map[string]uint64 // by entry name
	clip    *memClipboard
	opened  []string
	deleted []string // names passed to DeleteFromHost
	delErr  error
	delGone history.Deletion // what DeleteFromHost reports when delErr is nil (0: Deleted)
}

func tinyPNG(t *testing.T, c color.NRGBA) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 6))
	for x := range 8 {
		for y := range 6 {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func historyEntries(t *testing.T) []history.Entry {
	at := time.Date(2026, 11, 23, 9, 5, 0, 0, time.UTC)
	return []history.Entry{
		{Time: at, Profile: "img.api.hn", Name: "beach.jpg", Title: "Summer beach", Size: 2_400_000, Width: 1920, Height: 1080,
			Mime: "image/jpeg", URL: "https://img.test/i/beach.jpg", Viewer: "https://img.test/image/aB1",
			Delete: "https://img.test/image/aB1/delete/s3cret", Thumbnail: tinyPNG(t, color.NRGBA{R: 0x3b, G: 0x82, B: 0xf6, A: 0xff})},
		{Time: at.Add(time.Hour), Profile: "mine", Name: "clip.mp4", Size: 3_011_299, Mime: "video/mp4",
			URL: "https://cdn.mine.test/clip.mp4", Viewer: "https://mine.test/image/Zz9", DeletedFromHost: true},
		{Time: at.Add(2 * time.Hour), Profile: "img.api.hn", Name: "diagram.png", Size: 48_000, Width: 640, Height: 480,
			Mime: "image/png", URL: "https://img.test/i/diagram.png", Viewer: "https://img.test/image/Qq7",
			Expiration: at.Add(72 * time.Hour), Delete: "https://img.test/image/Qq7/delete/x",
			Thumbnail: tinyPNG(t, color.NRGBA{R: 0x22, G: 0xc5, B: 0x5e, A: 0xff})},
	}
}

func newHistoryEnv(t *testing.T, edit ...func(*HistoryDeps)) *historyEnv {
	t.Helper()
	withLanguage(t, "en")
	test.NewTempApp(t)
	db, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	e := &historyEnv{db: db, ids: map[string]uint64{}, clip: &memClipboard{}}
	for _, en := range historyEntries(t) {
		id, err := db.Add(en)
		if err != nil {
			t.Fatal(err)
		}
		e.ids[en.Name] = id
	}
	d := HistoryDeps{
		Open:      func() (*history.DB, error) { return db, nil },
		Clipboard: e.clip,
		OpenURL:   func(u *url.URL) error { e.opened = append(e.opened, u.String()); return nil },
		DeleteFromHost: func(_ context.Context, en history.Entry) (history.Deletion, error) {
			e.deleted = append(e.deleted, en.Name)
			if e.delErr != nil {
				return 0, e.delErr
			}
			return max(e.delGone, history.Deleted), nil
		},
		LinkFormat: func() string { return "markdown" },
	}
	for _, f := range edit {
		f(&d)
	}
	e.w = test.NewTempWindow(t, nil)
	e.h = newHistory(e.w, d, func(f func()) { f() }, time.UTC)
	e.w.Resize(fyne.NewSize(760, 520))
	return e
}

// item returns the shown list line or grid card of the named entry.
func (e *historyEnv) item(t *testing.T, name string) *historyItem {
	t.Helper()
	for _, o := range test.LaidOutObjects(e.w.Content()) {
		if it, ok := o.(*historyItem); ok && it.Visible() && it.id == e.ids[name] {
			return it
		}
	}
	t.Fatalf("%s is not shown", name)
	return nil
}

func TestHistorySearchFilters(t *testing.T) {
	e := newHistoryEnv(t)
	tests := []struct {
		search string
		want   int
	}{
		{"", 3},
		{"beach", 1},
		{"SUMMER", 1},             // the title
		{"img.test/", 2},          // the links
		{"mine.test/image/ZZ", 1}, // the viewer page
		{"s3cret", 0},             // the delete link is a secret, not searched
		{"nothing", 0},
	}
	for _, tt := range tests {
		e.h.search.SetText("")
		test.Type(e.h.search, tt.search)
		if got := e.h.Shown(); got != tt.want {
			t.Errorf("search %q shows %d entries, want %d", tt.search, got, tt.want)
		}
		if tt.want == 0 && (!e.h.empty.Visible() || e.h.empty.Text != "No upload matches “"+tt.search+"”") {
			t.Errorf("search %q: empty text %q (visible %v)", tt.search, e.h.empty.Text, e.h.empty.Visible())
		}
	}
}

func TestHistoryDeleteFromHostAsksFirst(t *testing.T) {
	e := newHistoryEnv(t)
	test.Tap(e.item(t, "beach.jpg").hostBtn)
	if len(e.deleted) != 0 {
		t.Fatal("deleted without asking")
	}
	test.Tap(overlayButton(t, e.w, "No"))
	if len(e.deleted) != 0 {
		t.Fatal("deleted after the user said no")
	}
	test.Tap(e.item(t, "beach.jpg").hostBtn)
	test.Tap(overlayButton(t, e.w, "Delete from host"))
	if len(e.deleted) != 1 || e.deleted[0] != "beach.jpg" {
		t.Fatalf("DeleteFromHost calls: %q", e.deleted)
	}
	got, err := e.db.Get(e.ids["beach.jpg"])
	if err != nil || !got.DeletedFromHost {
		t.Fatalf("entry not marked deleted: %+v, %v", got.DeletedFromHost, err)
	}
	it := e.item(t, "beach.jpg")
	if it.status.Text != "Deleted from the host" || !it.hostBtn.Disabled() {
		t.Errorf("status %q, button disabled %v", it.status.Text, it.hostBtn.Disabled())
	}
}

func TestHistoryDeleteFromHostFailure(t *testing.T) {
	e := newHistoryEnv(t)
	e.delErr = errors.New("delete beach.jpg from img.test: the host answered HTTP 500")
	test.Tap(e.item(t, "beach.jpg").hostBtn)
	test.Tap(overlayButton(t, e.w, "Delete from host"))
	if got, _ := e.db.Get(e.ids["beach.jpg"]); got.DeletedFromHost {
		t.Error("marked deleted although the host failed")
	}
	if n := e.h.notice.text(); n != "Could not delete: "+e.delErr.Error() {
		t.Errorf("notice %q", n)
	}
	if e.item(t, "beach.jpg").hostBtn.Disabled() {
		t.Error("the delete button stays disabled after a failure")
	}
}

func TestHistoryItemActions(t *testing.T) {
	e := newHistoryEnv(t)
	test.Tap(e.item(t, "beach.jpg").copyBtn)
	if len(e.clip.writes) != 1 || e.clip.writes[0] != "![Summer beach](https://img.test/i/beach.jpg)" {
		t.Errorf("copied %q", e.clip.writes)
	}
	e.h.format.SetSelected("BBCode")
	test.Tap(e.item(t, "beach.jpg").copyBtn)
	if e.clip.writes[len(e.clip.writes)-1] != "[img]https://img.test/i/beach.jpg[/img]" {
		t.Errorf("copied %q", e.clip.writes)
	}
	test.Tap(e.item(t, "diagram.png").openBtn)
	if len(e.opened) != 1 || e.opened[0] != "https://img.test/image/Qq7" {
		t.Errorf("opened %q", e.opened)
	}
	test.Tap(e.item(t, "clip.mp4").removeBtn) // already gone from the host: no question
	if e.h.Shown() != 2 {
		t.Fatalf("%d entries after removing one", e.h.Shown())
	}
	test.Tap(e.item(t, "diagram.png").removeBtn) // its delete link would be lost: asks
	if e.h.Shown() != 2 {
		t.Fatal("removed an entry with a delete link without asking")
	}
	test.Tap(overlayButton(t, e.w, "Remove"))
	if _, err := e.db.Get(e.ids["diagram.png"]); !errors.Is(err, history.ErrNotFound) || e.h.Shown() != 1 {
		t.Errorf("after confirming: %v, %d shown", err, e.h.Shown())
	}
}

func TestHistoryOpenFailureIsShown(t *testing.T) {
	withLanguage(t, "en")
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	h := newHistory(w, HistoryDeps{Open: func() (*history.DB, error) { return nil, errors.New("history.db is locked") }},
		func(f func()) { f() }, time.UTC)
	if h.notice.text() != "Could not read the history: history.db is locked" || h.Shown() != 0 {
		t.Errorf("notice %q, %d shown", h.notice.text(), h.Shown())
	}
}

func TestHistoryMarkup(t *testing.T) {
	e := newHistoryEnv(t)
	test.AssertRendersToMarkup(t, "history_list.xml", e.w.Canvas())
	test.Tap(e.h.gridBtn)
	test.AssertRendersToMarkup(t, "history_grid.xml", e.w.Canvas())
}
