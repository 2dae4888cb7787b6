package ui

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

func screenKeys() []string {
	keys := slices.Collect(maps.Keys(screenStrings))
	keys = append(keys, slices.Collect(maps.Keys(screenPlurals))...)
	slices.Sort(keys)
	return keys
}

func TestScreenStringsAreAllUsed(t *testing.T) {
	_, used := usedKeys(t)
	if len(used) < 50 {
		t.Fatalf("found only %d keys; the scan is broken", len(used))
	}
	for _, k := range screenKeys() {
		if !used[k] {
			t.Errorf("%q is in the table but not used", k)
		}
		delete(used, k)
	}
	for k := range used {
		t.Errorf("%q is used but has no English text in screenStrings", k)
	}
}

// placeholders lists the {{.Name}} template fields and {name} link/title
// placeholders of a text, which a translation must keep.
var placeholderRE = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}|\{[a-z]+\}`)

func placeholders(s string) []string {
	p := placeholderRE.FindAllString(s, -1)
	slices.Sort(p)
	return p
}

// TestScreenTranslations checks the en/zh/es texts of the settings and
// history windows in assets/translations: every key, English equal to the
// Go fallbacks, the same placeholders, and valid for fyne.
func TestScreenTranslations(t *testing.T) {
	for _, code := range []string{"en", "zh", "es"} {
		t.Run(code, func(t *testing.T) {
			raw, err := assets.Translations.ReadFile("translations/" + code + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var tr map[string]any
			if err := json.Unmarshal(raw, &tr); err != nil {
				t.Fatal(err)
			}
			for _, k := range screenKeys() {
				if _, ok := tr[k]; !ok {
					t.Errorf("%s.json lacks %q", code, k)
				}
			}
			for k, en := range screenStrings {
				s, _ := tr[k].(string)
				if code == "en" && s != en {
					t.Errorf("%s: en.json has %q, the Go table %q", k, s, en)
				}
				if !slices.Equal(placeholders(s), placeholders(en)) {
					t.Errorf("%s: %q keeps placeholders %v, English has %v", k, s, placeholders(s), placeholders(en))
				}
			}
			// SetLanguage also files zh under zh-Hans, which fyne's zh resolves to.
			locales := []fyne.Locale{fyne.Locale(code)}
			if code == "zh" {
				locales = append(locales, "zh-Hans")
			}
			for _, loc := range locales {
				if err := lang.AddTranslationsForLocale(raw, loc); err != nil {
					t.Fatalf("fyne refuses the file: %v", err)
				}
			}
			withLanguage(t, code)
			if got, want := screenText("settings.key.ok"), tr["settings.key.ok"]; got != want {
				t.Errorf("in %s, settings.key.ok = %q, want %q", code, got, want)
			}
		})
	}
}

func TestScreenTextFallbacks(t *testing.T) {
	withLanguage(t, "en")
	tests := []struct{ got, want string }{
		{screenText("settings.hosts.saved", "Name", "work"), "Saved work"},
		{screenText("settings.key.ok"), "Key works — uploads allowed"},
		{screenTextN("history.count", 1), "1 upload"},
		{screenTextN("history.count", 3), "3 uploads"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
