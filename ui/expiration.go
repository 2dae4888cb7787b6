package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// expirationChoice is one entry of the "Delete after" menu: the ISO-8601
// duration the host receives and the label the user reads.
type expirationChoice struct {
	value, key string // the label is the key's text in the catalog
}

// expirationChoices mirrors the hosts' own auto-delete menu. "" is "Never".
var expirationChoices = [...]expirationChoice{
	{"", "expiration.never"},
	{"PT5M", "expiration.PT5M"},
	{"PT15M", "expiration.PT15M"},
	{"PT30M", "expiration.PT30M"},
	{"PT1H", "expiration.PT1H"},
	{"PT3H", "expiration.PT3H"},
	{"PT6H", "expiration.PT6H"},
	{"PT12H", "expiration.PT12H"},
	{"P1D", "expiration.P1D"},
	{"P2D", "expiration.P2D"},
	{"P3D", "expiration.P3D"},
	{"P4D", "expiration.P4D"},
	{"P5D", "expiration.P5D"},
	{"P6D", "expiration.P6D"},
	{"P1W", "expiration.P1W"},
	{"P2W", "expiration.P2W"},
	{"P3W", "expiration.P3W"},
	{"P1M", "expiration.P1M"},
	{"P2M", "expiration.P2M"},
	{"P3M", "expiration.P3M"},
	{"P4M", "expiration.P4M"},
	{"P5M", "expiration.P5M"},
	{"P6M", "expiration.P6M"},
	{"P1Y", "expiration.P1Y"},
}

// expirationField is a Select of the usual durations plus "custom…", which
// reveals an entry checked by uploader.ParseExpiration.
type expirationField struct {
	selectOrCustom
}

var _ fyne.Validatable = (*expirationField)(nil)

func newExpirationField() *expirationField {
	f := &expirationField{selectOrCustom: selectOrCustom{values: map[string]string{}, other: T("expiration.custom")}}
	labels := make([]string, 0, len(expirationChoices)+1)
	for _, c := range expirationChoices {
		l := T(c.key)
		f.values[l] = c.value
		labels = append(labels, l)
	}
	labels = append(labels, f.other)
	f.custom = widget.NewEntry()
	f.custom.SetPlaceHolder(T("expiration.custom.placeholder"))
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
		return errors.New(T("expiration.invalid"))
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
