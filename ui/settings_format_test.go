package ui

import (
	"testing"

	"github.com/upshot-app/upshot/uploader"
)

// TestWindowFormatFollowsSettings: after a Settings save the main window's
// chooser shows the link format the settings now choose, the one Settings
// shows, even after a choice in the window's own menu.
func TestWindowFormatFollowsSettings(t *testing.T) {
	active := uploader.FormatURL
	e := newMainEnv(t, "en", true, func(d *Deps) { d.LinkFormat = func() string { return active } })
	if got := e.m.format.Selected; got != "Direct link" {
		t.Fatalf("chooser shows %q at start", got)
	}
	e.m.format.SetSelected(formatLabel(uploader.FormatHTML)) // a choice for this session
	if e.m.linkFormat() != uploader.FormatHTML {
		t.Fatalf("the window's choice did not apply: %q", e.m.linkFormat())
	}
	active = "markdown-linked"
	e.m.SettingsChanged("", nil)
	if got, want := e.m.format.Selected, "Markdown (image linked to its page)"; got != want {
		t.Errorf("after the save the chooser shows %q, want %q", got, want)
	}
	if e.m.linkFormat() != "markdown-linked" {
		t.Errorf("links are made in %q, want the saved format", e.m.linkFormat())
	}
	active = "[{title}]({url})"
	e.m.SettingsChanged("", nil)
	if got, want := e.m.format.Selected, "Custom: [{title}]({url})"; got != want {
		t.Errorf("a custom template shows as %q, want %q", got, want)
	}
}
