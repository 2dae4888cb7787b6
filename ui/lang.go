package ui

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

// Languages lists the language codes SetLanguage accepts besides "" (the
// system locale), in the order a settings screen should offer them.
func Languages() []string { return []string{"en", "zh", "es"} }

// localeVars are the variables fyne's locale lookup reads on Unix, in the
// order it reads them: the first non-empty of the first three decides, and
// LANGUAGE (a colon list) wins unless that one is "C" or "POSIX".
var localeVars = [...]string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}

// systemLocale is the process environment's locale as it was at start, so
// that SetLanguage("") can go back to it after a forced language. It is
// written once at package init and only read afterwards.
var systemLocale = func() map[string]*string {
	env := map[string]*string{}
	for _, k := range localeVars {
		if v, ok := os.LookupEnv(k); ok {
			env[k] = &v
		}
	}
	return env
}()

// SetLanguage chooses the UI language: "en", "zh", "es", or "" for the
// system locale. Call it before NewMainWindow: widgets take their text when
// they are built. It registers Upshot's translations with fyne's lang
// package (so fyne's own dialogs follow too).
//
// fyne picks its language from the locale environment only, so forcing a
// language sets LANGUAGE (and, when the locale is "C"/"POSIX", which would
// make LANGUAGE ignored, that variable too) for this process.
func SetLanguage(code string) error {
	switch code {
	case "":
		restoreSystemLocale()
	case "en", "zh", "es":
		forceLocale(code)
	default:
		return fmt.Errorf("language %q is not available — choose en, zh or es (or leave it empty for the system language)", code)
	}
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
	return nil
}

func forceLocale(code string) {
	_ = os.Setenv("LANGUAGE", code)
	for _, k := range localeVars[:3] {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" {
			_ = os.Setenv(k, code)
		}
		return
	}
}

func restoreSystemLocale() {
	for _, k := range localeVars {
		if v, ok := systemLocale[k]; ok {
			_ = os.Setenv(k, *v)
		} else {
			_ = os.Unsetenv(k)
		}
	}
}

// data builds the template data map for lang.X from name/value pairs.
func data(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}
