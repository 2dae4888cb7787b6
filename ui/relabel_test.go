package ui

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// shownTexts walks o's visible tree (containers and widget renderers) and
// returns every text drawn.
func shownTexts(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []string
	switch x := o.(type) {
	case *canvas.Text:
		if strings.TrimSpace(x.Text) != "" {
			out = append(out, x.Text)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, shownTexts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, shownTexts(c)...)
		}
	}
	return out
}

// notWords are what a text may hold in Latin letters whatever the
// language: links, file names, sizes, names of formats and of the app.
var (
	notWords      = regexp.MustCompile(`https?://\S+|\S+\.(jpg|png|mp4|gif)\b|\d+(\.\d+)? ?(MB|KB|B)\b`)
	latinWord     = regexp.MustCompile(`[A-Za-z]{2,}[0-9]*`)
	sameEverywere = map[string]bool{"Upshot": true, "JPG": true, "PNG": true, "BMP": true, "GIF": true,
		"WEBP": true, "AVIF": true, "MOV": true, "MP4": true, "WEBM": true, "URL": true, "HTTP": true}
)

// englishLeft lists the texts of texts that still hold an English word.
func englishLeft(texts []string) []string {
	var left []string
	for _, s := range texts {
		for _, w := range latinWord.FindAllString(notWords.ReplaceAllString(s, " "), -1) {
			if !sameEverywere[w] {
				left = append(left, s)
				break
			}
		}
	}
	return left
}

func TestEnglishLeftCheck(t *testing.T) {
	got := englishLeft([]string{"上传完毕", "beach.jpg", "2.4 MB", "已上传 · https://img.test/a.png", "Copy all", "JPG PNG", "Upshot", "全部 Retry"})
	if strings.Join(got, "|") != "Copy all|全部 Retry" {
		t.Errorf("englishLeft = %q", got)
	}
}

// TestLanguageSwitchIsLive switches English to Chinese in Settings, wired
// as the app wires it: the open main window is worded in Chinese at once,
// with nothing English left, and keeps its rows and what was typed.
func TestLanguageSwitchIsLive(t *testing.T) {
	e := newMainEnv(t, "en", false, func(d *Deps) {
		d.OnSettings, d.OnHistory = func() {}, func() {}
		d.Banner = T("banner.test_host")
	})
	e.m.applyBatch(doneWithErrorScene())
	e.m.urlEntry.SetText("https://example.com/cat.png")
	before := englishLeft(shownTexts(e.w.Content()))
	if len(before) < 10 {
		t.Fatalf("the English window shows only %d English texts: %q", len(before), before)
	}
	var s *settingsEnv
	s = newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) {
		d.OnLanguage = func(code string) {
			if err := SetLanguage(code); err != nil {
				t.Fatal(err)
			}
			e.m.Relabel(T("banner.test_host"), nil)
			s.s.Relabel()
		}
	})
	s.s.tabs.SelectIndex(1)
	s.s.general.language.SetSelected(languageName("zh"))

	if h := e.m.Header(); h != "注意：部分文件无法上传。" {
		t.Errorf("header = %q", h)
	}
	texts := shownTexts(e.w.Content())
	if left := englishLeft(texts); len(left) != 0 {
		t.Errorf("English left on the main window after the switch: %q", left)
	}
	for _, want := range []string{"设置", "历史记录", "全部复制", "重试失败项", "huge-panorama.png", T("banner.test_host")} {
		if !containsText(texts, want) {
			t.Errorf("the main window lacks %q; it shows %q", want, texts)
		}
	}
	if e.m.model.len() != 3 || e.m.urlEntry.Text != "https://example.com/cat.png" {
		t.Errorf("after the switch: %d rows, URL field %q", e.m.model.len(), e.m.urlEntry.Text)
	}
	// The settings window itself follows, on the tab that was open.
	if got := s.s.tabs.Selected().Text; got != "常规" {
		t.Errorf("settings tab = %q, want 常规 (General)", got)
	}
	if left := englishLeft(shownTexts(s.w.Content())); len(left) != 0 {
		t.Errorf("English left in Settings: %q", left)
	}
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestLanguageForcedBySaysSo: with UPSHOT_LANG forcing Chinese, the
// Language setting says so whatever it shows.
func TestLanguageForcedSaysSo(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) { d.ForcedLanguage = "zh" })
	hint := languageHint(t, e)
	if !strings.Contains(hint, "UPSHOT_LANG=zh is set") || !strings.Contains(hint, "简体中文 is used") {
		t.Errorf("Language hint = %q", hint)
	}
	if e.s.general.language.Selected != T("settings.language.system") {
		t.Errorf("Language shows %q, want the saved choice (System)", e.s.general.language.Selected)
	}
	plain := newSettingsEnv(t, twoProfiles())
	if hint := languageHint(t, plain); hint != "" {
		t.Errorf("without UPSHOT_LANG the hint is %q", hint)
	}
}

