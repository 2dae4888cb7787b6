package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// selectOrCustom is a Select of fixed values plus an "other" entry that
// reveals a text entry for a value of the user's own. It is Validatable, so
// a form shows the entry's error under the row. A widget embeds it, fills
// the fields and calls ExtendBaseWidget on itself.
type selectOrCustom struct {
	widget.BaseWidget

	sel    *widget.Select
	custom *widget.Entry
	values map[string]string // label → value
	other  string            // the "custom" label
}

// reveal shows the custom entry when label is the "custom" one.
func (f *selectOrCustom) reveal(label string) {
	show(f.custom, label == f.other)
	f.custom.Validate()
	f.Refresh()
}

// value is the chosen value or the trimmed custom text, or an error when
// the custom text is invalid.
func (f *selectOrCustom) value() (string, error) {
	if f.sel.Selected != f.other {
		return f.values[f.sel.Selected], nil
	}
	if err := f.custom.Validate(); err != nil {
		return "", err
	}
	return strings.TrimSpace(f.custom.Text), nil
}

// Validate implements fyne.Validatable.
func (f *selectOrCustom) Validate() error {
	_, err := f.value()
	return err
}

// SetOnValidationChanged implements fyne.Validatable for the form.
func (f *selectOrCustom) SetOnValidationChanged(cb func(error)) {
	f.custom.SetOnValidationChanged(func(err error) {
		if f.sel.Selected != f.other {
			err = nil
		}
		if cb != nil {
			cb(err)
		}
	})
}

// CreateRenderer stacks the menu over the (usually hidden) custom entry.
func (f *selectOrCustom) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(f.sel, f.custom))
}
