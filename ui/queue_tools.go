package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The list's tool row, and what the list does on its own: follow new rows,
// and show the whole status of the selected one.

// listFooter is the tool row under the list: pause and cancel on the left,
// the actions on finished rows on the right.
func (m *MainWindow) listFooter() fyne.CanvasObject {
	m.pauseBtn = widget.NewButtonWithIcon(T("button.pause"), theme.MediaPauseIcon(), m.togglePause)
	m.cancelAll = widget.NewButtonWithIcon(T("button.cancel_all"), theme.CancelIcon(), m.cancelEverything)
	m.retryFailed = widget.NewButtonWithIcon(T("button.retry_failed"), theme.ViewRefreshIcon(), m.retryAllFailed)
	m.clearFinished = widget.NewButtonWithIcon(T("button.clear_finished"), theme.ContentClearIcon(), m.clearDone)
	for _, b := range []*widget.Button{m.pauseBtn, m.cancelAll, m.retryFailed, m.clearFinished} {
		b.Importance = widget.LowImportance
	}
	if m.d.Queue == nil {
		m.pauseBtn.Disable()
	}
	spread := &spreadLayout{changed: func() {
		if m.pane != nil {
			m.pane.Layout.Layout(m.pane.Objects, m.pane.Size())
		}
	}}
	tools := container.New(spread, container.NewHBox(m.pauseBtn, m.cancelAll),
		container.NewHBox(m.retryFailed, m.clearFinished))
	return container.NewVBox(widget.NewSeparator(), tools)
}

// TogglePause pauses the queue, or resumes it (the window's button and the
// tray). Uploads already sending finish; the others wait.
func (m *MainWindow) TogglePause() { m.togglePause() }

func (m *MainWindow) togglePause() {
	q := m.d.Queue
	if q == nil {
		return
	}
	if q.Paused() {
		q.Unpause()
	} else {
		q.Pause()
	}
	// The queue's EventHold updates the model; the button follows the
	// queue at once so that a second click does what it says.
	m.model.held = q.Paused()
	m.showHeld()
	m.refreshHeader(m.model.runSummary())
}

// CancelAll cancels every upload not finished (the tool row and the tray).
func (m *MainWindow) CancelAll() { m.cancelEverything() }

func (m *MainWindow) cancelEverything() {
	if m.d.Queue != nil {
		m.d.Queue.CancelAll()
	}
}

// showHeld makes the pause button say what a click will do.
func (m *MainWindow) showHeld() {
	text, icon := T("button.pause"), theme.MediaPauseIcon()
	if m.model.held {
		text, icon = T("button.resume"), theme.MediaPlayIcon()
	}
	if m.pauseBtn.Text != text {
		m.pauseBtn.SetText(text)
		m.pauseBtn.SetIcon(icon)
	}
}

// scrollToNew brings the first row of a new batch into view after the
// rows were added: a capture taken with a hotkey lands below the fold of a
// long list otherwise. Rows of the same batch arriving later (a big drop
// is reported over several ticks) do not move the list again.
func (m *MainWindow) scrollToNew() {
	id := m.scrollTarget
	if id == 0 {
		return
	}
	m.scrollTarget = 0
	it, _ := m.model.get(id)
	m.scrolledBatch = max(m.scrolledBatch, it.Batch)
	pos, ok := m.model.pos(id)
	if !ok {
		return
	}
	// To the end first, then back to the batch's first row: a batch that
	// fits is seen whole, a longer one from its start.
	m.list.ScrollTo(m.model.len() - 1)
	m.list.ScrollTo(pos)
}

// onSelected shows the whole status of the selected row — a long reason
// or link cut to one line — over as many lines as it needs.
func (m *MainWindow) onSelected(pos widget.ListItemID) {
	it, ok := m.model.at(pos)
	if !ok {
		return
	}
	m.collapseSelected()
	m.selected, m.selectedPos = it.ID, pos
	r, ok := m.model.rows.byID[it.ID]
	if !ok {
		return
	}
	m.bindRow(pos, r)
	m.list.SetItemHeight(pos, m.expandedHeight(r))
}

// onUnselected puts the row back on one line.
func (m *MainWindow) onUnselected(widget.ListItemID) { m.collapseSelected() }

// collapseSelected forgets the selection and gives its row the usual height.
func (m *MainWindow) collapseSelected() {
	if m.selected == 0 {
		return
	}
	id, pos := m.selected, m.selectedPos
	m.selected = 0
	m.list.SetItemHeight(pos, m.rowHeight())
	m.rebind(id)
}

// unselectMoved drops a selection whose row moved: the list keeps its
// selection and heights by position, which added or removed rows shift.
func (m *MainWindow) unselectMoved() {
	if m.selected == 0 {
		return
	}
	if pos, ok := m.model.pos(m.selected); !ok || pos != m.selectedPos {
		m.collapseSelected()
		m.list.UnselectAll()
	}
}

// expandedHeight is the height row r needs with its status wrapped at the
// row's width.
func (m *MainWindow) expandedHeight(r *queueRow) float32 {
	w := r.Size().Width
	if w <= 0 {
		w = m.list.Size().Width
	}
	r.Resize(fyne.NewSize(w, r.MinSize().Height)) // lays the status out at its width
	return max(r.MinSize().Height, m.rowHeight())
}

// rowHeight is a row's usual height (the list's template).
func (m *MainWindow) rowHeight() float32 {
	if m.rowH == 0 {
		m.rowH = newQueueRow(m).MinSize().Height
	}
	return m.rowH
}
