package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
)

// screenKeysUsed collects the literal keys of screenText/screenTextN calls
// in the settings and history sources.
func screenKeysUsed(t *testing.T) map[string]bool {
	t.Helper()
	var files []string
	for _, pat := range []string{"settings*.go", "history*.go"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || (id.Name != "screenText" && id.Name != "screenTextN") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: %s called with a computed key; keys must be literals", fset.Position(call.Pos()), id.Name)
				return true
			}
			k, _ := strconv.Unquote(lit.Value)
			used[k] = true
			return true
		})
	}
	return used
}

func screenKeys() []string {
	keys := slices.Collect(maps.Keys(screenStrings))
	keys = append(keys, slices.Collect(maps.Keys(screenPlurals))...)
	slices.Sort(keys)
	return keys
}

func TestScreenStringsAreAllUsed(t *testing.T) {
	used := screenKeysUsed(t)
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

// TestScreenTranslations checks the en/zh/es texts handed to the lead for
// assets/translations: every key, English equal to the Go fallbacks, the
// same placeholders, valid for fyne, and equal to what the asset files
// already hold once they are merged.
func TestScreenTranslations(t *testing.T) {
	for _, code := range []string{"en", "zh", "es"} {
		t.Run(code, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "settings_strings_"+code+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var tr map[string]any
			if err := json.Unmarshal(raw, &tr); err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(maps.Keys(tr)); !slices.Equal(got, screenKeys()) {
				t.Errorf("keys differ from the English table:\ngot  %v\nwant %v", got, screenKeys())
			}
			for k, en := range screenStrings {
				s, _ := tr[k].(string)
				if code == "en" && s != en {
					t.Errorf("%s: en.json fragment has %q, the Go table %q", k, s, en)
				}
				if !slices.Equal(placeholders(s), placeholders(en)) {
					t.Errorf("%s: %q keeps placeholders %v, English has %v", k, s, placeholders(s), placeholders(en))
				}
			}
			checkMergedAssets(t, code, tr)
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
			screenLanguage(t, code)
			if got, want := screenText("settings.key.ok"), tr["settings.key.ok"]; got != want {
				t.Errorf("in %s, settings.key.ok = %q, want %q", code, got, want)
			}
		})
	}
}

// checkMergedAssets compares with keys the asset file already has.
func checkMergedAssets(t *testing.T, code string, tr map[string]any) {
	t.Helper()
	raw, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var have map[string]any
	if err := json.Unmarshal(raw, &have); err != nil {
		t.Fatal(err)
	}
	for k, v := range tr {
		if old, ok := have[k]; ok && !reflect.DeepEqual(old, v) {
			t.Errorf("%s.json already has %q = %v, different from %v", code, k, old, v)
		}
	}
}

func TestScreenTextFallbacks(t *testing.T) {
	screenLanguage(t, "en")
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
