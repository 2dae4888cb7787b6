package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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
	description *widget.Entry
	tags        *widget.Entry
	album       *widget.Entry
	category    *widget.Entry
	width       *widget.Entry
	expiration  *expirationField
	nsfw        *widget.Check

	form      *widget.Form
	accordion *widget.Accordion
}

func newBatchOptions(d Deps) *batchOptions {
	b := &batchOptions{d: d, profileName: map[string]string{}}
	b.title = widget.NewEntry()
	b.description = widget.NewMultiLineEntry()
	b.description.SetMinRowsVisible(2)
	b.tags = widget.NewEntry()
	b.album = widget.NewEntry()
	b.category = numberEntry(lang.X("options.category.invalid", "Enter the category as a number, e.g. 3"))
	b.width = numberEntry(lang.X("options.width.invalid", "Enter the width as a whole number of pixels, e.g. 1280"))
	b.expiration = newExpirationField()
	b.nsfw = widget.NewCheck(lang.X("options.nsfw", "Not safe for work (NSFW)"), nil)
	b.profile = widget.NewSelect(b.profileLabels(), b.onProfile)

	b.form = widget.NewForm(
		&widget.FormItem{Text: lang.X("options.profile", "Profile"), Widget: b.profile},
		&widget.FormItem{Text: lang.X("options.title", "Title"), Widget: b.title},
		&widget.FormItem{Text: lang.X("options.description", "Description"), Widget: b.description},
		&widget.FormItem{Text: lang.X("options.tags", "Tags"), Widget: b.tags,
			HintText: lang.X("options.tags.hint", "Separate tags with commas")},
		&widget.FormItem{Text: lang.X("options.album", "Album"), Widget: b.album,
			HintText: lang.X("options.album.hint", "Album ID from the host, e.g. mq")},
		&widget.FormItem{Text: lang.X("options.category", "Category"), Widget: b.category,
			HintText: lang.X("options.category.hint", "Category ID (a number)")},
		&widget.FormItem{Text: lang.X("options.width", "Width"), Widget: b.width,
			HintText: lang.X("options.width.hint", "Resize to this width in pixels")},
		&widget.FormItem{Text: lang.X("options.expiration", "Delete after"), Widget: b.expiration,
			HintText: lang.X("options.expiration.hint", "The host deletes the files after this time")},
		&widget.FormItem{Text: "", Widget: b.nsfw},
	)
	b.accordion = widget.NewAccordion(widget.NewAccordionItem(lang.X("options.heading", "Upload options"), b.form))
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
		return lang.X("options.profile.default", "Default profile")
	}
	return name
}

func (b *batchOptions) currentProfileDefault() string {
	if b.d.Profile == nil {
		return ""
	}
	return b.d.Profile()
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
	b.description.SetText(o.Description)
	b.tags.SetText(strings.Join(o.Tags, ", "))
	b.album.SetText(o.AlbumID)
	b.category.SetText(itoaOrEmpty(o.CategoryID))
	b.width.SetText(itoaOrEmpty(o.Width))
	b.expiration.set(o.Expiration)
	b.nsfw.SetChecked(o.NSFW)
}

// Profile is the profile the next items go to.
func (b *batchOptions) Profile() string { return b.profileName[b.profile.Selected] }

// Options returns the valid options and the errors of the fields it left out.
func (b *batchOptions) Options() (uploader.Options, []error) {
	var errs []error
	o := uploader.Options{
		Title:       strings.TrimSpace(b.title.Text),
		Description: strings.TrimSpace(b.description.Text),
		Tags:        splitTags(b.tags.Text),
		AlbumID:     strings.TrimSpace(b.album.Text),
		NSFW:        b.nsfw.Checked,
	}
	var err error
	if o.CategoryID, err = parseCount(b.category); err != nil {
		errs = append(errs, err)
	}
	if o.Width, err = parseCount(b.width); err != nil {
		errs = append(errs, err)
	}
	if o.Expiration, err = b.expiration.value(); err != nil {
		errs = append(errs, err)
	}
	return o, errs
}

// numberEntry is an entry for a non-negative whole number; empty is fine.
func numberEntry(msg string) *widget.Entry {
	e := widget.NewEntry()
	e.Validator = func(s string) error {
		if _, err := atoiCount(s); err != nil {
			return errors.New(msg)
		}
		return nil
	}
	return e
}

func atoiCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("not a whole number")
	}
	return n, nil
}

func parseCount(e *widget.Entry) (int, error) {
	if err := e.Validate(); err != nil {
		return 0, err
	}
	return atoiCount(e.Text)
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
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
