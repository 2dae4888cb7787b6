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
	"image"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/keyring"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader/profile"
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
	if len(args) > 0 && args[0] == editWindowCommand {
		os.Exit(runEditWindow(session, args[1:]))
	}
	if len(args) == 0 || args[0] == "gui" {
		os.Exit(runGUI(session))
	}
	platform.AttachConsole() // Windows: upshot.exe is a GUI program; the command line wants the terminal
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl+C or SIGTERM cancels ctx, which ends every wait (the
	// network, the keyring); a second one, should anything still hold on,
	// ends the process the default way.
	context.AfterFunc(ctx, stop)
	env := cliEnv(session)
	env.Secrets = keyStore(ctx)
	status := cli.Run(ctx, args, env)
	stop()
	os.Exit(status)
}

// cliEnv connects the command line to the real OS, in session.
func cliEnv(session platform.Session) cli.Env {
	cwd, _ := os.Getwd()
	rec := recorder(session)
	ui := &standaloneUI{session: session}
	return cli.Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Version:          version,
		Secrets:          keyring.New,
		Copy:             func(text string) error { return clipboard.Persist(session, text) },
		Send:             ipc.Send,
		Cwd:              cwd,
		Shoot:            capture.New(session).Take,
		PickRegion: func(ctx context.Context, img *image.RGBA) (image.Rectangle, bool, error) {
			ui.fyneUsed = true
			return pickRegionAlone(session)(ctx, img)
		},
		Edit:           ui.edit,
		Clipboard:      clipboard.System{Session: session},
		Record:         service.StartRecorder(rec),
		CheckRecord:    rec.Check,
		ListenRecorder: listenRecorder,
		SendRecorder:   ipc.SendRecorder,
	}
}

// keyStore opens the key store whose keyring calls end with ctx: the
// command line's signal context, so that a keyring that hangs never holds
// up Ctrl+C or SIGTERM.
func keyStore(ctx context.Context) func(string) (profile.Secrets, bool, error) {
	return func(fallbackPath string) (profile.Secrets, bool, error) {
		return keyring.Open(ctx, fallbackPath)
	}
}

// fatal reports a start-up failure of the GUI.
func fatal(err error) int {
	fmt.Fprintf(os.Stderr, "upshot: %v\n", err)
	return 1
}
