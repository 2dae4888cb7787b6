package ui

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

// catalog reads one language file: key → text, or the plural forms.
func catalog(t *testing.T, code string) (raw []byte, texts map[string][]string) {
	t.Helper()
	raw, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	texts = map[string][]string{}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			texts[k] = []string{s}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Fatalf("%s.json: %s is neither a text nor plural forms", code, k)
		}
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for k := range forms {
				if !yield(k) {
					return
				}
			}
		}) {
			texts[k] = append(texts[k], forms[f])
		}
	}
	return raw, texts
}

func TestCatalogKeysAreAllUsed(t *testing.T) {
	used, _ := usedKeys(t)
	seen := map[string]bool{}
	for _, k := range used {
		seen[k] = true
	}
	_, en := catalog(t, "en")
	for k := range en {
		if !seen[k] {
			t.Errorf("en.json has %q, which no code uses", k)
		}
	}
}

// placeholders lists the {{.Name}} template fields and {name} link/title
// placeholders of a text, which a translation must keep.
var placeholderRE = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}|\{[a-z]+\}`)

func placeholders(texts []string) []string {
	var p []string
	for _, s := range texts {
		p = append(p, placeholderRE.FindAllString(s, -1)...)
	}
	slices.Sort(p)
	return slices.Compact(p)
}

// TestTranslationsKeepPlaceholders checks zh and es against en: the same
// placeholders in every text, and files fyne accepts.
func TestTranslationsKeepPlaceholders(t *testing.T) {
	_, en := catalog(t, "en")
	for _, code := range []string{"zh", "es"} {
		t.Run(code, func(t *testing.T) {
			raw, tr := catalog(t, code)
			for k, texts := range en {
				if got, want := placeholders(tr[k]), placeholders(texts); !slices.Equal(got, want) {
					t.Errorf("%s: keeps placeholders %v, English has %v", k, got, want)
				}
			}
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
			if got, want := T("settings.key.ok"), tr["settings.key.ok"][0]; got != want {
				t.Errorf("in %s, settings.key.ok = %q, want %q", code, got, want)
			}
		})
	}
}

func TestCatalogFallbacks(t *testing.T) {
	withLanguage(t, "en")
	tests := []struct{ got, want string }{
		{T("settings.hosts.saved", "Name", "work"), "Saved work"},
		{T("settings.key.ok"), "Key works — uploads allowed"},
		{TN("history.count", 1), "1 upload"},
		{TN("history.count", 3), "3 uploads"},
		{TN("header.uploading", 2, "Percent", 50), "Uploading 2 files (50% complete)"},
		{english()["banner.test_host"], "Local test host — uploads stay on this computer. Add your host in Settings."},
		{englishPlurals()["notice.links_copied"].One, "{{.Count}} link copied to the clipboard"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
