// Package ui holds Upshot's widgets and screens: the main window with its
// drop zone, batch options, header line and virtualised queue list.
//
// It reaches the operating system only through the small interfaces in Deps
// (clipboard, notifications, URL opener) so that its tests build without cgo
// and run on fyne's test driver. Queue events reach widgets through one pump
// (MainWindow.Run), the only place that crosses from goroutines to the UI
// thread.
package ui

import (
	"errors"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// Clipboard is the system clipboard as the window needs it.
type Clipboard interface {
	WriteText(s string) error
	WriteImage(png []byte) error // the picture itself, for pasting into a chat
	ReadText() string
	ReadImage() []byte // PNG bytes, or nil when the clipboard holds no image
}

// Deps is everything the main window needs from the composition root.
type Deps struct {
	App        fyne.App
	Queue      *uploader.Queue
	Profile    func() string                         // active profile name ("" = default)
	Profiles   func() []string                       // names for the batch-options chooser
	Defaults   func(profile string) uploader.Options // the profile's default options
	LinkFormat func() string                         // active link format (uploader.LinkFormats name or a template)
	Clipboard  Clipboard
	Notify     func(title, body string) // desktop notification (may be nil)
	OpenURL    func(u *url.URL) error
	Banner     string   // e.g. the local-test-host banner, "" = none
	Warnings   []string // e.g. plain-http or no-keyring warnings
	SpoolDir   string   // where a pasted clipboard image is written before queueing
	OnSettings func()   // open settings (nil hides the button)
	OnHistory  func()   // open history (nil hides the button)
	// PickFiles, when set, opens the desktop's own file chooser, where
	// several files can be picked at once, and calls done on the UI thread
	// with their paths (none when dismissed). An error that is
	// ErrNoFilePicker falls back to Fyne's dialog.
	PickFiles func(done func(paths []string, err error))
	// PickFolder is PickFiles for Folder…: the desktop's chooser asked for
	// one folder; ErrNoFilePicker falls back to Fyne's folder dialog.
	PickFolder func(done func(paths []string, err error))
	// OnActivity, when set, gets the current run's summary after each batch
	// of queue events (on the UI thread): the tray icon follows it.
	OnActivity func(uploader.Summary)
	// OnEdit, when set, opens a picture in the editor (a row's Edit): the
	// local file when it is still there, else downloaded from the link.
	// The edited picture uploads as a new item.
	OnEdit func(src uploader.PictureSource)
}

// pumpTick is how often the pump hands collected events to the UI thread:
// fast enough to look live, slow enough that 1,000 items cost a few frames.
const pumpTick = 100 * time.Millisecond

// MainWindow is Upshot's main screen.
type MainWindow struct {
	w fyne.Window
	d Deps

	model  *itemModel
	thumbs *thumbPool
	opts   *batchOptions
	tick   time.Duration
	do     func(func()) // fyne.Do; tests count the calls
	// run does slow work (a download for Copy image, a browser that may
	// not start) off the UI thread; inline in tests.
	run func(func())
	// syncAdd queues on the calling goroutine (tests); the app queues in
	// the background.
	syncAdd bool

	selected      int64   // the item of the selected row, which shows its whole status; 0 = none
	selectedPos   int     // its position when it was selected (the list keys heights by position)
	scrolledBatch int64   // the newest batch scrolled to
	scrollTarget  int64   // the first new row of a newer batch, to scroll to after this batch; 0 = none
	rowH          float32 // a row's usual height, measured once

	header *widget.Label
	speed  *widget.Label // "1.2 MB/s · 4 s left" under the header while uploading
	report *widget.Hyperlink
	notice *widget.Label
	list   *widget.List
	empty  fyne.CanvasObject
	head   *fyne.Container // header, report link, notice, link tools
	top    *fyne.Container // the app bar, then the banner and warnings
	pane   *fyne.Container // head, list, footer

	urlEntry       *widget.Entry
	format         *widget.Select
	formatName     map[string]string // Select label → format
	formatOverride string            // chosen in the Select this session; "" = follow LinkFormat()
	copyAll        *widget.Button
	retryFailed    *widget.Button
	clearFinished  *widget.Button
	pauseBtn       *widget.Button // Pause / Resume the queue
	cancelAll      *widget.Button
}

// NewMainWindow builds the main screen into w. The caller sets the title,
// registers OnDropped with w.SetOnDropped and starts Run with the queue's
// events.
func NewMainWindow(w fyne.Window, d Deps) *MainWindow {
	return newMainWindow(w, d, uploader.Thumbnail, thumbWorkers)
}

// newMainWindow lets tests choose the preview maker and run it inline.
func newMainWindow(w fyne.Window, d Deps, mk thumbFunc, workers int) *MainWindow {
	m := &MainWindow{w: w, d: d, model: newItemModel(), tick: pumpTick, do: fyne.Do, run: func(f func()) { go f() }}
	m.thumbs = newThumbPool(mk, fyneDeliver(m.thumbReady), workers)
	m.opts = newBatchOptions(d)
	w.SetContent(m.build())
	// Ctrl+V anywhere but in a text field queues the clipboard (a focused
	// entry handles its own paste first).
	w.Canvas().AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { m.paste() })
	m.refreshAll()
	return m
}

