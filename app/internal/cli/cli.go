// Package cli is Upshot's command line: `upshot upload`, `upshot profile …`,
// `upshot history …`, `upshot resume` and `upshot testhost`.
//
// It needs no display, no D-Bus and no GL: everything OS-specific (the
// clipboard, the keyring) comes in through Env, so the package's tests build
// without cgo and the commands run over SSH, in cron and in CI.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

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
	// ok is false when none took it (the CLI then uploads itself).
	Handoff func(ctx context.Context, args []string) (status int, ok bool)
	// Transport carries every request of the session (the GUI's life, or
	// a capture and its upload), so connections are kept between them.
	// Nil = one for the command, sized to its --jobs.
	Transport *uploader.Transport
}

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
	var ue *usageError
	if errors.As(err, &ue) {
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

// Paths are where Upshot keeps its files.
type Paths struct {
	Config  string // config.toml
	Keys    string // fallback key file, used only without an OS keyring
	Data    string // $XDG_DATA_HOME/upshot
	History string
	Journal string
	Spool   string
}

func resolvePaths(configFlag string, env Env) Paths {
	cfg := configFlag
	if cfg == "" {
		cfg = env.Getenv("UPSHOT_CONFIG")
	}
	if cfg == "" {
		cfg = profile.DefaultPath()
	}
	data := env.Getenv("XDG_DATA_HOME")
	if data == "" {
		home, _ := os.UserHomeDir()
		data = filepath.Join(home, ".local", "share")
	}
	data = filepath.Join(data, "upshot")
	return Paths{
		Config:  cfg,
		Keys:    filepath.Join(filepath.Dir(cfg), "keys.toml"),
		Data:    data,
		History: filepath.Join(data, "history.db"),
		Journal: filepath.Join(data, "journal"),
		Spool:   filepath.Join(data, "spool"),
	}
}

// PathsFor is where the GUI's files live (UPSHOT_CONFIG, XDG dirs).
func PathsFor(getenv func(string) string) Paths {
	return resolvePaths("", Env{Getenv: getenv})
}

// SaveConfig writes cfg to path. A file there that cannot be read is not
// overwritten: it is kept beside as path.broken-TIME, returned as kept.
func SaveConfig(path string, cfg *profile.Config, now time.Time) (kept string, err error) {
	if _, err := profile.Load(path); err != nil {
		kept = path + ".broken-" + now.Format("20060102-150405")
		if err := os.Rename(path, kept); err != nil {
			return "", fmt.Errorf("move the unreadable %s aside: %w", path, err)
		}
	}
	return kept, cfg.Save(path)
}
