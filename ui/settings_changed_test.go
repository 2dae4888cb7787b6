package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// labelsUnder lists the visible label texts under the window's content.
func labelsUnder(e *mainEnv) string {
	var out []string
	for _, o := range test.LaidOutObjects(e.w.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// TestSettingsChangedUpdatesNoticesAndProfiles: after Settings adds a host
// the test-host banner and a mended config's warning go, a new warning
// shows, the new profile is offered, and a filled-in title survives.
func TestSettingsChangedUpdatesNoticesAndProfiles(t *testing.T) {
	profiles := []string{"", "work"}
	e := newMainEnv(t, "en", false, func(d *Deps) {
		d.Banner = "Local test host — uploads stay on this computer."
		d.Warnings = []string{"config line 1: broken"}
		d.Profiles = func() []string { return profiles }
	})
	e.m.opts.profile.SetSelected("work")
	e.m.opts.title.SetText("typed by the user")
	if got := labelsUnder(e); !strings.Contains(got, "Local test host") || !strings.Contains(got, "broken") {
		t.Fatalf("before: notices %q", got)
	}

	profiles = []string{"", "work", "img.example.org"}
	e.m.SettingsChanged("", []string{"img.example.org uses plain http"})
	got := labelsUnder(e)
	if strings.Contains(got, "Local test host") || strings.Contains(got, "broken") || !strings.Contains(got, "plain http") {
		t.Errorf("after: notices %q, want only the new warning", got)
	}
	if !slices.Contains(e.m.opts.profile.Options, "img.example.org") {
		t.Errorf("profile choices %v lack the new host", e.m.opts.profile.Options)
	}
	if e.m.opts.Profile() != "work" || e.m.opts.title.Text != "typed by the user" {
		t.Errorf("choice %q, title %q: the user's choice and fields were reset", e.m.opts.Profile(), e.m.opts.title.Text)
	}

	profiles = []string{"", "img.example.org"} // "work" removed
	e.m.SettingsChanged("", nil)
	if e.m.opts.Profile() != "" {
		t.Errorf("choice %q after its profile was removed, want the default", e.m.opts.Profile())
	}
}