// Header is the current header line, e.g. "Uploading 3 files (50% complete)".
func (m *MainWindow) Header() string { return m.header.Text }

// OnDropped queues dropped files, folders and links. Register it with
// w.SetOnDropped; it runs on the UI thread.
func (m *MainWindow) OnDropped(_ fyne.Position, uris []fyne.URI) {
	src := make([]string, 0, len(uris))
	for _, u := range uris {
		if u == nil {
			continue
		}
		if u.Scheme() == "file" {
			src = append(src, u.Path())
		} else {
			src = append(src, u.String())
		}
	}
	m.AddSources(src...)
}

// AddSources queues paths, folders or http(s) URLs with the batch options.
// Rows appear when the queue's events come back through the pump.
func (m *MainWindow) AddSources(src ...string) {
	if len(src) == 0 || m.d.Queue == nil {
		return
	}
	opts, _ := m.opts.Options() // invalid fields are left out: the profile's defaults apply
	// Off the UI thread: adding expands folders and journals every item
	// (fsync), which for a thousand dropped files would freeze the window.
	// Rows appear through the pump as the queue reports them.
	profile := m.opts.Profile() // read here: refreshProfiles rewrites the map on the UI thread
	add := func() { m.d.Queue.Add(profile, opts, src...) }
	if m.syncAdd {
		add() // tests: deterministic order with the fake queue
	} else {
		go add()
	}
	m.setNotice("")
}

// setNotice shows a short message under the header ("" hides it).
func (m *MainWindow) setNotice(s string) {
	if s == m.notice.Text {
		return
	}
	m.notice.SetText(s)
	show(m.notice, s != "")
	m.relayout()
}

// itemByID is a convenience for the row actions.
func (m *MainWindow) itemByID(id int64) (uploader.Item, bool) { return m.model.get(id) }

// Browse opens the file chooser (the tray's "Upload files…").
func (m *MainWindow) Browse() { m.browseFiles() }

// PasteClipboard queues what the clipboard holds (the tray's "Upload
// clipboard" and the hotkey).
func (m *MainWindow) PasteClipboard() { m.paste() }

// AddCapture queues a screenshot or recording the app wrote and returns
// its item's ID (0 without a queue): it is deleted after it uploads or
// when the user removes it, and kept while it fails.
func (m *MainWindow) AddCapture(path string) int64 {
	if m.d.Queue == nil {
		return 0
	}
	opts, _ := m.opts.Options()
	return m.d.Queue.AddOwned(m.opts.Profile(), opts, path)
}

// CopyText puts s on the clipboard, telling the user when that fails.
func (m *MainWindow) CopyText(s string) error {
	if !m.writeClipboard(s) {
		return errClipboard
	}
	return nil
}

var errClipboard = errors.New("clipboard unavailable")
