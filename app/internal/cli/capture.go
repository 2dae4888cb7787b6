package cli

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
)

// runCapture is `upshot capture full|monitor|region|window [--delay S]
// [upload flags]`. With an Upshot running it hands the capture over (so a
// desktop shortcut bound to this command behaves like the built-in
// hotkey); else it runs the capture flow here, uploads and leaves the link
// on the clipboard.
func runCapture(ctx context.Context, args []string, env Env) (int, error) {
	shot, upload, err := ParseCapture(args)
	if err != nil {
		return ExitUsage, &usageError{err.Error()}
	}
	if len(upload) == 0 {
		if code, ok := handOffTo(ctx, env, ipc.Request{Command: ipc.CmdCapture, Args: args}, "capturing", env.say); ok {
			return code, nil
		}
	}
	if env.Shoot == nil {
		return ExitFailed, errors.New("screenshot: " + capture.ErrNoScreen.Error())
	}
	code := ExitOK
	env = sessionEnv(env)
	edit := false
	flow := service.CaptureFlow{
		Shoot: env.Shoot,
		Dir:   env.paths("").Captures,
		Queue: func(path string) error {
			if edit {
				code = editOwned(ctx, env, upload, path)
				return nil
			}
			code = uploadOwned(ctx, env, upload, path, "the screenshot")
			return nil
		},
		Connect: func(ctx context.Context) { preconnect(ctx, env, upload) },
	}
	if env.PickRegion != nil {
		flow.Region = func(ctx context.Context, img *image.RGBA) (image.Rectangle, error) {
			r, e, err := env.PickRegion(ctx, img)
			edit = e && env.Edit != nil
			return r, err
		}
	}
	if _, err := flow.Run(ctx, shot); err != nil {
		if errors.Is(err, capture.ErrCanceled) {
			return ExitOK, nil
		}
		return ExitFailed, err
	}
	return code, nil
}

// runClipboard is `upshot clipboard [upload flags]`: upload what the
// clipboard holds — an image, or links and file paths — and leave the link
// there. Like capture, it hands the work to a running Upshot when there is
// one, so a desktop shortcut bound to it behaves like the built-in hotkey.
func runClipboard(ctx context.Context, upload []string, env Env) (int, error) {
	if len(upload) == 0 {
		if code, ok := handOffTo(ctx, env, ipc.Request{Command: ipc.CmdClipboard}, "uploading", env.say); ok {
			return code, nil
		}
	}
	cb := env.Clipboard
	if cb == nil {
		return ExitFailed, errors.New("the clipboard has no image, link or file to upload — copy one first")
	}
	if png := cb.ReadImage(); len(png) > 0 {
		path, err := service.SaveClipboardImage(env.paths("").Captures, png)
		if err != nil {
			return ExitFailed, fmt.Errorf("save the clipboard image: %w", err)
		}
		return uploadOwned(ctx, env, upload, path, "the clipboard image"), nil
	}
	src := uploader.SourcesInText(cb.ReadText())
	if len(src) == 0 {
		return ExitFailed, errors.New("the clipboard has no image, link or file to upload — copy one first")
	}
	return uploadHere(ctx, env, upload, src...), nil
}

// say tells the user something on stderr.
func (env Env) say(line string) { fmt.Fprintln(env.Stderr, "upshot:", line) }

// uploadHere runs `upshot upload --copy [upload flags] -- sources`. Without
// upload flags the caller has already found no running Upshot to hand the
// work to, so the upload does not ask again.
func uploadHere(ctx context.Context, env Env, upload []string, sources ...string) int {
	if len(upload) == 0 {
		env.Handoff, env.Send = nil, nil
	}
	args := append(append([]string{"upload", "--copy"}, upload...), "--")
	return Run(ctx, append(args, sources...), env)
}

// uploadOwned uploads a file Upshot wrote (a screenshot, a clipboard
// image) with the link left on the clipboard: the file is deleted once it
// uploaded and kept, with a word on where, when it did not.
func uploadOwned(ctx context.Context, env Env, upload []string, path, what string) int {
	code := uploadHere(ctx, env, upload, path)
	if code == ExitOK {
		_ = os.Remove(path)
	} else {
		fmt.Fprintf(env.Stderr, "upshot: %s is kept at %s — upload it again with \"upshot upload\"\n", what, path)
	}
	return code
}

// editOwned opens a capture in the editor (E in the overlay) and uploads
// the edited picture the way uploadOwned does; the capture itself goes,
// its pixels being in the edited copy or thrown away with the editor.
func editOwned(ctx context.Context, env Env, upload []string, path string) int {
	edited, err := env.Edit(ctx, path, filepath.Dir(path))
	_ = os.Remove(path)
	if errors.Is(err, service.ErrEditClosed) {
		return ExitOK // like Esc in the overlay
	}
	if err != nil {
		env.say("the editor: " + err.Error())
		return ExitFailed
	}
	return uploadOwned(ctx, env, upload, edited, "the edited screenshot")
}

// ParseCapture reads `capture` words: a mode and --delay S. Words that
// are neither come back in rest, in order (upload flags, for the command
// line).
func ParseCapture(args []string) (shot service.Shot, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--delay" || a == "-delay":
			if i+1 >= len(args) {
				return service.Shot{}, nil, fmt.Errorf("--delay needs a number of seconds")
			}
			i++
			a = "--delay=" + args[i]
			fallthrough
		case strings.HasPrefix(a, "--delay="):
			var s float64
			if _, err := fmt.Sscan(strings.TrimPrefix(a, "--delay="), &s); err != nil || s < 0 || s > 600 {
				return service.Shot{}, nil, fmt.Errorf("--delay %q: give seconds from 0 to 600", strings.TrimPrefix(a, "--delay="))
			}
			shot.Delay = time.Duration(s * float64(time.Second))
		case IsCaptureMode(a):
			shot.Mode = capture.Mode(a)
		default:
			rest = append(rest, a)
		}
	}
	if shot.Mode == "" {
		return service.Shot{}, nil, fmt.Errorf("capture: say full, monitor, region or window")
	}
	return shot, rest, nil
}

// IsCaptureMode reports whether word names a capture mode.
func IsCaptureMode(word string) bool {
	switch capture.Mode(word) {
	case capture.ModeFull, capture.ModeMonitor, capture.ModeRegion, capture.ModeWindow:
		return true
	}
	return false
}
