package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"strings"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/platform"
)

// runCapture is `upshot capture full|monitor|region|window [--delay S] [upload
// flags]`. With an Upshot running it hands the capture over (so a desktop
// shortcut bound to this command behaves like the built-in hotkey); else
// it captures, uploads and leaves the link on the clipboard itself.
func runCapture(ctx context.Context, session platform.Session, args []string) int {
	mode, delay, upload, err := parseCaptureArgs(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot:", err)
		return cli.ExitUsage
	}
	if len(upload) == 0 {
		if code, ok := handOffTo(ctx, ipc.Request{Command: ipc.CmdCapture, Args: args}, "capturing", say); ok {
			return code
		}
	}
	img, err := captureHere(capture.New(session), mode, delay)
	if err != nil {
		if errors.Is(err, capture.ErrCanceled) {
			return cli.ExitOK
		}
		fmt.Fprintln(os.Stderr, "upshot: screenshot:", err)
		return cli.ExitFailed
	}
	path, err := capture.Save(img, capturesDir())
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot: save the screenshot:", err)
		return cli.ExitFailed
	}
	return uploadOwned(ctx, session, upload, path, "the screenshot")
}

// handOffTo asks the running Upshot to do req, handing each line of its
// answer to lines and its errors to stderr. It reports whether there was
// one to ask; when not, or when it did not answer, the caller does the work
// itself ("capturing" here).
func handOffTo(ctx context.Context, req ipc.Request, doing string, lines func(string)) (int, bool) {
	resp, err := ipc.Send(ctx, req)
	if err == nil {
		for _, l := range resp.Lines {
			lines(l)
		}
		if resp.Error != "" {
			for _, l := range strings.Split(resp.Error, "\n") {
				say(l)
			}
		}
		return resp.Exit, true
	}
	if !errors.Is(err, ipc.ErrNotRunning) {
		fmt.Fprintf(os.Stderr, "upshot: the running Upshot did not answer (%v); %s here\n", err, doing)
	}
	return 0, false
}

// uploadHere runs `upshot upload --copy [upload flags] -- sources`. Without
// upload flags the caller has already found no running Upshot to hand the
// work to, so the upload does not ask again.
func uploadHere(ctx context.Context, session platform.Session, upload []string, sources ...string) int {
	env := cliEnv(session)
	if len(upload) == 0 {
		env.Handoff = nil
	}
	args := append(append([]string{"upload", "--copy"}, upload...), "--")
	return cli.Run(ctx, append(args, sources...), env)
}

// say tells the user something on stderr.
func say(line string) { fmt.Fprintln(os.Stderr, "upshot:", line) }

// uploadOwned uploads a file Upshot wrote (a screenshot, a clipboard
// image) with the link left on the clipboard: the file is deleted once it
// uploaded and kept, with a word on where, when it did not.
func uploadOwned(ctx context.Context, session platform.Session, upload []string, path, what string) int {
	code := uploadHere(ctx, session, upload, path)
	if code == cli.ExitOK {
		_ = os.Remove(path)
	} else {
		fmt.Fprintf(os.Stderr, "upshot: %s is kept at %s — upload it again with \"upshot upload\"\n", what, path)
	}
	return code
}

// captureHere takes the screenshot in this process; region mode runs a
// one-shot overlay window.
func captureHere(screen capture.Screen, mode capture.Mode, delay time.Duration) (image.Image, error) {
	img, err := shoot(screen, mode, func() { time.Sleep(delay) })
	if err != nil || mode != capture.ModeRegion {
		return img, err
	}
	a := fyneapp.NewWithID(AppID)
	var picked image.Rectangle
	ok := false
	pickRegionIn(a, img, func(r image.Rectangle, accepted bool) {
		picked, ok = r, accepted
		a.Quit()
	})
	a.Run()
	if !ok {
		return nil, capture.ErrCanceled
	}
	return capture.Crop(img, picked), nil
}
