package service

import (
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// How captures are named. The file name must be valid everywhere — no ":"
// (Windows refuses it, macOS shows it as "/") — so its time has dots. The
// host would make the title from the file name, and Chevereto turns dashes
// and underscores into spaces ("Screenshot 2026 12 02 02 29 01"), so the
// title, with the time written as people write it, is sent explicitly.
const (
	capturePrefix      = "Screenshot "
	captureFileLayout  = "2006-01-02 15.04.05"
	captureTitleLayout = "2006-01-02 15:04:05"
	// captureOldLayout named captures before; a kept one may still be
	// waiting in the journal.
	captureOldLayout = "2006-01-02 15-04-05"
)

// captureCopy is the " (2)" that keeps a second capture of the same
// second from overwriting the first.
var captureCopy = regexp.MustCompile(` \([0-9]+\)$`)

// CaptureName is the file name, without extension, of a capture taken at
// t: "Screenshot 2026-12-02 02.29.01".
func CaptureName(t time.Time) string { return capturePrefix + t.Format(captureFileLayout) }

// CaptureTitle is the upload title of a file CaptureName named (any
// extension, a " (2)" kept): "Screenshot 2026-12-02 02:29:01". Any other
// file name gives "", which leaves the title to the host.
func CaptureTitle(filename string) string {
	base := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	copyMark := captureCopy.FindString(base)
	stamp, ok := strings.CutPrefix(strings.TrimSuffix(base, copyMark), capturePrefix)
	if !ok {
		return ""
	}
	for _, layout := range []string{captureFileLayout, captureOldLayout} {
		if t, err := time.Parse(layout, stamp); err == nil {
			return capturePrefix + t.Format(captureTitleLayout) + copyMark
		}
	}
	return ""
}

// withCaptureTitle gives t's uploads of captures their readable title
// when nothing else names them. The item's own title and the profile's
// default title come first (the queue asks Title only without one), then
// the profile's title template; the host names every other file itself.
// It is here, on the target, so that a capture keeps its title however it
// reaches the queue: the window, `upshot capture`, a hand-off, a resume.
func withCaptureTitle(t uploader.Target, err error) (uploader.Target, error) {
	if err != nil {
		return t, err
	}
	own := t.Title
	t.Title = func(name string) string {
		if own != nil {
			if s := own(name); s != "" {
				return s
			}
		}
		return CaptureTitle(name)
	}
	return t, nil
}
