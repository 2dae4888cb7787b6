package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// minContrast is the contrast text needs against its background: WCAG's
// AA level for body text.
const minContrast = 4.5

// readableNames are the theme colours Upshot draws text in, on the window's
// background: labels of each importance, links, placeholders.
var readableNames = []fyne.ThemeColorName{
	theme.ColorNameForeground, theme.ColorNameSuccess, theme.ColorNameError, theme.ColorNameWarning,
	theme.ColorNameHyperlink, theme.ColorNamePrimary, theme.ColorNamePlaceHolder,
}

// NewTheme is Upshot's theme: Fyne's default, whose text colours are made
// darker (light variant) or lighter (dark variant) until they read at
// 4.5:1 on the background. Fyne's own green is 1.5:1 on white, its red
// 3.7:1, its orange 2.1:1: links and errors in them were hard to read.
// Colours that already read well are left as they are.
func NewTheme() fyne.Theme { return &readableTheme{Theme: theme.DefaultTheme()} }

type readableTheme struct {
	fyne.Theme
}

// Color is the base colour, made readable when it is a text colour.
func (t *readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := t.Theme.Color(n, v)
	for _, r := range readableNames {
		if r == n {
			return readable(c, t.Theme.Color(theme.ColorNameBackground, v))
		}
	}
	return c
}

// readable is c, moved toward black on a light background (white on a
// dark one) in small steps until it reaches minContrast against bg.
func readable(c, bg color.Color) color.Color {
	fg := over(c, bg)
	target := color.NRGBA{A: 0xff}
	if luminance(bg) < 0.5 {
		target = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	for step := 0; contrast(fg, bg) < minContrast && step < 20; step++ {
		fg = mix(fg, target, 0.1)
	}
	return fg
}

// contrast is the WCAG contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// over composites c on an opaque bg.
func over(c, bg color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return mix(color.NRGBAModel.Convert(bg).(color.NRGBA), color.NRGBA{R: n.R, G: n.G, B: n.B, A: 0xff}, float64(n.A)/0xff)
}

// mix moves a toward b by t (0 = a, 1 = b); the result is opaque.
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xff}
}
