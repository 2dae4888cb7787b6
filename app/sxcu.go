package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/upshot-app/upshot/app/internal/cli"
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
	msg, err := g.runImport(path)
	if err != nil {
		dialog.ShowInformation("Could not import "+filepath.Base(path), err.Error(), g.win)
		return
	}
	dialog.ShowInformation("Imported "+filepath.Base(path), msg, g.win)
}

// runImport runs `upshot profile import FILE` in process — one code path
// for the CLI, the drop and Settings — and returns what it said.
func (g *gui) runImport(path string) (string, error) {
	var out, errb bytes.Buffer
	env := cliEnv(g.session)
	env.Stdout, env.Stderr = &out, &errb
	code := cli.Run(context.Background(), []string{"profile", "import", path}, env)
	msg := strings.TrimSpace(strings.ReplaceAll(out.String()+errb.String(), "upshot: ", ""))
	if code != cli.ExitOK {
		return "", errors.New(msg)
	}
	if err := g.loadTargets(); err != nil {
		return msg, err
	}
	return msg, nil
}
