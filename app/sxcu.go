package main

import (
	"bytes"
	"context"
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

// importSXCU runs `upshot profile import FILE` in process — one code path
// for the CLI and the window — and shows what it said.
func (g *gui) importSXCU(path string) {
	var out, errb bytes.Buffer
	env := cliEnv()
	env.Stdout, env.Stderr = &out, &errb
	code := cli.Run(context.Background(), []string{"profile", "import", path}, env)
	msg := strings.TrimSpace(strings.ReplaceAll(out.String()+errb.String(), "upshot: ", ""))
	if code != cli.ExitOK {
		dialog.ShowInformation("Could not import "+filepath.Base(path), msg, g.win)
		return
	}
	if err := g.reopenTargets(); err != nil {
		msg += "\n" + err.Error()
	}
	dialog.ShowInformation("Imported "+filepath.Base(path), msg, g.win)
}
