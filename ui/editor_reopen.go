package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// UnfinishedEdit is an edit a crash or a kill left: the image and what to
// do with it.
type UnfinishedEdit struct {
	Source  string // the image the edits are on
	Reopen  func() // open it in the editor again, with the edits
	Discard func() // throw the edits away
}

// OfferReopen asks, one edit after the other, "Reopen the edit of NAME?":
// Reopen or Discard. Closing the question without an answer leaves the
// edit for the next start.
func (m *MainWindow) OfferReopen(edits []UnfinishedEdit) {
	if len(edits) == 0 {
		return
	}
	e := edits[0]
	msg := widget.NewLabel(T("editor.reopen.message", "Name", filepath.Base(e.Source)))
	msg.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm(T("editor.reopen.title"), T("editor.reopen.confirm"), T("editor.reopen.discard"), msg,
		func(reopen bool) {
			if reopen {
				e.Reopen()
			} else {
				e.Discard()
			}
			m.OfferReopen(edits[1:])
		}, m.w)
	dlg.Resize(fyne.NewSize(420, 0))
	dlg.Show()
}
