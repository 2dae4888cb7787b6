package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
)

// EditRequest is a parsed `upshot edit FILE [upload flags]` command line.
type EditRequest struct {
	File   string   // as the user typed it
	Upload []string // the upload flags, each as --name=value
	req    *UploadRequest
}

// ParseEdit parses `edit` words: one image file and the upload flags.
// Every error is a usage error (exit status 2).
func ParseEdit(args []string, env Env) (*EditRequest, error) {
	fs := newFlags("edit", env)
	var f uploadFlags
	f.hostFlags.register(fs)
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: upshot edit FILE [upload flags]   (annotate an image, then upload it)")
		fs.PrintDefaults()
	}
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(pos) == 0:
		return nil, usagef("edit: give the image to edit — upshot edit FILE")
	case len(pos) > 1:
		return nil, usagef("edit: one image at a time (got %d: %s, %s…)", len(pos), pos[0], pos[1])
	}
	var upload []string
	fs.Visit(func(fl *flag.Flag) { upload = append(upload, "--"+fl.Name+"="+fl.Value.String()) })
	r, err := ParseUpload(append(append([]string{}, upload...), "--", pos[0]), env)
	if err != nil {
		return nil, err
	}
	return &EditRequest{File: pos[0], Upload: upload, req: r}, nil
}

// runEdit is `upshot edit FILE [upload flags]`: the editor on FILE, whose
// upload goes the way of `upshot capture` (the link printed and left on
// the clipboard). With an Upshot running, its window shows the editor.
func runEdit(ctx context.Context, args []string, env Env) (int, error) {
	r, err := ParseEdit(args, env)
	if err != nil {
		return ExitUsage, err
	}
	abs := r.File
	if !filepath.IsAbs(abs) && env.Cwd != "" {
		abs = filepath.Join(env.Cwd, abs)
	}
	if err := service.CheckEditable(abs); err != nil {
		return ExitUsage, usagef("%s", relabel(err, abs, r.File))
	}
	if r.req.Portable(env) {
		req := ipc.Request{Command: ipc.CmdEdit, Args: append(append([]string{}, r.Upload...), "--", r.File), Cwd: env.Cwd}
		wait, cancel := context.WithTimeout(ctx, handoffWait)
		defer cancel()
		if code, ok := handOffTo(wait, env, req, "editing", func(l string) { fmt.Fprintln(env.Stdout, l) }); ok {
			return code, nil
		}
	}
	if env.Edit == nil {
		return ExitFailed, fmt.Errorf("%s: no display to show the editor on — run it in the desktop session", r.File)
	}
	env = sessionEnv(env)
	paths := env.paths(r.req.flags.config)
	// The app's next start looks for the edits a crash leaves there.
	if err := service.NoteEditDir(paths, abs); err != nil {
		env.say(err.Error())
	}
	edited, err := env.Edit(ctx, abs, paths.Captures)
	if errors.Is(err, service.ErrEditClosed) {
		return ExitFailed, fmt.Errorf("%s: %w", r.File, err)
	}
	if err != nil {
		return ExitFailed, fmt.Errorf("%s: %s", r.File, relabel(err, abs, r.File))
	}
	return uploadOwned(ctx, env, r.Upload, edited, "the edited image"), nil
}

// relabel is err's text with the absolute path abs written as the user
// typed it.
func relabel(err error, abs, typed string) string {
	return strings.ReplaceAll(err.Error(), abs, typed)
}
