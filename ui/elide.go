package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ellipsis joins the two ends of an elided text.
const ellipsis = "…"

// minFront is how much of the start an elided link keeps at least ("http:"
// and a little), before it gives the rest to the file name.
const minFront = 8

// midLabel is a one-line label that, when its text is too long, cuts the
// middle out rather than the end: "Uploaded · http://127.0.0.1:35311/im…
// /harbour-at-dawn.png" keeps the file name, which is what tells one link
// from the next. keep runes at the start are never cut (the "Uploaded · "
// before a link). Expanded, it shows the whole text over as many lines as
// it needs: the selected row of the queue.
type midLabel struct {
	widget.Label
	full     string
	keep     int // runes at the start never cut; -1: cut the end instead (a reason, whose start says what went wrong)
	expanded bool
	fitW     float32 // the width Text was fitted to, -1 = refit
}

func newMidLabel() *midLabel {
	l := &midLabel{fitW: -1}
	l.Truncation = fyne.TextTruncateClip // the fitted text never needs it; it keeps MinSize one line
	l.ExtendBaseWidget(l)
	return l
}

// setFull shows s, keeping its first keep runes whole; it redraws only on
// a change.
func (l *midLabel) setFull(s string, keep int, imp widget.Importance) {
	if s == l.full && keep == l.keep && imp == l.Importance {
		return
	}
	l.full, l.keep, l.Importance, l.fitW = s, keep, imp, -1
	l.fit(l.Size().Width)
}

// setExpanded switches between one elided line and the whole text.
func (l *midLabel) setExpanded(on bool) {
	if on == l.expanded {
		return
	}
	l.expanded, l.fitW = on, -1
	if on {
		l.Wrapping, l.Truncation = fyne.TextWrapWord, fyne.TextTruncateOff
	} else {
		l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateClip
	}
	l.fit(l.Size().Width)
}

// Resize fits the text to the new width.
func (l *midLabel) Resize(s fyne.Size) {
	l.Label.Resize(s)
	l.fit(s.Width)
}

// fit sets the drawn text for width w.
func (l *midLabel) fit(w float32) {
	if w == l.fitW {
		return
	}
	l.fitW = w
	text := l.full
	if !l.expanded && w > 0 {
		style := l.TextStyle
		size := theme.TextSize()
		room := w - 2*theme.InnerPadding()
		fits := func(s string) bool { return fyne.MeasureText(s, size, style).Width <= room }
		if l.keep < 0 {
			text = elideEnd(l.full, fits)
		} else {
			text = elideMiddle(l.full, l.keep, fits)
		}
	}
	l.Label.Text = text
	l.Label.Refresh()
}

// elideMiddle is s with runes cut from the middle of what follows its first
// keep runes, and "…" in their place, so that fits(result) holds; s itself
// when it fits. Two fifths of what is kept come before the cut and the
// rest after — or, when there is room, the whole last path element: the
// end of a link or path is what tells it apart.
func elideMiddle(s string, keep int, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	r := []rune(s)
	keep = min(max(keep, 0), len(r))
	head, rest := string(r[:keep]), r[keep:]
	last := len(rest) - lastIndex(rest, '/') // the file name of a link or path, with its "/"
	cut := func(n int) string {
		front := n * 2 / 5
		if last <= len(rest) && last > n-front && last <= n-minFront {
			front = n - last // room for the whole file name: keep it
		}
		return head + string(rest[:front]) + ellipsis + string(rest[len(rest)-(n-front):])
	}
	lo, hi := 0, len(rest)-1 // the most runes of rest kept around the cut that fit
	if !fits(cut(0)) {
		return cut(0)
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(cut(mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return cut(lo)
}

// lastIndex is the index of the last c in r, or -1.
func lastIndex(r []rune, c rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == c {
			return i
		}
	}
	return -1
}

// elideEnd is s cut at the end, with "…", so that fits(result) holds.
func elideEnd(s string, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(string(r[:mid]) + ellipsis) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + ellipsis
}
