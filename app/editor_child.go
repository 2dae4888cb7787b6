package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
)

// editWindowCommand runs only the editor window of a command line whose
// process has already run a Fyne app (the region overlay of `upshot
// capture region`): Fyne starts once a process.
const editWindowCommand = "__edit-window"

// exitEditClosed is the editor window's exit status when the user closed
// it without uploading.
const exitEditClosed = 3

// runEditWindow is `upshot __edit-window PATH DIR`: the editor on PATH;
// the edited picture's file (saved in DIR) on stdout.
func runEditWindow(session platform.Session, args []string) int {
	if len(args) != 2 {
		fmt.Fprintln(os.Stderr, "upshot: "+editWindowCommand+" PATH DIR")
		return 2
	}
	edited, err := editAlone(session)(context.Background(), args[0], args[1])
	switch {
	case errors.Is(err, service.ErrEditClosed):
		return exitEditClosed
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(edited)
	return 0
}

// editInChild opens the editor in a child process (runEditWindow).
func editInChild(ctx context.Context, path, dir string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("start the editor: %w", err)
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, editWindowCommand, path, dir)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == exitEditClosed:
		return "", service.ErrEditClosed
	case err != nil:
		return "", fmt.Errorf("the editor failed (%v): %s", err, lastLine(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// lastLine is the last non-empty line of s: the error, after Fyne's logs.
func lastLine(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return l[len(l)-1]
}

// standaloneUI is the command line's windows: the region overlay and the
// editor share one process, where Fyne runs once, so an editor opened
// after the overlay runs in a child process.
type standaloneUI struct {
	session  platform.Session
	fyneUsed bool
}

func (u *standaloneUI) edit(ctx context.Context, path, dir string) (string, error) {
	if u.fyneUsed {
		return editInChild(ctx, path, dir)
	}
	u.fyneUsed = true
	return editAlone(u.session)(ctx, path, dir)
}
