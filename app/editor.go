package main

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader/annotate"
)

// editing is one editor to open: the image, where its upload is saved,
// and who hears how it ended.
type editing struct {
	path string       // the image to edit
	dir  string       // the captures folder: the edited picture waits there for its upload
	clip ui.Clipboard // for Ctrl+C
	// done is called once, on the UI thread: with the edited picture's
	// file when the user uploaded, service.ErrEditClosed when they closed
	// the editor without uploading.
	done func(edited string, err error)
}

// openEditor shows the editor on e.path in a window of app a. It runs on
// the UI thread; an image that cannot be opened is its error and done is
// not called.
func openEditor(a fyne.App, e editing) error {
	doc, img, err := annotate.Open(e.path, func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "upshot:", err)
		}
	})
	if err != nil {
		return err
	}
	w := a.NewWindow(ui.EditorTitle(e.path))
	w.SetIcon(assets.AppIcon)
	s := &editorSession{e: e, w: w, doc: doc}
	ed, err := ui.NewEditor(w, ui.EditorDeps{Doc: doc, Image: img,
		OnUpload: s.upload, OnCopy: s.copy, OnSave: s.save,
		OnClose: func() { s.finish("", service.ErrEditClosed) },
	})
	if err != nil {
		_ = doc.Close()
		w.Close()
		return err
	}
	s.ed = ed
	w.SetOnClosed(func() { _ = doc.Close() }) // the app quits: keep the edits for the next start
	scale := float32(1)
	if c := w.Canvas(); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	w.Resize(ui.EditorWindowSize(img.Bounds().Size(), scale, capture.MonitorSize()))
	w.CenterOnScreen()
	w.Show()
	w.RequestFocus()
	return nil
}

// editorSession is an open editor window and what its buttons do.
type editorSession struct {
	e        editing
	w        fyne.Window
	doc      *annotate.Document
	ed       *ui.Editor
	busy     bool // the picture is being saved for its upload
	finished bool
}

func (s *editorSession) finish(edited string, err error) {
	if s.finished {
		return
	}
	s.finished = true
	s.w.Close()
	s.e.done(edited, err)
}

// upload saves the picture in the captures folder and ends the editor
// with that file; the edits are then in it, so the autosaved document
// goes.
func (s *editorSession) upload(img image.Image) {
	if s.busy || s.finished {
		return
	}
	s.busy = true
	s.ed.SetStatus(ui.T("editor.status.preparing"))
	go func() {
		edited, err := service.SaveEdited(s.e.dir, s.e.path, img)
		fyne.Do(func() {
			s.busy = false
			if err != nil {
				s.ed.SetStatus(ui.T("editor.status.upload_failed", "Error", err.Error()))
				return
			}
			if err := s.doc.Discard(); err != nil {
				fmt.Fprintln(os.Stderr, "upshot:", err)
			}
			s.finish(edited, nil)
		})
	}()
}

// copy puts the picture on the clipboard as a PNG.
func (s *editorSession) copy(img image.Image) {
	if s.e.clip == nil {
		s.ed.SetStatus(ui.T("editor.status.copy_failed", "Error", "no clipboard"))
		return
	}
	go func() {
		b, err := annotate.EncodePNG(img)
		if err == nil {
			err = s.e.clip.WriteImage(b)
		}
		fyne.Do(func() {
			if err != nil {
				s.ed.SetStatus(ui.T("editor.status.copy_failed", "Error", err.Error()))
				return
			}
			s.ed.SetStatus(ui.T("editor.status.copied"))
		})
	}()
}

// save writes the picture as a PNG beside the original, or in the
// captures folder when the original's folder cannot be written.
func (s *editorSession) save(img image.Image) {
	go func() {
		p := annotate.EditedPath(s.e.path, "")
		err := annotate.SavePNG(p, img)
		if err != nil && filepath.Dir(s.e.path) != s.e.dir {
			p, err = service.SaveEdited(s.e.dir, s.e.path, img)
		}
		fyne.Do(func() {
			if err != nil {
				s.ed.SetStatus(ui.T("editor.status.save_failed", "Error", err.Error()))
				return
			}
			s.ed.SetStatus(ui.T("editor.status.saved", "Path", p))
		})
	}()
}

// editAlone is the editor of `upshot edit` when no app runs: a one-shot
// Fyne app of its own, which ends when the editor does.
func editAlone(session platform.Session) func(ctx context.Context, path, dir string) (string, error) {
	return func(ctx context.Context, path, dir string) (string, error) {
		a := fyneapp.NewWithID(AppID)
		a.SetIcon(assets.AppIcon)
		a.Settings().SetTheme(ui.NewTheme())
		edited, result := "", error(nil)
		err := openEditor(a, editing{path: path, dir: dir, clip: clipboard.System{Session: session},
			done: func(p string, err error) { edited, result = p, err; a.Quit() }})
		if err != nil {
			return "", err
		}
		stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
		defer stop()
		a.Run()
		switch {
		case edited != "" || result != nil:
			return edited, result
		case ctx.Err() != nil:
			return "", fmt.Errorf("the editor was stopped: %w", ctx.Err())
		}
		return "", service.ErrEditClosed
	}
}
