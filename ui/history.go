package ui

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// HistoryDeps is everything the history window needs from the composition
// root.
type HistoryDeps struct {
	Open      func() (*history.DB, error) // the history store
	Clipboard Clipboard
	OpenURL   func(*url.URL) error
	// DeleteFromHost opens the entry's delete link (history.DeleteFromHost).
	DeleteFromHost func(ctx context.Context, e history.Entry) (history.Deletion, error)
	LinkFormat     func() string // the active link format
	// OnEdit, when set, opens an entry's picture in the editor: the saved
	// local copy when it exists, else downloaded from its link. The edited
	// picture uploads as a new item; the entry stays.
	OnEdit func(src uploader.PictureSource)
}

// History is the history window: every finished upload with its preview,
// searchable, as a list or a grid, with copy, open and delete.
type History struct {
	w   fyne.Window
	d   HistoryDeps
	run func(func()) // background work (the store, the host); inline in tests
	loc *time.Location

	mu sync.Mutex  // guards db, which background work opens
	db *history.DB // nil until opened

	all   []history.Entry // newest first, as loaded
	shown []history.Entry // those matching the search
	busy  map[uint64]bool // entries being deleted from their host
	grid  bool            // grid view instead of the list
	gen   int             // counts Reload calls, so that a stale load is dropped

	search     *widget.Entry
	format     *widget.Select
	formatName map[string]string // Select label → format
	listBtn    *widget.Button
	gridBtn    *widget.Button
	count      *widget.Label
	notice     *noticeLine
	list       *widget.List
	gridView   *widget.GridWrap
	empty      *widget.Label
}

// NewHistory builds the history window's content into w and starts loading
// the entries. The caller sets the title and shows the window.
func NewHistory(w fyne.Window, d HistoryDeps) *History {
	return newHistory(w, d, func(f func()) { go f() }, time.Local)
}

// newHistory lets tests run the store inline and fix the time zone.
func newHistory(w fyne.Window, d HistoryDeps, run func(func()), loc *time.Location) *History {
	h := &History{w: w, d: d, run: run, loc: loc, busy: map[uint64]bool{}}
	w.SetContent(h.build())
	h.Reload()
	return h
}

// Reload reads the entries again (e.g. after uploads finished elsewhere).
// Call it on the UI thread; only the newest of overlapping loads is shown.
func (h *History) Reload() {
	h.gen++
	gen := h.gen
	h.run(func() {
		entries, err := h.load()
		fyne.Do(func() {
			if gen == h.gen {
				h.setEntries(entries, err)
			}
		})
	})
}

// store opens the history once and keeps it; a failure is retried on the
// next call.
func (h *History) store() (*history.DB, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.db != nil {
		return h.db, nil
	}
	if h.d.Open == nil {
		return nil, errNoHistory
	}
	db, err := h.d.Open()
	if err != nil {
		return nil, err
	}
	h.db = db
	return db, nil
}

func (h *History) load() ([]history.Entry, error) {
	db, err := h.store()
	if err != nil {
		return nil, err
	}
	return db.List(history.Query{})
}

