package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
)

// editDownloadTimeout bounds the download of a picture to edit whose file
// is gone.
const editDownloadTimeout = 30 * time.Second

// edit opens the editor in the app on path; done hears how it ended (see
// editing.done). owned says path is Upshot's own file in the captures
// folder (a capture, a downloaded picture): it goes once the editor ends,
// its edits being in the edited copy or thrown away. Runs on the UI thread.
func (g *gui) edit(path string, owned bool, done func(edited string, err error)) {
	err := openEditor(g.app, editing{path: path, dir: g.paths.Captures, clip: clipboard.System{Session: g.session},
		done: func(edited string, err error) {
			if owned {
				_ = os.Remove(path)
			}
			done(edited, err)
		}})
	if err != nil {
		g.editFailed(path, err)
		done("", err)
		return
	}
	go func() {
		if err := service.NoteEditDir(g.paths, path); err != nil {
			fmt.Fprintln(os.Stderr, "upshot:", err)
		}
	}()
}

// editThenQueue opens the editor on path and queues its upload in the
// window, like a capture.
func (g *gui) editThenQueue(path string, owned bool) {
	g.edit(path, owned, func(edited string, err error) {
		if err == nil {
			g.main.AddCapture(edited)
		}
	})
}

func (g *gui) editFailed(path string, err error) {
	fmt.Fprintf(os.Stderr, "upshot: edit %s: %v\n", path, err)
	g.notify(ui.T("app.name"), ui.T("notice.edit_failed", "Name", filepath.Base(path), "Error", err.Error()))
}

// editPicture is a row's or a History entry's Edit: the local file when it
// is still there, else the picture downloaded from its link into the
// captures folder. The edited picture uploads as a new item.
func (g *gui) editPicture(src uploader.PictureSource) {
	if st, err := os.Stat(src.Path); src.Path != "" && err == nil && st.Mode().IsRegular() {
		g.editThenQueue(src.Path, strings.HasPrefix(src.Path, g.paths.Captures+string(filepath.Separator)))
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(g.ctx, editDownloadTimeout)
		defer cancel()
		src.Path = ""
		png, err := uploader.PicturePNG(ctx, src)
		path := ""
		if err == nil {
			path, err = uploader.SaveImageFile(g.paths.Captures, "edit-", png)
		}
		fyne.Do(func() {
			if err != nil {
				g.editFailed(src.Name, err)
				return
			}
			g.editThenQueue(path, true)
		})
	}()
}

// editHandedOver is `upshot edit` handed to this app: the editor opens in
// it and the command line waits for the edited file (or for the editor
// to close).
func (g *gui) editHandedOver(ctx context.Context, path string) (string, error) {
	type result struct {
		edited string
		err    error
	}
	ch := make(chan result, 1)
	fyne.Do(func() {
		g.edit(path, false, func(edited string, err error) { ch <- result{edited, err} })
	})
	select {
	case r := <-ch:
		return r.edited, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// offerUnfinishedEdits asks whether to reopen the edits a crash or a kill
// left beside their images.
func (g *gui) offerUnfinishedEdits() {
	go func() {
		found := service.UnfinishedEdits(g.paths)
		if len(found) == 0 {
			return
		}
		edits := make([]ui.UnfinishedEdit, len(found))
		for i, u := range found {
			owned := filepath.Dir(u.Source) == g.paths.Captures
			edits[i] = ui.UnfinishedEdit{Source: u.Source,
				Reopen: func() { g.editThenQueue(u.Source, owned) },
				Discard: func() {
					if err := os.Remove(u.Sidecar); err != nil && !os.IsNotExist(err) {
						fmt.Fprintln(os.Stderr, "upshot:", err)
					}
				},
			}
		}
		fyne.Do(func() { g.main.OfferReopen(edits) })
	}()
}
