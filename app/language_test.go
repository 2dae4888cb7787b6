package main

import (
	"strings"
	"testing"

	"github.com/upshot-app/upshot/ui"
)

// fakeFonts answers HasFont from a table and counts the questions.
type fakeFonts struct {
	has   map[string]bool // absent: cannot tell
	asked int
}

func (f *fakeFonts) HasFont(lang string) (has, known bool) {
	f.asked++
	has, known = f.has[lang]
	return has, known
}

func TestFontWarning(t *testing.T) {
	t.Cleanup(func() { _ = ui.SetLanguage("en") })
	cases := []struct {
		name, lang string
		has        map[string]bool
		warn       bool
	}{
		{"zh without a font", "zh", map[string]bool{"zh": false}, true},
		{"zh with a font", "zh", map[string]bool{"zh": true}, false},
		{"cannot tell", "zh", map[string]bool{}, false},
		{"Spanish", "es", map[string]bool{"zh": false, "es": true}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := ui.SetLanguage(c.lang); err != nil {
				t.Fatal(err)
			}
			fonts := &fakeFonts{has: c.has}
			g := &gui{fonts: fonts}
			w := g.fontWarning()
			if got := w != ""; got != c.warn {
				t.Fatalf("warning %q, want one: %v", w, c.warn)
			}
			if c.warn && (!strings.Contains(w, "fonts-noto-cjk") || !strings.Contains(w, "Chinese")) {
				t.Errorf("warning %q does not say what to install", w)
			}
			_, warnings := g.notices()
			if (len(warnings) == 1) != c.warn {
				t.Errorf("the main window's warnings are %q", warnings)
			}
			if fonts.asked != 1 {
				t.Errorf("fonts asked %d times, want once", fonts.asked)
			}
		})
	}
}

func TestForcedLanguage(t *testing.T) {
	for env, want := range map[string]string{"zh": "zh", "es": "es", "": "", "fr": "", "zh_CN.UTF-8": ""} {
		t.Setenv("UPSHOT_LANG", env)
		if got := forcedLanguage(); got != want {
			t.Errorf("UPSHOT_LANG=%q: forced %q, want %q", env, got, want)
		}
	}
}
