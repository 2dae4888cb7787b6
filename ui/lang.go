package ui

import (
	"fmt"
	"strings"
	"text/template"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

// Languages lists the language codes SetLanguage accepts besides "" (the
// system locale), in the order a settings screen should offer them.
func Languages() []string { return []string{"en", "zh", "es"} }

// SetLanguage chooses the UI language: "en", "zh", "es", or "" for the
// system locale. Widgets take their text when they are built: call it
// before NewMainWindow, or call the open screens' Relabel after it. It registers Upshot's catalog with fyne's lang package,
// so fyne's own dialogs follow too, and leaves the process environment
// alone (children such as the browser or the hotkey helper keep the
// user's locale).
func SetLanguage(code string) error {
	switch code {
	case "", "en", "zh", "es":
	default:
		return fmt.Errorf("language %q is not available — choose en, zh or es (or leave it empty for the system language)", code)
	}
	// Registering translations makes fyne pick the language from the
	// locale environment again; a forced one is set after it.
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	// fyne ships its own strings as zh-Hans, which a "zh" locale resolves to
	// first; merge ours into that tag too so that both sets are found.
	zh, err := assets.Translations.ReadFile("translations/zh.json")
	if err == nil {
		err = lang.AddTranslationsForLocale(zh, fyne.Locale("zh-Hans"))
	}
	if err != nil {
		return fmt.Errorf("load zh translations: %w", err)
	}
	if code != "" {
		forceLanguage(fyneTag(code))
	}
	return nil
}

// fyneTag is the tag fyne files a language's strings under.
func fyneTag(code string) string {
	if code == "zh" {
		return "zh-Hans"
	}
	return code
}

// data builds the template data map for lang.X from name/value pairs.
func data(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// CurrentLanguage is the code of the language the catalog speaks now:
// the chosen one, or the system's when none was chosen ("en" when the
// system's is not one of Upshot's).
func CurrentLanguage() string { return T("language.code") }

// englishNames are the languages' names in English, for the one text that
// must not be in the language it is about.
var englishNames = map[string]string{"en": "English", "zh": "Chinese", "es": "Spanish"}

// FontWarning says that code's text cannot be drawn for want of a font
// and which package to install. It is always in English: the language it
// is about is the one that cannot be drawn.
func FontWarning(code string) string {
	return englishText("warning.font", "Language", englishNames[code])
}

// englishText is en.json's text of key filled with kv, whatever the
// current language.
func englishText(key string, kv ...any) string {
	t, err := template.New(key).Parse(english()[key])
	if err != nil {
		return english()[key]
	}
	var b strings.Builder
	if t.Execute(&b, data(kv...)) != nil {
		return english()[key]
	}
	return b.String()
}
