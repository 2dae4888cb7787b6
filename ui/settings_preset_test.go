package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestPresetNameFollowsPicks: a preset's name replaces an empty Name or
// the previous preset's name, never one the user typed; a host with no
// known limit leaves the size empty with no made-up size as placeholder.
func TestPresetNameFollowsPicks(t *testing.T) {
	e := newSettingsEnv(t, nil)
	test.Tap(buttonByText(t, e.w.Content(), "Add"))
	ed := e.s.hosts.editor
	if ph := ed.size.PlaceHolder; ph != "No limit" {
		t.Errorf("a new profile's size placeholder is %q, want %q", ph, "No limit")
	}
	steps := []struct {
		pick, typed          string // the preset picked; a name typed before it
		name, host, size, ph string // what the fields show after it
	}{
		{pick: "img.api.hn", name: "img.api.hn", host: "https://img.api.hn/api/1/upload", size: "5 MB", ph: "No limit"},
		{pick: "mineurl.org", name: "mineurl.org", host: "http://mineurl.org/api/1/upload", size: "1 MB", ph: "No limit"},
		{pick: "anh.im", name: "anh.im", host: "https://anh.im/api/1/upload", size: "", ph: "No limit known"},
		{pick: "imagehosting.me", name: "imagehosting.me", host: "https://imagehosting.me/api/1/upload", ph: "No limit known"},
		{pick: "Other host…", name: "imagehosting.me", host: "https://imagehosting.me/api/1/upload", ph: "No limit"},
		{pick: "imgfly.me", name: "imgfly.me", host: "https://imgfly.me/api/1/upload", ph: "No limit known"},
		{pick: "img.api.hn", typed: "work", name: "work", host: "https://img.api.hn/api/1/upload", size: "5 MB", ph: "No limit"},
		{pick: "anh.im", name: "work", host: "https://anh.im/api/1/upload", ph: "No limit known"},
	}
	for _, st := range steps {
		if st.typed != "" {
			ed.name.SetText("")
			test.Type(ed.name, st.typed)
		}
		ed.preset.SetSelected(st.pick)
		if ed.name.Text != st.name || ed.host.Text != st.host || ed.size.Text != st.size || ed.size.PlaceHolder != st.ph {
			t.Errorf("after picking %s: name %q host %q size %q (placeholder %q), want %q %q %q (%q)", st.pick,
				ed.name.Text, ed.host.Text, ed.size.Text, ed.size.PlaceHolder, st.name, st.host, st.size, st.ph)
		}
	}
}

// TestPresetRenamesSavedPresetName: editing a profile still named after
// its preset, another preset renames it; a profile with its own name keeps it.
func TestPresetRenamesSavedPresetName(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles())
	for i, want := range []string{"anh.im", "mine"} {
		e.s.hosts.list.Select(i)
		test.Tap(buttonByText(t, e.w.Content(), "Edit"))
		ed := e.s.hosts.editor
		ed.preset.SetSelected("anh.im")
		if ed.name.Text != want {
			t.Errorf("profile %d: the Name shows %q after picking anh.im, want %q", i, ed.name.Text, want)
		}
		test.Tap(buttonByText(t, e.w.Content(), "Cancel"))
	}
}
