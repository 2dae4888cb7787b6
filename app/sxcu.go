package main

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
)

// onDropped imports dropped ShareX custom uploaders (.sxcu) as host
// profiles and queues everything else.
func (g *gui) onDropped(pos fyne.Position, uris []fyne.URI) {
	rest := uris[:0:0]
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" && strings.EqualFold(u.Extension(), ".sxcu") {
			g.importSXCU(u.Path())
			continue
		}
		rest = append(rest, u)
	}
	if len(rest) > 0 {
		g.main.OnDropped(pos, rest)
	}
}

// importSXCU imports a dropped file and shows what happened.
func (g *gui) importSXCU(path string) {
	name := filepath.Base(path)
	msg, err := g.runImport(path)
	if err != nil {
		dialog.ShowInformation(ui.T("import.failed_title", "File", name), err.Error(), g.win)
		return
	}
	dialog.ShowInformation(ui.T("import.done_title", "File", name), msg, g.win)
}

// runImport imports path through the service — the one import path of the
// CLI, the drop and Settings — and words the outcome for the window.
func (g *gui) runImport(path string) (string, error) {
	im, err := service.ImportSXCU(g.paths, service.ImportRequest{File: path}, g.deps.Secrets)
	if err != nil {
		return "", uiError(importErrorText(err))
	}
	if err := g.loadTargets(); err != nil {
		return importText(im), uiError(configText(err))
	}
	return importText(im), nil
}

// uiError is a message already worded for the window.
type uiError string

func (e uiError) Error() string { return string(e) }
