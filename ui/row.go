package ui

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// previewSide is the size of a row's preview, in canvas units.
const previewSide = 64

// rowActions is what a row's buttons do; MainWindow implements it.
type rowActions interface {
	copyLink(id int64)
	copyImage(id int64)
	edit(id int64)
	canEdit() bool // the app has an editor
	openLink(id int64)
	retry(id int64)
	cancel(id int64)
	remove(id int64)
}

// rowView is how a row shows its item beyond the item itself.
type rowView struct {
	preview  image.Image   // the decoded thumbnail, nil for the fallback icon
	icon     fyne.Resource // that fallback: file or video
	speed    string        // "1.2 MB/s · 4 s left" while it uploads, "" until known
	expanded bool          // the selected row: the whole status, wrapped
}

// queueRow is one recycled line of the queue list: preview, name and size,
// a status line (how far and how fast while the item moves, the link or
// the reason once it ends) over a thin progress bar, and the buttons that
// make sense for its state.
type queueRow struct {
	widget.BaseWidget

	id      int64
	editor  bool // offer Edit for pictures
	thumb   *canvas.Image
	thumbOf string // what the preview currently shows, to skip needless repaints
	name    *widget.Label
	size    *widget.Label
	bar     *thinBar
	barText string // the progress line the status shows while the item moves
	status  *midLabel

	copyBtn, imageBtn, editBtn, openBtn, retryBtn, cancelBtn, removeBtn *widget.Button

	nameLine *fyne.Container // name and size: re-laid out when the size text changes
}

func newQueueRow(a rowActions) *queueRow {
	r := &queueRow{
		editor: a.canEdit(),
		thumb:  canvas.NewImageFromResource(theme.FileIcon()),
		name:   widget.NewLabel(""),
		size:   widget.NewLabel(""),
		bar:    newThinBar(),
		status: newMidLabel(),
	}
	r.thumb.FillMode = canvas.ImageFillContain
	r.thumb.ScaleMode = canvas.ImageScaleSmooth
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	// The size in the theme's foreground colour: the "disabled" grey of a
	// low-importance label is 1.3:1 on white, below any reading contrast.
	r.copyBtn = iconButton(theme.ContentCopyIcon(), func() { a.copyLink(r.id) })
	r.imageBtn = iconButton(theme.MediaPhotoIcon(), func() { a.copyImage(r.id) })
	r.editBtn = iconButton(theme.DocumentCreateIcon(), func() { a.edit(r.id) })
	r.openBtn = iconButton(theme.VisibilityIcon(), func() { a.openLink(r.id) })
	r.retryBtn = iconButton(theme.ViewRefreshIcon(), func() { a.retry(r.id) })
	r.cancelBtn = iconButton(theme.CancelIcon(), func() { a.cancel(r.id) })
	r.removeBtn = iconButton(theme.DeleteIcon(), func() { a.remove(r.id) })
	r.ExtendBaseWidget(r)
	return r
}

func fileIcon() fyne.Resource  { return theme.FileIcon() }
func videoIcon() fyne.Resource { return theme.MediaVideoIcon() }

func iconButton(icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

// CreateRenderer lays the row out once; bind only changes values. The
// buttons sit in fixed slots (copy/retry/cancel, copy image, edit when
// the app has an editor, open, remove) so that they line up from row to row whatever the state.
func (r *queueRow) CreateRenderer() fyne.WidgetRenderer {
	preview := container.New(layout.NewGridWrapLayout(fyne.NewSquareSize(previewSide)), r.thumb)
	slot := func(objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.New(layout.NewGridWrapLayout(r.removeBtn.MinSize()), container.NewStack(objs...))
	}
	actions := container.NewHBox(slot(r.copyBtn, r.retryBtn, r.cancelBtn), slot(r.imageBtn), slot(r.openBtn), slot(r.removeBtn))
	if r.editor {
		actions.Objects = slices.Insert(actions.Objects, 2, slot(r.editBtn))
	}
	r.nameLine = container.NewBorder(nil, nil, nil, r.size, r.name)
	// The bar keeps its line when hidden, so that every row lays out alike.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(0, barHeight))
	text := container.NewVBox(r.nameLine, r.status, container.NewStack(room, r.bar))
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil,
		container.NewCenter(preview), container.NewCenter(actions), text))
}

// bind shows one item as v says. It changes only what differs from what
// the row shows: rows are bound again on every update of their item, and
// each label refresh measures and shapes its text, the dearest part of a
// bind.
func (r *queueRow) bind(it uploader.Item, v rowView) {
	r.id = it.ID
	r.setPreview(it, v.preview, v.icon)
	name := it.Name
	if name == "" {
		name = it.Source
	}
	setText(r.name, name)
	if size := sizeText(it); size != r.size.Text {
		r.size.SetText(size)
		if r.nameLine != nil { // the size column's width follows its text
			r.nameLine.Layout.Layout(r.nameLine.Objects, r.nameLine.Size())
		}
	}
	r.status.setExpanded(v.expanded)
	r.bindProgress(it, v.speed)
	r.bindButtons(it)
}