// TestFontWarning: a language no font can draw is said next to the
// Language setting, in English, naming the package to install.
func TestFontWarning(t *testing.T) {
	var asked []string
	missing := func(code string) bool { asked = append(asked, code); return code == "zh" }
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) { d.FontMissing = missing })
	if note := e.s.general.fontNote; note.Visible() {
		t.Errorf("English needs no font of its own; the warning says %q", note.Text)
	}
	withLanguage(t, "zh")
	e.s.Relabel()
	note := e.s.general.fontNote
	hint := note.Text
	if !note.Visible() || note.Wrapping != fyne.TextWrapWord {
		t.Errorf("the font warning is not shown wrapped: visible %v, wrapping %v", note.Visible(), note.Wrapping)
	}
	for _, want := range []string{"Chinese text cannot be drawn", "sudo apt install fonts-noto-cjk", "restart Upshot"} {
		if !strings.Contains(hint, want) {
			t.Errorf("zh without a font: hint %q lacks %q", hint, want)
		}
	}
	if strings.Join(asked, ",") != "en,zh" {
		t.Errorf("fonts asked for %q, want en,zh", asked)
	}
	if FontWarning("zh") != hint {
		t.Errorf("FontWarning(zh) = %q, the hint %q", FontWarning("zh"), hint)
	}
}

// languageHint is the hint under Settings' Language choice.
func languageHint(t *testing.T, e *settingsEnv) string {
	t.Helper()
	for _, it := range e.s.general.form.Items {
		if box, ok := it.Widget.(*fyne.Container); ok && len(box.Objects) > 0 && box.Objects[0] == e.s.general.language {
			return it.HintText
		}
	}
	t.Fatal("no Language item in the General tab")
	return ""
}

// TestHistoryRelabel: the open history window follows a change of
// language, keeping its search and its view.
func TestHistoryRelabel(t *testing.T) {
	e := newHistoryEnv(t)
	e.h.setView(true)
	e.h.search.SetText("diagram")
	withLanguage(t, "zh")
	e.h.Relabel()
	if e.h.search.PlaceHolder != "按名称、标题或链接搜索" {
		t.Errorf("search placeholder = %q", e.h.search.PlaceHolder)
	}
	if e.h.search.Text != "diagram" || !e.h.grid || !e.h.gridView.Visible() {
		t.Errorf("after the switch: search %q, grid %v (shown %v)", e.h.search.Text, e.h.grid, e.h.gridView.Visible())
	}
	if len(e.h.shown) != 1 || e.h.shown[0].Name != "diagram.png" {
		t.Errorf("shown %d entries after the switch, want diagram.png only", len(e.h.shown))
	}
	texts := shownTexts(e.w.Content())
	if !containsText(texts, "1 条上传记录") || !containsText(texts, "图床将于 2026-11-26 09:05") {
		t.Errorf("the history window shows no Chinese: %q", texts)
	}
}
