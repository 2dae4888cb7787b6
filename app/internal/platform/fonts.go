package platform

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// FontLookup tells whether the system has a font for a language; tests
// give a fake one.
type FontLookup interface {
	// HasFont reports whether a font covers lang ("zh", "es", …); known
	// is false when that cannot be told.
	HasFont(lang string) (has, known bool)
}

// cjkFontName matches the file names of the common Chinese-capable fonts,
// for a system without fontconfig's fc-list.
var cjkFontName = regexp.MustCompile(`(?i)(cjk|wqy|wenquanyi|droidsansfallback|uming|ukai|arphic|sarasa|sourcehan|source-han|simsun|simhei|msyh|pingfang|notosans(sc|tc|hk))`)

// scanFontDirs reports whether a font file under dirs has a name that says
// it draws Chinese; known is false when no dir could be read.
func scanFontDirs(dirs []string) (has, known bool) {
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		known = true
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder: look at the others
			}
			ext := strings.ToLower(filepath.Ext(path))
			if !d.IsDir() && (ext == ".ttf" || ext == ".otf" || ext == ".ttc" || ext == ".otc") && cjkFontName.MatchString(d.Name()) {
				has = true
				return fs.SkipAll
			}
			return nil
		})
		if has {
			return true, true
		}
	}
	return false, known
}

// needsOwnFont says whether lang is written in a script the bundled Latin
// font (Fyne's Noto Sans) cannot draw.
func needsOwnFont(lang string) bool { return lang == "zh" }
