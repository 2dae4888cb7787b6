package ui

import (
	"cmp"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// Preview sides of the two views, in device-independent pixels.
const (
	historyListThumb = 56
	historyGridThumb = 128
	historyGridWidth = 200 // a grid card's width
)

// historyItem shows one upload: a line of the list, or a card of the grid.
// Items are recycled: bind only changes values.
type historyItem struct {
	widget.BaseWidget
	h    *History
	grid bool

	id      uint64
	thumb   *canvas.Image
	thumbOf string // resource name shown, to skip needless repaints
	name    *widget.Label
	meta    *widget.Label
	status  *widget.Label

	copyBtn, imageBtn, editBtn, openBtn, hostBtn, removeBtn *widget.Button
}

func newHistoryItem(h *History, grid bool) *historyItem {
	it := &historyItem{h: h, grid: grid, thumb: canvas.NewImageFromResource(theme.FileImageIcon()),
		name: widget.NewLabel(""), meta: widget.NewLabel(""), status: widget.NewLabel("")}
	it.thumb.FillMode = canvas.ImageFillContain
	it.thumb.ScaleMode = canvas.ImageScaleSmooth
	it.name.TextStyle.Bold = true
	it.name.Truncation = fyne.TextTruncateEllipsis
	it.meta.Importance = widget.LowImportance
	it.meta.Truncation = fyne.TextTruncateEllipsis
	it.status.Truncation = fyne.TextTruncateEllipsis
	it.copyBtn = iconButton(theme.ContentCopyIcon(), func() { h.copyLink(it.id) })
	it.imageBtn = iconButton(theme.MediaPhotoIcon(), func() { h.copyImage(it.id) })
	it.editBtn = iconButton(theme.DocumentCreateIcon(), func() { h.edit(it.id) })
	it.openBtn = iconButton(theme.VisibilityIcon(), func() { h.open(it.id) })
	it.hostBtn = iconButton(theme.DeleteIcon(), func() { h.confirmDeleteFromHost(it.id) })
	it.removeBtn = iconButton(theme.ContentClearIcon(), func() { h.confirmRemove(it.id) })
	it.ExtendBaseWidget(it)
	return it
}

// CreateRenderer lays out a list line (preview, text, buttons) or a grid
// card (preview over text over buttons).
func (it *historyItem) CreateRenderer() fyne.WidgetRenderer {
	buttons := container.NewHBox(it.copyBtn, it.imageBtn, it.openBtn, it.hostBtn, it.removeBtn)
	if it.h.d.OnEdit != nil {
		buttons = container.NewHBox(it.copyBtn, it.imageBtn, it.editBtn, it.openBtn, it.hostBtn, it.removeBtn)
	}
	if it.grid {
		preview := container.New(layout.NewGridWrapLayout(fyne.NewSquareSize(historyGridThumb)), it.thumb)
		width := canvas.NewRectangle(color.Transparent) // room for the date and size
		width.SetMinSize(fyne.NewSize(historyGridWidth, 0))
		return widget.NewSimpleRenderer(container.NewVBox(width, container.NewCenter(preview),
			it.name, it.meta, it.status, container.NewCenter(buttons)))
	}
	preview := container.New(layout.NewGridWrapLayout(fyne.NewSquareSize(historyListThumb)), it.thumb)
	text := container.NewVBox(it.name, it.meta, it.status)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil,
		container.NewCenter(preview), container.NewCenter(buttons), text))
}

// bind shows entry e; busy marks a deletion under way.
func (it *historyItem) bind(e history.Entry, busy bool) {
	it.id = e.ID
	it.setPreview(e)
	it.name.SetText(cmp.Or(e.Title, e.Name, e.Source))
	it.meta.SetText(it.metaLine(e))
	text, imp := entryStatus(e, busy, it.h.loc)
	it.status.Importance = imp
	it.status.SetText(text)
	show(it.status, text != "")
	enable(it.copyBtn, entryLink(e) != "")
	enable(it.openBtn, entryLink(e) != "")
	enable(it.imageBtn, entryIsImage(e))
	enable(it.editBtn, entryIsImage(e))
	enable(it.hostBtn, e.Delete != "" && !e.DeletedFromHost && !busy && it.h.d.DeleteFromHost != nil)
}

func (it *historyItem) setPreview(e history.Entry) {
	var res fyne.Resource
	switch {
	case len(e.Thumbnail) > 0:
		res = fyne.NewStaticResource(fmt.Sprintf("history-%d-preview", e.ID), e.Thumbnail)
	case strings.HasPrefix(e.Mime, "video/"):
		res = theme.MediaVideoIcon()
	default:
		res = theme.FileImageIcon()
	}
	if res.Name() == it.thumbOf {
		return
	}
	it.thumbOf = res.Name()
	it.thumb.Resource, it.thumb.Image = res, nil
	it.thumb.Refresh()
}

// metaLine is "shot.png · 2026-11-23 09:05 · 2.4 MB · 1920×1080 · profile"
// in the list, "2026-11-23 09:05 · 2.4 MB" on a grid card.
func (it *historyItem) metaLine(e history.Entry) string {
	var parts []string
	if e.Title != "" && e.Name != "" && !it.grid { // the title is the heading: name the file here
		parts = append(parts, e.Name)
	}
	parts = append(parts, e.Time.In(it.h.loc).Format("2006-01-02 15:04"))
	if e.Size > 0 {
		parts = append(parts, uploader.FormatSize(e.Size))
	}
	if e.Width > 0 && e.Height > 0 && !it.grid {
		parts = append(parts, fmt.Sprintf("%d×%d", e.Width, e.Height))
	}
	if e.Profile != "" && !it.grid {
		parts = append(parts, e.Profile)
	}
	return strings.Join(parts, " · ")
}

// entryStatus is the line under the details: deleted, being deleted, or
// when the host deletes the file by itself.
func entryStatus(e history.Entry, busy bool, loc *time.Location) (string, widget.Importance) {
	switch {
	case e.DeletedFromHost:
		return screenText("history.deleted"), widget.WarningImportance
	case busy:
		return screenText("history.deleting"), widget.LowImportance
	case !e.Expiration.IsZero():
		return screenText("history.expires", "Date", e.Expiration.In(loc).Format("2006-01-02 15:04")), widget.LowImportance
	}
	return entryLink(e), widget.LowImportance
}

// entryLink is the address opened for an entry: its page, else the file.
func entryLink(e history.Entry) string { return cmp.Or(e.Viewer, e.URL) }
