package ui

import (
	"context"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// copyImageTimeout bounds the download of a picture whose file is gone.
const copyImageTimeout = 30 * time.Second

// copyImage puts the row's picture itself on the clipboard, as PNG, for
// pasting into a chat: from the user's file while it is there, else
// downloaded from the host (a capture's file is deleted once it uploads).
func (m *MainWindow) copyImage(id int64) {
	it, ok := m.itemByID(id)
	if !ok || it.Result == nil || m.d.Clipboard == nil {
		return
	}
	src := uploader.PictureSource{Path: previewPath(it), URL: it.Result.URL, Name: it.Name}
	clip := m.d.Clipboard
	m.background(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), copyImageTimeout)
		defer cancel()
		png, err := uploader.PicturePNG(ctx, src)
		if err == nil {
			err = clip.WriteImage(png)
		}
		return err
	}, func(err error) {
		if err != nil {
			m.setNotice(T("notice.image_copy_failed", "Name", it.Name, "Error", err.Error()))
			return
		}
		m.setNotice(T("notice.image_copied", "Name", it.Name))
	})
}

// canEdit reports whether rows offer Edit.
func (m *MainWindow) canEdit() bool { return m.d.OnEdit != nil }

// edit opens the row's picture in the editor: the user's file while it is
// there, else the uploaded picture (a capture's file is deleted once it
// uploads).
func (m *MainWindow) edit(id int64) {
	it, ok := m.itemByID(id)
	if !ok || m.d.OnEdit == nil {
		return
	}
	src := uploader.PictureSource{Path: it.Source, Name: it.Name}
	if previewPath(it) == "" && !it.Owned {
		src.Path = ""
	}
	if it.Result != nil {
		src.URL = it.Result.URL
	}
	m.d.OnEdit(src)
}
