package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/uploader"
)

// handoffWait bounds how long a handed-over batch may take.
const handoffWait = 24 * time.Hour

// handOff offers an `upshot upload` command line to the running app, which
// queues it in its window and answers with what the CLI would have printed.
func handOff(ctx context.Context, args []string) (int, bool) {
	cwd, _ := os.Getwd()
	ctx, cancel := context.WithTimeout(ctx, handoffWait)
	defer cancel()
	return handOffTo(ctx, ipc.Request{Command: ipc.CmdUpload, Args: args, Cwd: cwd}, "uploading",
		func(l string) { fmt.Println(l) })
}

// handleUpload runs a handed-over upload in this app's queue (the rows show
// in the window) and answers once every item has finished.
func (g *gui) handleUpload(req ipc.Request) ipc.Response {
	r, err := cli.ParseUpload(req.Args, cli.Env{Stderr: io.Discard, Getenv: func(string) string { return "" }})
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: cli.ExitUsage}
	}
	sources := make([]string, len(r.Sources))
	typed := make(map[string]string, len(r.Sources)) // absolute → as the user typed it
	for i, s := range r.Sources {
		sources[i] = s
		if !strings.Contains(s, "://") && !filepath.IsAbs(s) {
			sources[i] = filepath.Join(req.Cwd, s)
		}
		typed[sources[i]] = s
	}
	ids := g.queue.Add("", r.Options(), sources...)
	items := g.waitItems(ids)
	for i := range items {
		if s, ok := typed[items[i].Source]; ok { // a folder's files keep their own paths
			items[i].Source = s
		}
	}
	out, errs, code, err := cli.Report(items, r.Output())
	if err != nil {
		return ipc.Response{Error: err.Error(), Exit: cli.ExitUsage}
	}
	if text := cli.CopyText(items, r.Output(), out); r.Copy() && text != "" {
		var copyErr error
		fyne.DoAndWait(func() { copyErr = g.main.CopyText(text) })
		if copyErr != nil {
			errs = append(errs, fmt.Sprintf("--copy: %v — the links are on stdout", copyErr))
		}
	}
	return ipc.Response{OK: code == cli.ExitOK, Lines: out, Error: strings.Join(errs, "\n"), Exit: code}
}

// waitItems polls the queue until every item is final. Items finish in
// about the order they were queued, so each poll looks from the first
// unfinished one on and stops at the next that is still going.
func (g *gui) waitItems(ids []int64) []uploader.Item {
	deadline := time.Now().Add(handoffWait)
	item := func(id int64) uploader.Item {
		it, ok := g.queue.Item(id)
		if !ok { // removed by the user
			it = uploader.Item{ID: id, State: uploader.StateCanceled}
		}
		return it
	}
	items := make([]uploader.Item, len(ids))
	next := 0 // items[:next] are final
	for {
		for ; next < len(ids); next++ {
			if items[next] = item(ids[next]); !items[next].State.Final() {
				break
			}
		}
		if next == len(ids) {
			return items
		}
		if time.Now().After(deadline) {
			for i := next + 1; i < len(ids); i++ {
				items[i] = item(ids[i])
			}
			return items
		}
		time.Sleep(100 * time.Millisecond)
	}
}
