package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// batchOptions is the collapsed "Upload options" panel: the options the next
// drop, paste or browse is queued with. It starts from the profile's
// defaults; invalid fields show an inline error and are left out (the
// queue then falls back to the profile's default for that field).
type batchOptions struct {
	d Deps

	profile     *widget.Select
	profileName map[string]string // Select label → profile name
	title       *widget.Entry

	optionFields // description … NSFW: the same fields as the host editor's

	form      *widget.Form
	accordion *widget.Accordion
}

func newBatchOptions(d Deps) *batchOptions {
	b := &batchOptions{d: d, profileName: map[string]string{}, optionFields: newOptionFields()}
	b.title = widget.NewEntry()
	b.profile = widget.NewSelect(b.profileLabels(), b.onProfile)

	b.form = widget.NewForm(append([]*widget.FormItem{
		{Text: T("options.profile"), Widget: b.profile},
		{Text: T("options.title"), Widget: b.title},
	}, b.optionItems()...)...)
	b.accordion = widget.NewAccordion(widget.NewAccordionItem(T("options.heading"), b.form))
	b.profile.SetSelected(b.labelFor(b.currentProfileDefault()))
	return b
}

// profileLabels lists the profiles for the Select, "" shown as "Default".
func (b *batchOptions) profileLabels() []string {
	names := []string{""}
	if b.d.Profiles != nil {
		names = b.d.Profiles()
	}
	if cur := b.currentProfileDefault(); !contains(names, cur) {
		names = append([]string{cur}, names...)
	}
	labels := make([]string, 0, len(names))
	for _, n := range names {
		label := b.labelFor(n)
		b.profileName[label] = n
		labels = append(labels, label)
	}
	return labels
}

func (b *batchOptions) labelFor(name string) string {
	if name == "" {
		return T("options.profile.default")
	}
	return name
}

func (b *batchOptions) currentProfileDefault() string {
	if b.d.Profile == nil {
		return ""
	}
	return b.d.Profile()
}

// refreshProfiles re-reads the profile list, keeping the choice (and the
// fields the user filled in) when that profile still exists.
func (b *batchOptions) refreshProfiles() {
	chosen := b.Profile()
	b.profileName = map[string]string{}
	b.profile.Options = b.profileLabels()
	if label := b.labelFor(chosen); contains(b.profile.Options, label) {
		b.profile.Refresh()
		return
	}
	b.profile.SetSelected(b.labelFor(b.currentProfileDefault()))
}

// onProfile loads the chosen profile's defaults into the fields.
func (b *batchOptions) onProfile(label string) {
	var o uploader.Options
	if b.d.Defaults != nil {
		o = b.d.Defaults(b.profileName[label])
	}
	b.load(o)
}

func (b *batchOptions) load(o uploader.Options) {
	b.title.SetText(o.Title)
	b.showOptions(o)
}

// Profile is the profile the next items go to.
func (b *batchOptions) Profile() string { return b.profileName[b.profile.Selected] }

// Options returns the valid options and the errors of the fields it left out.
func (b *batchOptions) Options() (uploader.Options, []error) {
	o := uploader.Options{Title: strings.TrimSpace(b.title.Text)}
	errs := b.readOptions(&o)
	return o, errs
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Validate reports the first invalid field, for the panel as a whole.
func (b *batchOptions) Validate() error {
	_, errs := b.Options()
	return errors.Join(errs...)
}

// object is the panel's canvas object.
func (b *batchOptions) object() fyne.CanvasObject { return container.NewPadded(b.accordion) }
