package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Every colour the window draws text in reads at 4.5:1 or better on the
// background, in the light and the dark variant.
func TestThemeTextContrast(t *testing.T) {
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		for _, n := range readableNames {
			if c := contrast(th.Color(n, v), bg); c < minContrast {
				t.Errorf("variant %d: %s is %.2f:1 on the background, want ≥ %.1f:1", v, n, c, minContrast)
			}
		}
		// What reads well already stays as Fyne has it.
		if got, want := th.Color(theme.ColorNameForeground, v), theme.DefaultTheme().Color(theme.ColorNameForeground, v); !sameColour(got, want) {
			t.Errorf("variant %d: the foreground changed from %v to %v", v, want, got)
		}
	}
	// The measure itself: black on white is 21:1, Fyne's green on white
	// about 1.5:1 (why the theme is needed).
	white, black := color.White, color.Black
	if c := contrast(black, white); c < 20.9 || c > 21.1 {
		t.Errorf("contrast(black, white) = %.2f, want 21", c)
	}
	if c := contrast(theme.DefaultTheme().Color(theme.ColorNameSuccess, theme.VariantLight), white); c > 2 {
		t.Errorf("Fyne's light success colour reads %.2f:1 on white; the test's premise is wrong", c)
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// No text of the main window is drawn in the "disabled" grey (1.3:1 on
// white): sizes, links and reasons use the text colours of the theme.
func TestMainWindowTextAvoidsDisabledGrey(t *testing.T) {
	e := newMainEnv(t, "en", false)
	e.m.applyBatch(doneWithErrorScene())
	e.m.applyBatch(uploadingScene())
	assertNoDisabledText(t, e.w.Content())
}

// Nor of History (its count, dates, sizes and links) and Settings (the
// hosts' addresses).
func TestHistoryAndSettingsTextAvoidsDisabledGrey(t *testing.T) {
	h := newHistoryEnv(t)
	assertNoDisabledText(t, h.w.Content())
	test.Tap(h.h.gridBtn)
	assertNoDisabledText(t, h.w.Content())
	s := newSettingsEnv(t, twoProfiles())
	assertNoDisabledText(t, s.w.Content())
}

// assertNoDisabledText fails for each visible label under o drawn in the
// disabled colour (widget.LowImportance).
func assertNoDisabledText(t *testing.T, o fyne.CanvasObject) {
	t.Helper()
	for _, o := range test.LaidOutObjects(o) {
		var l *widget.Label
		switch w := o.(type) {
		case *widget.Label:
			l = w
		case *midLabel:
			l = &w.Label
		default:
			continue
		}
		if l.Visible() && l.Text != "" && l.Importance == widget.LowImportance {
			t.Errorf("label %q is drawn in the disabled colour", l.Text)
		}
	}
}
