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
// Reopen (or Enter) or Discard. Esc puts the questions away and leaves the
// edits for the next start.
func (m *MainWindow) OfferReopen(edits []UnfinishedEdit) {
	c := m.w.Canvas()
	typed := c.OnTypedKey()
	var ask func(rest []UnfinishedEdit)
	ask = func(rest []UnfinishedEdit) {
		if len(rest) == 0 {
			c.SetOnTypedKey(typed)
			return
		}
		e := rest[0]
		msg := widget.NewLabel(T("editor.reopen.message", "Name", filepath.Base(e.Source)))
		msg.Wrapping = fyne.TextWrapWord
		dlg := dialog.NewCustomConfirm(T("editor.reopen.title"), T("editor.reopen.confirm"), T("editor.reopen.discard"), msg,
			func(reopen bool) {
				if reopen {
					e.Reopen()
				} else {
					e.Discard()
				}
				ask(rest[1:])
			}, m.w)
		c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
			switch ev.Name {
			case fyne.KeyReturn, fyne.KeyEnter:
				dlg.Confirm()
			case fyne.KeyEscape:
				c.SetOnTypedKey(typed)
				dlg.Hide()
			}
		})
		dlg.Resize(fyne.NewSize(420, 0))
		dlg.Show()
	}
	ask(edits)
}
