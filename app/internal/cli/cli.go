// Package cli is Upshot's command line: `upshot upload`, `capture`,
// `clipboard`, `profile …`, `history …`, `resume` and `testhost`, and the
// receiving end of a hand-off (Handoff), where the running app answers a
// command line with what the CLI would have printed.
//
// It parses and prints; the work is app/internal/service's. It needs no
// display, no D-Bus and no GL: everything OS-specific (the clipboard, the
// keyring, the screen, the region overlay, the running app's socket) comes
// in through Env, so the package's tests build without cgo and the
// commands run over SSH, in cron and in CI.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// Exit statuses. They are part of the CLI contract.
const (
	ExitOK     = 0 // everything uploaded
	ExitFailed = 1 // at least one upload failed
	ExitUsage  = 2 // usage or configuration error; no request was sent
)

// Env is everything the commands take from the outside world.
type Env struct {
	Stdin            io.Reader
	Stdout, Stderr   io.Writer
	Getenv           func(string) string
	StderrIsTerminal bool
	Version          string
	// Secrets opens the key store: the OS keyring, or a 0600 file next to
	// the config when no keyring exists (usingFile is then true).
	Secrets func(fallbackPath string) (s profile.Secrets, usingFile bool, err error)
	// Copy puts text on the clipboard so that it stays there after the
	// process exits. Nil when no clipboard is reachable.
	Copy func(text string) error
	// Handoff, when set, offers an upload command line to a running Upshot;
	// ok is false when none took it (the CLI then uploads itself). Nil
	// hands it over through Send.
	Handoff func(ctx context.Context, args []string) (status int, ok bool)
	// Send hands a request to the running Upshot (ipc.Send); nil when
	// there is none to ask.
	Send func(ctx context.Context, req ipc.Request) (ipc.Response, error)
	// Cwd is the working directory a handed-over upload resolves against.
	Cwd string
	// Shoot takes a screenshot (capture.Take); nil: no screen here.
	Shoot func(capture.Mode) (*image.RGBA, error)
	// PickRegion shows the region overlay in a window of its own and
	// returns the rectangle chosen (capture.ErrCanceled when dismissed);
	// edit is true when the user left it with E, to edit the selection
	// before it uploads.
	PickRegion func(ctx context.Context, img *image.RGBA) (r image.Rectangle, edit bool, err error)
	// Edit opens the editor on the image at path in a window of its own
	// and waits: on upload it saves the picture in dir (service.SaveEdited)
	// and returns that file; service.ErrEditClosed when the user closed it
	// without uploading. Nil: no display to show it on.
	Edit func(ctx context.Context, path, dir string) (string, error)
	// Record starts a screen recording (service.StartRecorder); nil: no
	// screen here.
	Record func(ctx context.Context, opts record.Options) (service.Recording, error)
	// CheckRecord says whether a mode can be recorded here before the
	// region is chosen (record.Recorder.Check); nil: no check.
	CheckRecord func(record.Mode) error
	// ListenRecorder answers `upshot record stop` from other terminals
	// while `upshot record` records (ipc.ListenRecorder); SendRecorder
	// reaches such a recording (ipc.SendRecorder). Nil: none. Closing the
	// server must let the answers under way be written (ipc.Server.Drain).
	ListenRecorder func(handler func(ipc.Request) ipc.Response) (io.Closer, error)
	SendRecorder   func(ctx context.Context, req ipc.Request) (ipc.Response, error)
	// Clipboard reads the clipboard for `upshot clipboard`; nil: none.
	Clipboard Clipboard
	// Transport carries every request of the session (the GUI's life, or
	// a capture and its upload), so connections are kept between them.
	// Nil = one for the command, sized to its --jobs.
	Transport *uploader.Transport
}

// Clipboard is what `upshot clipboard` reads.
type Clipboard interface {
	ReadImage() []byte // PNG bytes, or nil
	ReadText() string
}

