package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// maxProfileJobs is the most parallel uploads a profile may ask for (the
// profile package refuses more).
const maxProfileJobs = 16

// linkFormatField is a Select of the built-in link formats plus "Custom
// template…", which reveals an entry checked by uploader.ValidateLinkFormat.
// With inherit it also offers "Same as the app setting" (the value "").
type linkFormatField struct {
	selectOrCustom
	// changed reports a valid choice; typed says it comes from a keystroke
	// in the template entry (more may follow), not from the menu.
	changed func(format string, typed bool)
}

var _ fyne.Validatable = (*linkFormatField)(nil)

func newLinkFormatField(inherit bool) *linkFormatField {
	f := &linkFormatField{selectOrCustom: selectOrCustom{values: map[string]string{}, other: screenText("settings.format.custom")}}
	var labels []string
	if inherit {
		l := screenText("settings.format.inherit")
		f.values[l] = ""
		labels = append(labels, l)
	}
	builtin, names := formatMenu(uploader.FormatURL) // a built-in: no custom entry
	for _, l := range builtin {
		f.values[l] = names[l]
	}
	labels = append(labels, builtin...)
	labels = append(labels, f.other)
	f.custom = widget.NewEntry()
	f.custom.SetPlaceHolder("[{title}]({url}) {width}×{height}")
	f.custom.Validator = validateLinkTemplate
	f.custom.Hide()
	f.custom.OnChanged = func(string) { f.notify(true) }
	f.sel = widget.NewSelect(labels, nil)
	f.sel.SetSelected(labels[0])
	f.sel.OnChanged = f.onSelect
	f.ExtendBaseWidget(f)
	return f
}

func validateLinkTemplate(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New(screenText("settings.format.empty"))
	}
	if err := uploader.ValidateLinkFormat(strings.TrimSpace(s)); err != nil {
		return errors.New(screenText("settings.format.invalid"))
	}
	return nil
}

func (f *linkFormatField) onSelect(label string) {
	f.reveal(label)
	f.notify(false)
}

// notify reports a valid choice to the owner.
func (f *linkFormatField) notify(typed bool) {
	if v, err := f.value(); err == nil && f.changed != nil {
		f.changed(v, typed)
	}
}

// set shows a stored format without reporting a change.
func (f *linkFormatField) set(v string) {
	changed := f.changed
	f.changed = nil
	defer func() { f.changed = changed }()
	if _, inherit := f.valueLabel(""); v == "" && !inherit {
		v = uploader.FormatURL // what an unset app-wide format means
	}
	if label, ok := f.valueLabel(v); ok {
		f.sel.SetSelected(label)
		return
	}
	f.custom.SetText(v)
	f.sel.SetSelected(f.other)
}

// valueLabel is the menu label of a format value, if the menu has it.
func (f *linkFormatField) valueLabel(v string) (string, bool) {
	for label, val := range f.values {
		if val == v && label != f.other {
			return label, true
		}
	}
	return "", false
}

// validateHost accepts what uploader.NormalizeEndpoint accepts.
func validateHost(s string) error {
	if _, err := uploader.NormalizeEndpoint(s); err != nil {
		return errors.New(screenText("settings.host.invalid"))
	}
	return nil
}

// parseMaxSize reads the size limit; empty is no limit.
func parseMaxSize(s string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	n, err := uploader.ParseSize(s)
	if err != nil {
		return 0, errors.New(screenText("settings.size.invalid"))
	}
	return n, nil
}

func validateMaxSize(s string) error {
	_, err := parseMaxSize(s)
	return err
}

// sizeFieldText shows a limit so that saving it again keeps the same
// number of bytes: "5 MB" when that is exact, else the bytes.
func sizeFieldText(n int64) string {
	if n <= 0 {
		return ""
	}
	if s := uploader.FormatSize(n); mustParseSize(s) == n {
		return s
	}
	return strconv.FormatInt(n, 10)
}

func mustParseSize(s string) int64 {
	n, _ := uploader.ParseSize(s)
	return n
}

// parseJobs reads 1–16 parallel uploads; empty follows the app.
func parseJobs(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxProfileJobs {
		return 0, errors.New(screenText("settings.jobs.invalid"))
	}
	return n, nil
}

func validateJobs(s string) error {
	_, err := parseJobs(s)
	return err
}

// validateTitleTemplate accepts the placeholders profile.Normalize accepts.
func validateTitleTemplate(s string) error {
	p := profile.Profile{Name: "x", Host: "https://example.com", TitleTemplate: strings.TrimSpace(s)}
	if _, err := p.Normalize(); err != nil {
		return errors.New(screenText("settings.title_template.invalid"))
	}
	return nil
}

// nameValidator checks a profile name and that no other profile has it.
func nameValidator(taken func(name string) bool) func(string) error {
	return func(s string) error {
		switch {
		case s == "":
			return errors.New(screenText("settings.name.empty"))
		case taken(s):
			return errors.New(screenText("settings.name.taken"))
		}
		p := profile.Profile{Name: s, Host: "https://example.com"}
		if _, err := p.Normalize(); err != nil {
			return errors.New(screenText("settings.name.invalid"))
		}
		return nil
	}
}

// withValidator sets the entry's validator and returns the entry.
func withValidator(e *widget.Entry, v fyne.StringValidator) *widget.Entry {
	e.Validator = v
	return e
}

// noteField is an entry (possibly with buttons beside it: line) and a note
// under it, e.g. "not encrypted". It is Validatable through its entry, so
// a form shows the entry's errors.
type noteField struct {
	widget.BaseWidget
	entry *widget.Entry
	line  fyne.CanvasObject // the entry, or a row that holds it
	note  fyne.CanvasObject
}

var _ fyne.Validatable = (*noteField)(nil)

// newNoteField shows line (nil: the entry alone) over note.
func newNoteField(entry *widget.Entry, line, note fyne.CanvasObject) *noteField {
	if line == nil {
		line = entry
	}
	f := &noteField{entry: entry, line: line, note: note}
	f.ExtendBaseWidget(f)
	return f
}

// Validate implements fyne.Validatable.
func (f *noteField) Validate() error { return f.entry.Validate() }

// SetOnValidationChanged implements fyne.Validatable.
func (f *noteField) SetOnValidationChanged(cb func(error)) { f.entry.SetOnValidationChanged(cb) }

// CreateRenderer stacks the entry's line over its note.
func (f *noteField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(f.line, f.note))
}
