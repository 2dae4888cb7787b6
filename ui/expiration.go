package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// expirationChoice is one entry of the "Delete after" menu: the ISO-8601
// duration the host receives and the label the user reads.
type expirationChoice struct {
	value, key, label string
}

// expirationChoices mirrors the hosts' own auto-delete menu. "" is "Never".
var expirationChoices = [...]expirationChoice{
	{"", "expiration.never", "Never"},
	{"PT5M", "expiration.PT5M", "5 minutes"},
	{"PT15M", "expiration.PT15M", "15 minutes"},
	{"PT30M", "expiration.PT30M", "30 minutes"},
	{"PT1H", "expiration.PT1H", "1 hour"},
	{"PT3H", "expiration.PT3H", "3 hours"},
	{"PT6H", "expiration.PT6H", "6 hours"},
	{"PT12H", "expiration.PT12H", "12 hours"},
	{"P1D", "expiration.P1D", "1 day"},
	{"P2D", "expiration.P2D", "2 days"},
	{"P3D", "expiration.P3D", "3 days"},
	{"P4D", "expiration.P4D", "4 days"},
	{"P5D", "expiration.P5D", "5 days"},
	{"P6D", "expiration.P6D", "6 days"},
	{"P1W", "expiration.P1W", "1 week"},
	{"P2W", "expiration.P2W", "2 weeks"},
	{"P3W", "expiration.P3W", "3 weeks"},
	{"P1M", "expiration.P1M", "1 month"},
	{"P2M", "expiration.P2M", "2 months"},
	{"P3M", "expiration.P3M", "3 months"},
	{"P4M", "expiration.P4M", "4 months"},
	{"P5M", "expiration.P5M", "5 months"},
	{"P6M", "expiration.P6M", "6 months"},
	{"P1Y", "expiration.P1Y", "1 year"},
}

// expirationField is a Select of the usual durations plus "custom…", which
// reveals an entry checked by uploader.ParseExpiration.
type expirationField struct {
	selectOrCustom
}

var _ fyne.Validatable = (*expirationField)(nil)

func newExpirationField() *expirationField {
	f := &expirationField{selectOrCustom: selectOrCustom{values: map[string]string{}, other: lang.X("expiration.custom", "Custom…")}}
	labels := make([]string, 0, len(expirationChoices)+1)
	for _, c := range expirationChoices {
		l := lang.X(c.key, c.label)
		f.values[l] = c.value
		labels = append(labels, l)
	}
	labels = append(labels, f.other)
	f.custom = widget.NewEntry()
	f.custom.SetPlaceHolder(lang.X("expiration.custom.placeholder", "e.g. PT90M, P10D or seconds"))
	f.custom.Validator = validateExpiration
	f.custom.Hide()
	f.sel = widget.NewSelect(labels, f.reveal)
	f.sel.SetSelected(labels[0])
	f.ExtendBaseWidget(f)
	return f
}

func validateExpiration(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if _, err := uploader.ParseExpiration(strings.TrimSpace(s)); err != nil {
		return errors.New(lang.X("expiration.invalid", "Use a duration such as PT30M or P3D, or a number of seconds"))
	}
	return nil
}

// set shows a stored value: a menu entry when it is one, else custom.
func (f *expirationField) set(v string) {
	for label, val := range f.values {
		if strings.EqualFold(val, v) {
			f.sel.SetSelected(label)
			f.custom.SetText("")
			return
		}
	}
	f.sel.SetSelected(f.other)
	f.custom.SetText(v)
}