// setText changes a label's text only when it differs.
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func (r *queueRow) setPreview(it uploader.Item, preview image.Image, icon fyne.Resource) {
	key := icon.Name()
	if preview != nil {
		key = fmt.Sprintf("img:%d:%p", it.ID, preview)
	}
	if key == r.thumbOf {
		return
	}
	r.thumbOf = key
	if preview != nil {
		r.thumb.Resource, r.thumb.Image = nil, preview
	} else {
		r.thumb.Resource, r.thumb.Image = icon, nil
	}
	r.thumb.Refresh()
}

func sizeText(it uploader.Item) string {
	if it.Total <= 0 {
		return ""
	}
	return uploader.FormatSize(it.Total)
}

// bindProgress shows how far the item is — the bar and "1.2 MB / 5 MB ·
// 1.2 MB/s · 4 s left" — while it is on its way, and a status line (the
// link, the error in the theme's error colour, or a note) once it ends.
func (r *queueRow) bindProgress(it uploader.Item, speed string) {
	text, keep, imp := statusLine(it)
	if text != "" {
		r.status.setFull(text, keep, imp)
		r.bar.Hide()
		return
	}
	r.barText = barLine(it, speed)
	r.status.setFull(r.barText, -1, widget.MediumImportance)
	value := 0.0
	if it.Total > 0 {
		value = float64(min(it.Sent, it.Total)) / float64(it.Total)
	}
	r.bar.SetValue(value)
	r.bar.Show()
}

// statusLine is the text shown instead of the bar ("" to show the bar),
// how many of its first runes must not be elided (the state before a
// link; -1 elides the end), and its colour.
func statusLine(it uploader.Item) (string, int, widget.Importance) {
	switch it.State {
	case uploader.StateDone:
		s := T("state.done")
		if it.Result == nil {
			return withNote(s, it.Note), 0, widget.SuccessImportance
		}
		keep := utf8.RuneCountInString(s) + 3
		return withNote(s+" · "+linkURL(it.Result), it.Note), keep, widget.SuccessImportance
	case uploader.StateFailed:
		msg := errorText(it.Err)
		if msg == "" {
			msg = T("state.failed")
		}
		return msg, -1, widget.DangerImportance // the start says what went wrong: cut the end
	case uploader.StateCanceled:
		return withNote(T("state.canceled"), it.Note), 0, widget.MediumImportance
	}
	if it.Note != "" && it.State == uploader.StateQueued {
		return noteText(it.Note), 0, widget.WarningImportance // e.g. the host asked to slow down
	}
	return "", 0, widget.MediumImportance
}

func withNote(s, note string) string {
	note = noteText(note)
	if note == "" || note == s {
		return s
	}
	return s + " · " + note
}

// barLine is the progress line: "Waiting", "Preparing…", "1.2 MB / 5 MB"
// while sending, then with the speed and time left once they are known.
func barLine(it uploader.Item, speed string) string {
	switch it.State {
	case uploader.StateQueued:
		return T("state.queued")
	case uploader.StatePreparing:
		return T("state.preparing")
	}
	if it.Total <= 0 {
		return T("state.uploading")
	}
	s := uploader.FormatSize(min(it.Sent, it.Total)) + " / " + uploader.FormatSize(it.Total)
	if speed != "" {
		s += " · " + speed
	}
	return s
}

// linkURL is the address shown and opened for a result: the file, or the
// viewer page while the host moderates it.
func linkURL(res *uploader.Result) string {
	if res.URL != "" {
		return res.URL
	}
	return res.Viewer
}

// bindButtons offers what the item's state allows: no Retry for a failure
// a retry cannot fix (not an image, over a limit), Copy image only for a
// picture that uploaded, Edit for a picture that is done with (uploaded,
// failed or canceled).
func (r *queueRow) bindButtons(it uploader.Item) {
	s := it.State
	show(r.copyBtn, s == uploader.StateDone)
	show(r.imageBtn, s == uploader.StateDone && isImage(it))
	show(r.editBtn, s.Final() && isImage(it) && r.editor)
	show(r.openBtn, s == uploader.StateDone)
	show(r.retryBtn, it.Retryable())
	show(r.cancelBtn, !s.Final())
	show(r.removeBtn, true)
}

func show(o fyne.CanvasObject, visible bool) {
	if visible {
		o.Show()
	} else {
		o.Hide()
	}
}
