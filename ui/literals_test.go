package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// textTakers are the Fyne calls whose string argument (index) is shown to
// the user.
var textTakers = map[string]int{
	"NewLabel": 0, "NewLabelWithStyle": 0, "NewButton": 0, "NewButtonWithIcon": 0, "NewCheck": 0,
	"NewHyperlink": 0, "NewAccordionItem": 0, "NewTabItem": 0, "NewTabItemWithIcon": 0,
	"NewMenuItem": 0, "NewMenu": 0, "NewWindow": 0, "SetText": 0, "SetPlaceHolder": 0, "SetTitle": 0,
	"NewCustom": 0, "NewCustomWithoutButtons": 0, "NewConfirm": 0, "NewInformation": 0, "NewNotification": 0,
	"NewRichTextWithText": 0, "NewTextGridFromString": 0, "NewFormItem": 0, "ShowInformation": 0, "ShowConfirm": 0,
}

// shownAsIs are literals that read the same in every language.
var shownAsIs = map[string]bool{
	"Upshot":                                 true, // the app's name
	"JPG PNG BMP GIF WEBP AVIF MOV MP4 WEBM": true, // the formats under the drop zone
	// Examples in empty fields: an address, placeholders and a shortcut
	// as they are typed.
	"https://img.example.com":           true,
	"{filename} {date}":                 true,
	"[{title}]({url}) {width}×{height}": true,
	"Ctrl+Shift+3":                      true,
}

var hasWord = regexp.MustCompile(`\p{L}{2,}`)

// TestNoTextOutsideTheCatalog walks ui/ and app/ for a string literal with
// words given to a Fyne widget, window, menu or dialog, or as a form
// item's Text or HintText: every such text must come from the catalog.
func TestNoTextOutsideTheCatalog(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	app, _ := filepath.Glob("../app/*.go")
	fset := token.NewFileSet()
	checked := 0
	for _, f := range append(files, app...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		bad := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			s, _ := strconv.Unquote(lit.Value)
			if hasWord.MatchString(s) && !shownAsIs[s] {
				t.Errorf("%s: %q is shown as it is: put it in assets/translations and use T(…)", fset.Position(lit.Pos()), s)
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				var name string
				switch fun := x.Fun.(type) {
				case *ast.SelectorExpr:
					name = fun.Sel.Name
				case *ast.Ident:
					name = fun.Name
				}
				if i, ok := textTakers[name]; ok && len(x.Args) > i {
					checked++
					bad(x.Args[i])
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Text" || k.Name == "HintText" || k.Name == "PlaceHolder") {
					checked++
					bad(x.Value)
				}
			}
			return true
		})
	}
	if checked < 50 {
		t.Fatalf("checked only %d calls; the scan is broken", checked)
	}
}
