package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// optionFields are the upload options a user sets by hand: in the main
// window for the next batch and in the host editor as a profile's
// defaults. Both forms embed the one set, so they show the same entries,
// words and checks. The title is not part of it: the main window asks for
// a title, the host editor for a title template, checked differently.
type optionFields struct {
	description *widget.Entry
	tags        *widget.Entry
	album       *widget.Entry
	category    *widget.Entry
	width       *widget.Entry
	expiration  *expirationField
	nsfw        *widget.Check
}

func newOptionFields() optionFields {
	f := optionFields{
		description: widget.NewMultiLineEntry(),
		tags:        widget.NewEntry(),
		album:       widget.NewEntry(),
		category:    numberEntry(T("options.category.invalid")),
		width:       numberEntry(T("options.width.invalid")),
		expiration:  newExpirationField(),
		nsfw:        widget.NewCheck(T("options.nsfw"), nil),
	}
	f.description.SetMinRowsVisible(2)
	return f
}

// optionItems are the fields' form rows, in the order both forms show them.
func (f *optionFields) optionItems() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: T("options.description"), Widget: f.description},
		{Text: T("options.tags"), Widget: f.tags,
			HintText: T("options.tags.hint")},
		{Text: T("options.album"), Widget: f.album,
			HintText: T("options.album.hint")},
		{Text: T("options.category"), Widget: f.category,
			HintText: T("options.category.hint")},
		{Text: T("options.width"), Widget: f.width,
			HintText: T("options.width.hint")},
		{Text: T("options.expiration"), Widget: f.expiration,
			HintText: T("options.expiration.hint")},
		{Text: "", Widget: f.nsfw},
	}
}

// showOptions puts o's values in the fields (o.Title and o.UseFileDate
// have no field here).
func (f *optionFields) showOptions(o uploader.Options) {
	f.description.SetText(o.Description)
	f.tags.SetText(strings.Join(o.Tags, ", "))
	f.album.SetText(o.AlbumID)
	f.category.SetText(itoaOrEmpty(o.CategoryID))
	f.width.SetText(itoaOrEmpty(o.Width))
	f.expiration.set(o.Expiration)
	f.nsfw.SetChecked(o.NSFW)
}

// readOptions stores the fields' values in o, leaving the rest of o as it
// is. An invalid field is stored as zero and its error returned, in form
// order (category, width, expiration).
func (f *optionFields) readOptions(o *uploader.Options) []error {
	o.Description = strings.TrimSpace(f.description.Text)
	o.Tags = splitTags(f.tags.Text)
	o.AlbumID = strings.TrimSpace(f.album.Text)
	o.NSFW = f.nsfw.Checked
	var errs []error
	var err error
	if o.CategoryID, err = parseCount(f.category); err != nil {
		errs = append(errs, err)
	}
	if o.Width, err = parseCount(f.width); err != nil {
		errs = append(errs, err)
	}
	if o.Expiration, err = f.expiration.value(); err != nil {
		errs = append(errs, err)
	}
	return errs
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
