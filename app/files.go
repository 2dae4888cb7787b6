package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/portal"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
)

// pickFiles opens the desktop's file chooser (the FileChooser portal, which
// lets the user pick several files) off the UI thread and hands the paths
// to done on it. Without a portal the window falls back to Fyne's dialog.
func (g *gui) pickFiles(done func([]string, error)) {
	globs := make([]string, 0, 2*len(uploader.SupportedExts))
	for _, e := range uploader.SupportedExts {
		globs = append(globs, "*."+e, "*."+strings.ToUpper(e))
	}
	choose(done, func(ctx context.Context) ([]string, error) {
		return portal.OpenFiles(ctx, "Upload files", "Images and videos", globs)
	})
}

// pickFolder is pickFiles for Folder…: the desktop's chooser, asked for a
// folder.
func (g *gui) pickFolder(done func([]string, error)) {
	choose(done, func(ctx context.Context) ([]string, error) {
		dir, err := portal.OpenFolder(ctx, "Upload a folder")
		if dir == "" {
			return nil, err
		}
		return []string{dir}, err
	})
}

// pickSXCU is pickFiles for Settings' Import .sxcu…: ShareX custom
// uploader files.
func (g *gui) pickSXCU(done func([]string, error)) {
	choose(done, func(ctx context.Context) ([]string, error) {
		return portal.OpenFiles(ctx, "Import a ShareX custom uploader", "ShareX custom uploaders", []string{"*.sxcu", "*.SXCU"})
	})
}

// choose runs a portal chooser off the UI thread and hands its answer to
// done on it; no portal is ui.ErrNoFilePicker, for the window's fallback.
func choose(done func([]string, error), ask func(context.Context) ([]string, error)) {
	go func() {
		// The chooser waits for the user; an hour is "never" in practice.
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		paths, err := ask(ctx)
		if errors.Is(err, portal.ErrUnavailable) {
			err = fmt.Errorf("%w: %v", ui.ErrNoFilePicker, err)
		}
		fyne.Do(func() { done(paths, err) })
	}()
}
