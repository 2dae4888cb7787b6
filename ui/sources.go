package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/upshot-app/upshot/uploader"
)

// ErrNoFilePicker is what Deps.PickFiles reports when the desktop has no
// file chooser of its own.
var ErrNoFilePicker = errors.New("no desktop file chooser")

// browseFiles opens the desktop's file chooser (several files at once),
// else Fyne's dialog.
func (m *MainWindow) browseFiles() { m.pickWith(m.d.PickFiles, m.fileDialog) }

// pickWith asks the desktop's chooser pick, or opens fallback when there
// is none, and queues what was picked.
func (m *MainWindow) pickWith(pick func(func([]string, error)), fallback func()) {
	choose(pick, fallback, func(err error) { m.setNotice(T("browse.failed", "Error", err.Error())) },
		func(paths []string) { m.AddSources(paths...) })
}

// choose asks the desktop's chooser pick (nil: there is none) and hands
// what was picked to picked, a failure to failed; without a chooser
// (ErrNoFilePicker) it opens fallback, Fyne's own dialog.
func choose(pick func(func([]string, error)), fallback func(), failed func(error), picked func([]string)) {
	if pick == nil {
		fallback()
		return
	}
	pick(func(paths []string, err error) {
		switch {
		case errors.Is(err, ErrNoFilePicker):
			fallback()
		case err != nil:
			failed(err)
		case len(paths) > 0:
			picked(paths)
		}
	})
}

// fileDialog opens Fyne's file dialog (one file at a time: it has no
// multi-select; the folder button covers many files).
func (m *MainWindow) fileDialog() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			m.setNotice(err.Error())
			return
		}
		if rc == nil {
			return // dismissed
		}
		_ = rc.Close() // the queue reads the file itself
		m.AddSources(rc.URI().Path())
	}, m.w)
	exts := make([]string, 0, 2*len(uploader.SupportedExts))
	for _, e := range uploader.SupportedExts {
		exts = append(exts, "."+e, "."+strings.ToUpper(e))
	}
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
}

// browseFolder queues every supported file of a folder picked in the
// desktop's chooser, else in Fyne's folder dialog.
func (m *MainWindow) browseFolder() { m.pickWith(m.d.PickFolder, m.folderDialog) }

// folderDialog is Fyne's folder dialog, without a desktop chooser.
func (m *MainWindow) folderDialog() {
	dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			m.setNotice(err.Error())
			return
		}
		if dir != nil {
			m.AddSources(dir.Path())
		}
	}, m.w).Show()
}

// paste queues what the clipboard holds: an image (saved as a PNG in the
// spool folder), else links or file paths, one per line.
func (m *MainWindow) paste() {
	if m.d.Clipboard == nil {
		return
	}
	if png := m.d.Clipboard.ReadImage(); len(png) > 0 {
		m.pasteImage(png)
		return
	}
	src := uploader.SourcesInText(m.d.Clipboard.ReadText())
	if len(src) == 0 {
		m.setNotice(T("paste.nothing"))
		return
	}
	m.AddSources(src...)
}

func (m *MainWindow) pasteImage(png []byte) {
	path, err := spoolPNG(m.d.SpoolDir, png, time.Now())
	if err != nil {
		m.setNotice(T("paste.save_failed", "Error", err.Error()))
		return
	}
	if m.d.Queue == nil {
		return
	}
	opts, _ := m.opts.Options()
	m.d.Queue.AddOwned(m.opts.Profile(), opts, path) // the queue deletes it once uploaded
	m.setNotice("")
}

// spoolPNG writes pasted image bytes to a new file named after the time.
func spoolPNG(dir string, png []byte, now time.Time) (string, error) {
	return uploader.SaveImageFile(dir, "pasted-"+now.Format("20060102-150405")+"-", png)
}

// validateURL accepts absolute http(s) URLs with a host.
func validateURL(s string) error {
	if !uploader.IsWebURL(s) {
		return errors.New(T("url.invalid"))
	}
	return nil
}

// validateTypedURL is the entry's check: an empty field is not an error
// (it is empty after every successful add, and must not show a red "!").
func validateTypedURL(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return validateURL(strings.TrimSpace(s))
}

// addURL queues the URL typed or pasted into the entry.
func (m *MainWindow) addURL() {
	s := strings.TrimSpace(m.urlEntry.Text)
	if err := validateURL(s); err != nil {
		m.urlEntry.SetValidationError(err)
		m.setNotice(err.Error())
		return
	}
	m.AddSources(s)
	m.urlEntry.SetText("")
}
