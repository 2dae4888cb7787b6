// Command upshot is the Upshot desktop uploader: the GUI when run without a
// subcommand, the command line with one (`upshot upload …`).
//
// This is the composition root: the only package that imports
// fyne.io/fyne/v2/app and wires the OS adapters of app/internal into the
// ui and uploader packages.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/keyring"
	"github.com/upshot-app/upshot/app/internal/platform"
)

// version is set by the Makefile (-X main.version=…).
var version = "dev"

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == clipboard.ServeCommand {
		if err := clipboard.Serve(os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		return
	}
	// The one X11-or-Wayland decision, which every adapter follows.
	session := platform.DetectSession(os.Getenv)
	if len(args) == 0 || args[0] == "gui" {
		os.Exit(runGUI(session))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var status int
	switch args[0] {
	case "capture":
		status = runCapture(ctx, session, args[1:])
	case "clipboard":
		status = runClipboard(ctx, session, args[1:])
	default:
		status = cli.Run(ctx, args, cliEnv(session))
	}
	stop()
	os.Exit(status)
}

// cliEnv connects the command line to the real OS, in session.
func cliEnv(session platform.Session) cli.Env {
	return cli.Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Version:          version,
		Secrets:          keyring.New,
		Copy:             func(text string) error { return clipboard.Persist(session, text) },
		Handoff:          handOff,
	}
}

// fatal reports a start-up failure of the GUI.
func fatal(err error) int {
	fmt.Fprintf(os.Stderr, "upshot: %v\n", err)
	return 1
}