// setEntries shows freshly loaded entries (UI thread).
func (h *History) setEntries(entries []history.Entry, err error) {
	if err != nil {
		h.setNotice(screenText("history.load_failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	h.all = entries
	h.applyFilter()
}

// applyFilter keeps the entries whose name, title, source or links contain
// the search text, ignoring case.
func (h *History) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(h.search.Text))
	h.shown = h.shown[:0]
	for _, e := range h.all {
		if q == "" || entryMatches(e, q) {
			h.shown = append(h.shown, e)
		}
	}
	h.refreshViews()
}

func entryMatches(e history.Entry, lower string) bool {
	for _, s := range []string{e.Name, e.Title, e.Source, e.URL, e.Viewer, e.Short} {
		if strings.Contains(strings.ToLower(s), lower) {
			return true
		}
	}
	return false
}

// Shown is the number of entries the list shows.
func (h *History) Shown() int { return len(h.shown) }

func (h *History) refreshViews() {
	h.count.SetText(screenTextN("history.count", len(h.shown)))
	switch {
	case len(h.all) == 0:
		h.empty.SetText(screenText("history.empty"))
	case len(h.shown) == 0:
		h.empty.SetText(screenText("history.no_match", "Search", strings.TrimSpace(h.search.Text)))
	}
	emptyOn := len(h.shown) == 0
	listOn, gridOn := !h.grid && !emptyOn, h.grid && !emptyOn
	wasList, wasGrid := h.list.Visible(), h.gridView.Visible()
	moved := emptyOn != h.empty.Visible() || listOn != wasList || gridOn != wasGrid
	show(h.empty, emptyOn)
	show(h.list, listOn) // Show refreshes a view that was hidden
	show(h.gridView, gridOn)
	// Only the view on screen needs the new entries (a search runs this on
	// every keystroke); the other is refreshed by Show when it appears.
	if listOn && wasList {
		h.list.Refresh()
	}
	if gridOn && wasGrid {
		h.gridView.Refresh()
	}
	if moved {
		relayoutWindow(h.w)
	}
}

// setView switches between the list and the grid.
func (h *History) setView(grid bool) {
	h.grid = grid
	h.listBtn.Importance, h.gridBtn.Importance = widget.MediumImportance, widget.LowImportance
	if grid {
		h.listBtn.Importance, h.gridBtn.Importance = widget.LowImportance, widget.MediumImportance
	}
	h.listBtn.Refresh()
	h.gridBtn.Refresh()
	h.refreshViews()
}

func (h *History) setNotice(text string, imp widget.Importance) { h.notice.set(text, imp) }

// entry finds a shown entry by ID.
func (h *History) entry(id uint64) (history.Entry, bool) {
	for _, e := range h.shown {
		if e.ID == id {
			return e, true
		}
	}
	return history.Entry{}, false
}

// build lays out the search bar, the notice and the list or grid.
func (h *History) build() fyne.CanvasObject {
	h.search = widget.NewEntry()
	h.search.SetPlaceHolder(screenText("history.search"))
	h.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.search.OnChanged = func(string) { h.applyFilter() }
	h.buildFormat()
	h.listBtn = widget.NewButtonWithIcon("", theme.ListIcon(), func() { h.setView(false) })
	h.gridBtn = widget.NewButtonWithIcon("", theme.GridIcon(), func() { h.setView(true) })
	h.gridBtn.Importance = widget.LowImportance
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), h.Reload)
	refresh.Importance = widget.LowImportance
	h.count = widget.NewLabel("")
	h.count.Importance = widget.LowImportance
	h.notice = newNoticeLine(h.w)
	h.empty = widget.NewLabel("")
	h.empty.Alignment = fyne.TextAlignCenter
	h.empty.Wrapping = fyne.TextWrapWord
	h.list = widget.NewList(func() int { return len(h.shown) },
		func() fyne.CanvasObject { return newHistoryItem(h, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) { h.bindItem(i, o.(*historyItem)) })
	h.gridView = widget.NewGridWrap(func() int { return len(h.shown) },
		func() fyne.CanvasObject { return newHistoryItem(h, true) },
		func(i widget.GridWrapItemID, o fyne.CanvasObject) { h.bindItem(i, o.(*historyItem)) })
	h.gridView.Hide()
	bar := container.NewBorder(nil, nil, nil,
		container.NewHBox(h.format, h.listBtn, h.gridBtn, refresh), h.search)
	top := container.NewVBox(bar, container.NewHBox(h.count), h.notice.object())
	return container.NewBorder(top, nil, nil, nil, container.NewStack(h.list, h.gridView, container.NewCenter(h.empty)))
}

func (h *History) bindItem(i int, it *historyItem) {
	if i < 0 || i >= len(h.shown) {
		return
	}
	it.bind(h.shown[i], h.busy[h.shown[i].ID])
}
