package ui

import (
	"context"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// The History entry's actions that leave the UI thread: Copy image, which
// may download the picture, and Open, whose browser may take a moment to
// say it is not there.

// entryIsImage tells the entries whose picture Copy image can copy.
func entryIsImage(e history.Entry) bool {
	return strings.HasPrefix(e.Mime, "image/") && e.URL != ""
}

// copyImage puts the entry's picture on the clipboard: from the file it
// was uploaded from while that is still there, else from the host.
func (h *History) copyImage(id uint64) {
	e, ok := h.entry(id)
	if !ok || h.d.Clipboard == nil {
		return
	}
	src := entryPicture(e)
	clip := h.d.Clipboard
	h.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), copyImageTimeout)
		defer cancel()
		png, err := uploader.PicturePNG(ctx, src)
		if err == nil {
			err = clip.WriteImage(png)
		}
		fyne.Do(func() {
			if err != nil {
				h.setNotice(screenText("notice.image_copy_failed", "Name", e.Name, "Error", err.Error()), widget.DangerImportance)
				return
			}
			h.setNotice(screenText("notice.image_copied", "Name", e.Name), widget.SuccessImportance)
		})
	})
}

// entryPicture is where the entry's picture is: the file it was uploaded
// from, while that is there, else its link.
func entryPicture(e history.Entry) uploader.PictureSource {
	src := uploader.PictureSource{Path: e.Source, URL: e.URL, Name: e.Name}
	if strings.Contains(e.Source, "://") || e.Source == "-" {
		src.Path = ""
	}
	return src
}

// edit opens the entry's picture in the editor (HistoryDeps.OnEdit).
func (h *History) edit(id uint64) {
	if e, ok := h.entry(id); ok && h.d.OnEdit != nil && entryIsImage(e) {
		h.d.OnEdit(entryPicture(e))
	}
}

// open shows the entry's page in the browser; a browser that cannot be
// started is said in the notice.
func (h *History) open(id uint64) {
	e, ok := h.entry(id)
	if !ok || h.d.OpenURL == nil {
		return
	}
	u, err := url.Parse(entryLink(e))
	if err != nil {
		h.setNotice(screenText("history.open_failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	open := h.d.OpenURL
	h.run(func() {
		err := open(u)
		fyne.Do(func() {
			if err != nil {
				h.setNotice(screenText("history.open_failed", "Error", err.Error()), widget.DangerImportance)
			}
		})
	})
}