// deps is what the service takes from env.
func (env Env) deps() service.Deps {
	return service.Deps{Getenv: env.Getenv, Version: env.Version, Secrets: env.Secrets, Transport: env.Transport}
}

// paths are where the user's files live, --config (or "") given.
func (env Env) paths(config string) service.Paths { return service.ResolvePaths(config, env.Getenv) }

// usageError is a configuration or flag problem: exit status 2, and no
// request has been sent.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

const usageText = `Upshot uploads images and videos to a Chevereto host and prints their links.

Usage:
  upshot                         start the desktop app
  upshot upload [flags] SOURCE…  upload files, directories, http(s) URLs or - (stdin)
  upshot capture full|monitor|region|window [--delay S] [upload flags]
                                 screenshot → upload → link on the clipboard (hands off to a running Upshot)
  upshot record full|monitor|region|window [--gif] [--max-seconds N] [--fps N] [--delay S] [upload flags]
                                 record the screen to an MP4 (or GIF) → upload → link on the clipboard;
                                 stops at --max-seconds, on Ctrl+C, or with:
  upshot record stop             stop the recording (of the app or another terminal) and print its link
  upshot edit FILE [upload flags]
                                 annotate an image in the editor; uploading prints the link and copies it
  upshot clipboard [upload flags]
                                 upload the clipboard's image, links or files; the link replaces them
  upshot resume                  finish the uploads a crash or kill interrupted
  upshot profile add NAME --host URL [--key KEY | --key-stdin] [--max-size SIZE] [--default]
  upshot profile list | remove NAME | test NAME | default NAME
  upshot profile import FILE.sxcu [--name NAME] [--default] | export NAME [--with-key]
  upshot history [--search S] [--profile P] [--since DATE] [--until DATE] [--json]
  upshot history clear --yes
  upshot history delete ID [--from-host]
  upshot testhost [--addr 127.0.0.1:8080] [--key KEY] [--dir DIR]
  upshot --version

Run "upshot upload --help" for the upload flags.
Config file: $XDG_CONFIG_HOME/upshot/config.toml (override with --config or UPSHOT_CONFIG).
`

// Run executes one command line (without the program name) and returns the
// process exit status.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usageText)
		return ExitUsage
	}
	var err error
	status := ExitOK
	switch args[0] {
	case "upload":
		status, err = runUpload(ctx, args[1:], env)
	case "capture":
		status, err = runCapture(ctx, args[1:], env)
	case "edit":
		status, err = runEdit(ctx, args[1:], env)
	case "clipboard":
		status, err = runClipboard(ctx, args[1:], env)
	case "record":
		status, err = runRecord(ctx, args[1:], env)
	case "resume":
		status, err = runResume(ctx, args[1:], env)
	case "profile":
		status, err = runProfile(ctx, args[1:], env)
	case "history":
		status, err = runHistory(ctx, args[1:], env)
	case "testhost":
		err = runTestHost(ctx, args[1:], env)
	case "--version", "-version", "version":
		fmt.Fprintf(env.Stdout, "upshot %s\n", env.Version)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(env.Stdout, usageText)
	default:
		err = usagef("unknown command %q — run \"upshot --help\"", args[0])
	}
	return report(err, status, env)
}

// report prints err (if any) in the CLI's one-line form and maps it to an
// exit status.
func report(err error, status int, env Env) int {
	if err == nil {
		return status
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "upshot: %v\n", err)
	if isUsage(err) {
		return ExitUsage
	}
	return ExitFailed
}

// newFlags makes a flag set that reports errors to us instead of exiting.
func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses flags that may stand anywhere among the positional arguments
// ("upshot upload a.png --copy b.png"), as users of such tools expect.
// "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isUsage reports whether err is a usage or configuration problem: exit
// status 2, nothing was sent.
func isUsage(err error) bool {
	var ue *usageError
	var ie *service.ImportError
	return errors.As(err, &ue) || errors.As(err, &ie) || service.IsConfig(err)
}
