package ui

import (
	"encoding/json"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

// T is the text of key in the current language, from the one string
// catalog (assets/translations); kv are template name/value pairs, e.g.
// T("notice.link_copied", "Name", "shot.png"). Where a language lacks the
// key, or before SetLanguage registered the catalog, the English text of
// en.json stands in. The app (tray, banners, notices, window titles) uses it
// too, so that every user-facing string has one home.
func T(key string, kv ...any) string {
	if len(kv) == 0 {
		return lang.X(key, english()[key])
	}
	return lang.X(key, english()[key], data(kv...))
}

// TN is T for a counted text: {{.Count}} is n, and the language's plural
// rules pick the form.
func TN(key string, n int, kv ...any) string {
	forms := englishPlurals()[key]
	fallback := forms.Other
	if n == 1 {
		fallback = forms.One
	}
	return lang.XN(key, fallback, n, data(append([]any{"Count", n}, kv...)...))
}

// pluralForms are the English one/other forms of a counted text.
type pluralForms struct{ One, Other string }

// catalogEN is en.json, read once: embedded data, fixed at build time.
var catalogEN = sync.OnceValue(func() map[string]json.RawMessage {
	raw, err := assets.Translations.ReadFile("translations/en.json")
	if err != nil {
		panic("assets/translations/en.json is not embedded: " + err.Error())
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		panic("assets/translations/en.json: " + err.Error())
	}
	return m
})

// english is en.json's plain texts by key.
func english() map[string]string {
	return englishTexts()
}

var englishTexts = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for k, v := range catalogEN() {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		}
	}
	return out
})

// englishPlurals is en.json's counted texts by key.
var englishPlurals = sync.OnceValue(func() map[string]pluralForms {
	out := map[string]pluralForms{}
	for k, v := range catalogEN() {
		var f pluralForms
		if json.Unmarshal(v, &f) == nil && f.Other != "" {
			out[k] = f
		}
	}
	return out
})
