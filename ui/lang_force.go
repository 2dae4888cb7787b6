package ui

import (
	_ "unsafe" // for go:linkname

	_ "fyne.io/fyne/v2/lang" // forceLanguage links to its setupLang
)

// forceLanguage makes fyne's lang package translate into tag whatever the
// locale environment says.
//
// fyne (v2.8) decides the language only from the environment (LANGUAGE,
// LC_ALL, LC_MESSAGES, LANG, read by jeandeaual/go-locale) and has no
// exported way to choose one: the function that sets its localizer,
// setupLang, exists for fyne's own tests. Setting the environment instead
// would leak the choice into every program Upshot starts (the browser, the
// hotkey helper, wl-copy). So this one function links to setupLang; the
// go.mod pin of fyne keeps the name, and a build against a fyne without it
// fails at link time rather than misbehaving. Drop it when fyne exports a
// way to set the language.
//
//go:linkname forceLanguage fyne.io/fyne/v2/lang.setupLang
func forceLanguage(tag string)
