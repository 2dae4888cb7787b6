package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// deleteTimeout bounds a delete-from-host request.
const deleteTimeout = 30 * time.Second

var errNoHistory = errors.New("no history store")

// buildFormat is the "copy as" menu: the built-in formats plus the active
// custom template, starting at the active format.
func (h *History) buildFormat() {
	active := uploader.FormatURL
	if h.d.LinkFormat != nil && h.d.LinkFormat() != "" {
		active = h.d.LinkFormat()
	}
	var labels []string
	labels, h.formatName = formatMenu(active)
	h.format = widget.NewSelect(labels, nil)
	h.format.SetSelected(formatLabel(active))
}

// resultOf rebuilds the host's answer from a stored entry, for the link
// formats.
func resultOf(e history.Entry) *uploader.Result {
	return &uploader.Result{URL: e.URL, Viewer: e.Viewer, Short: e.Short, Thumb: e.Thumb, Medium: e.Medium,
		Delete: e.Delete, Name: e.Name, Title: e.Title, Mime: e.Mime, Size: e.Size, Width: e.Width,
		Height: e.Height, MD5: e.MD5, Expiration: e.Expiration}
}

// copyLink copies the entry's link in the chosen format.
func (h *History) copyLink(id uint64) {
	e, ok := h.entry(id)
	if !ok || h.d.Clipboard == nil {
		return
	}
	s, err := uploader.FormatLink(h.formatName[h.format.Selected], uploader.LinkData{
		Result: resultOf(e), Filename: e.Name, Title: e.Title})
	if err == nil {
		err = h.d.Clipboard.WriteText(s)
	}
	if err != nil {
		h.setNotice(screenText("history.copy_failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	h.setNotice(screenText("history.copied", "Name", e.Name), widget.SuccessImportance)
}

// confirmRemove removes an entry from the history. One that still holds a
// working delete link asks first: without it the file cannot be deleted
// from the host later.
func (h *History) confirmRemove(id uint64) {
	e, ok := h.entry(id)
	if !ok {
		return
	}
	if e.Delete == "" || e.DeletedFromHost {
		h.remove(e)
		return
	}
	d := dialog.NewConfirm(screenText("history.remove.title"), screenText("history.remove.body", "Name", e.Name),
		func(yes bool) {
			if yes {
				h.remove(e)
			}
		}, h.w)
	d.SetConfirmText(screenText("history.remove"))
	d.Show()
}

func (h *History) remove(e history.Entry) {
	h.run(func() {
		err := h.withStore(func(db *history.DB) error { return db.Delete(e.ID) })
		fyne.Do(func() {
			if err != nil {
				h.setNotice(screenText("history.remove_failed", "Error", err.Error()), widget.DangerImportance)
			} else {
				h.setNotice("", widget.MediumImportance)
			}
			h.Reload()
		})
	})
}

// confirmDeleteFromHost asks before opening the delete link: the host
// deletes at once and for good.
func (h *History) confirmDeleteFromHost(id uint64) {
	e, ok := h.entry(id)
	if !ok || e.Delete == "" || e.DeletedFromHost || h.busy[id] {
		return
	}
	d := dialog.NewConfirm(screenText("history.delete.title"), screenText("history.delete.body", "Name", e.Name),
		func(yes bool) {
			if yes {
				h.deleteFromHost(e)
			}
		}, h.w)
	d.SetConfirmText(screenText("history.delete"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// deleteFromHost opens the delete link in the background, then removes the
// entry from the history, as `upshot history delete ID --from-host` does: a
// file gone from its host leaves nothing to copy or open.
func (h *History) deleteFromHost(e history.Entry) {
	del := h.d.DeleteFromHost
	if del == nil {
		return
	}
	h.busy[e.ID] = true
	h.refreshViews()
	h.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deleteTimeout)
		defer cancel()
		gone, err := del(ctx, e)
		var forget error
		if err == nil {
			forget = h.withStore(func(db *history.DB) error { return db.Delete(e.ID) })
		}
		fyne.Do(func() { h.deleted(e, gone, err, forget) })
	})
}

// deleted reports the end of a delete-from-host (UI thread). A file the
// host no longer had is a success too: it is gone, as the user wanted.
// forget is the failure to remove the entry after the host deleted it.
func (h *History) deleted(e history.Entry, gone history.Deletion, err, forget error) {
	delete(h.busy, e.ID)
	switch {
	case err != nil:
		h.setNotice(screenText("history.delete_failed", "Error", err.Error()), widget.DangerImportance)
	case forget != nil:
		h.setNotice(screenText("history.deleted_not_removed", "Name", e.Name, "Error", forget.Error()), widget.WarningImportance)
	case gone == history.AlreadyGone:
		h.setNotice(screenText("history.already_gone_removed", "Name", e.Name), widget.SuccessImportance)
	default:
		h.setNotice(screenText("history.deleted_removed", "Name", e.Name), widget.SuccessImportance)
	}
	h.Reload()
}

func (h *History) withStore(f func(*history.DB) error) error {
	db, err := h.store()
	if err != nil {
		return err
	}
	return f(db)
}
