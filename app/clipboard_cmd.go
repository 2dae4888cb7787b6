package main

import (
	"context"
	"fmt"
	"os"

	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/uploader"
)

// runClipboard is `upshot clipboard [upload flags]`: upload what the
// clipboard holds — an image, or links and file paths — and leave the
// link there. Like `upshot capture`, it hands the work to a running Upshot
// when there is one, so a desktop shortcut bound to it behaves like the
// built-in hotkey.
func runClipboard(ctx context.Context, session platform.Session, upload []string) int {
	if len(upload) == 0 {
		if code, ok := handOffTo(ctx, ipc.Request{Command: ipc.CmdClipboard}, "uploading", say); ok {
			return code
		}
	}
	cb := clipboard.System{Session: session}
	if png := cb.ReadImage(); len(png) > 0 {
		path, err := saveClipboardImage(png)
		if err != nil {
			fmt.Fprintln(os.Stderr, "upshot: save the clipboard image:", err)
			return cli.ExitFailed
		}
		return uploadOwned(ctx, session, upload, path, "the clipboard image")
	}
	src := uploader.SourcesInText(cb.ReadText())
	if len(src) == 0 {
		fmt.Fprintln(os.Stderr, "upshot: the clipboard has no image, link or file to upload — copy one first")
		return cli.ExitFailed
	}
	return uploadHere(ctx, session, upload, src...)
}

// saveClipboardImage writes the clipboard's PNG beside the captures, where
// it stays until it uploads.
func saveClipboardImage(png []byte) (string, error) {
	dir := capturesDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "clipboard-*.png")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(png); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}
