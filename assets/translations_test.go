package assets

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// catalog is one translations/*.json: plain texts, and counted texts as
// their plural forms.
type catalog map[string][]string

// loadCatalog reads translations/name.json; a counted text's forms are
// listed one, few, many, other in that order (those present).
func loadCatalog(t *testing.T, name string) catalog {
	t.Helper()
	raw, err := Translations.ReadFile("translations/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	out := catalog{}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = []string{s}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Fatalf("%s.json %q: neither a text nor plural forms: %v", name, k, err)
		}
		for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
			if s, ok := forms[f]; ok {
				out[k] = append(out[k], s)
			}
		}
	}
	return out
}

// sameAsEnglish are the words a translation may keep from English: names
// and units that every language writes the same. A text made only of
// these (and placeholders, digits, punctuation) may equal the English one.
var sameAsEnglish = map[string]bool{
	"Upshot": true, "URL": true, "PNG": true, "BBCode": true, "HTML": true, "Markdown": true,
	"MB": true, "KB": true, "px": true, "h": true, "min": true, "s": true,
}

// sameAsEnglishIn are words that are the same in one language only,
// reviewed one by one.
var sameAsEnglishIn = map[string]map[string]bool{
	"es": {"General": true}, // the Settings tab: "General" is the Spanish word too
}

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

// mayEqualEnglish reports whether text may stay as in English in lang.
func mayEqualEnglish(lang, text string) bool {
	words := strings.FieldsFunc(placeholder.ReplaceAllString(text, " "), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if !sameAsEnglish[w] && !sameAsEnglishIn[lang][w] {
			return false
		}
	}
	return true
}

// TestCatalogsTranslated walks en.json: every key is in zh and es, with
// the same placeholders, and translated — only a text made of names and
// units (sameAsEnglish) may read as in English.
func TestCatalogsTranslated(t *testing.T) {
	en := loadCatalog(t, "en")
	if len(en) < 100 {
		t.Fatalf("en.json has only %d keys", len(en))
	}
	for _, lang := range []string{"zh", "es"} {
		other := loadCatalog(t, lang)
		for key, forms := range en {
			got, ok := other[key]
			if !ok {
				t.Errorf("%s.json lacks %q (en: %q)", lang, key, forms[len(forms)-1])
				continue
			}
			want := placeholders(forms[len(forms)-1])
			for _, s := range got {
				if s == "" {
					t.Errorf("%s.json %q is empty", lang, key)
				}
				if p := placeholders(s); !slices.Equal(p, want) {
					t.Errorf("%s.json %q has placeholders %v, en has %v: %q", lang, key, p, want, s)
				}
				if slices.Contains(forms, s) && !mayEqualEnglish(lang, s) {
					t.Errorf("%s.json %q is still English: %q", lang, key, s)
				}
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", lang, key)
			}
		}
	}
}

// placeholders are the sorted distinct {{.Name}} fields of s.
func placeholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

func TestMayEqualEnglish(t *testing.T) {
	for text, want := range map[string]bool{
		"Upshot": true, "{{.Width}} px": true, "{{.M}} min {{.S}} s": true, "BBCode": true,
		"Upload complete": false, "{{.File}}: {{.Error}}": true, "Copy all": false, "General": false,
	} {
		if got := mayEqualEnglish("zh", text); got != want {
			t.Errorf("mayEqualEnglish(zh, %q) = %v, want %v", text, got, want)
		}
	}
	if !mayEqualEnglish("es", "General") {
		t.Error(`"General" is Spanish too`)
	}
}

// cjk is a Han character or CJK (full-width) punctuation.
const cjk = `[\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}“”‘’]`

var (
	// asciiByCJK is ASCII punctuation that touches Chinese text: Chinese
	// writes it full width (，。：！？（）).
	asciiByCJK = regexp.MustCompile(cjk + `[.,:;!?()]|[.,:;!?()]` + cjk)
	// spaceInHan is a space between two Han characters: a leftover of
	// markup that was stripped ("没有 文件被上传").
	spaceInHan = regexp.MustCompile(`\p{Han} +\p{Han}`)
)

// TestChinesePunctuation checks that zh.json writes Chinese as Chinese:
// full-width punctuation, no stray spaces inside a sentence.
func TestChinesePunctuation(t *testing.T) {
	for key, forms := range loadCatalog(t, "zh") {
		for _, s := range forms {
			if m := asciiByCJK.FindString(s); m != "" {
				t.Errorf("zh.json %q: ASCII punctuation next to Chinese (%q; use ，。：；！？（）): %q", key, m, s)
			}
			if m := spaceInHan.FindString(s); m != "" {
				t.Errorf("zh.json %q: a space between Chinese characters (%q): %q", key, m, s)
			}
			if strings.Contains(s, " —") || strings.Contains(s, "— ") {
				if !strings.HasPrefix(key, "window.") { // "Upshot — 设置" keeps the titles' shape
					t.Errorf("zh.json %q: a spaced English dash; Chinese writes ——: %q", key, s)
				}
			}
		}
	}
}

func TestChinesePunctuationCheck(t *testing.T) {
	bad := []string{"没有 文件被上传", "检查 错误报告 更多信息.", "注意:部分", "BBCode(缩略图)", "删除 {{.Name}}?其"}
	for _, s := range bad {
		if !asciiByCJK.MatchString(s) && !spaceInHan.MatchString(s) {
			t.Errorf("%q passes the check", s)
		}
	}
	good := []string{"没有文件被上传", "上传 3 个文件（已完成 50%）", "注意：部分文件无法上传。", "例如 https://img.example.com（仅限 https://）", "{{.Name}} 的链接"}
	for _, s := range good {
		if asciiByCJK.MatchString(s) || spaceInHan.MatchString(s) {
			t.Errorf("%q fails the check", s)
		}
	}
}
