package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// "Record the screen as GIF" is in Settings → Capture and saves
// record_gif at once, both ways.
func TestRecordGIFSetting(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles(), func(*SettingsDeps) {})
	var gif *widget.Check
	for _, it := range e.s.capture.form.Items {
		if c, ok := it.Widget.(*widget.Check); ok && c.Text == "Record the screen as GIF" {
			gif = c
		}
	}
	if gif == nil || gif.Checked {
		t.Fatalf("no unchecked \"Record the screen as GIF\" in the Capture tab (%v)", gif)
	}
	test.Tap(gif)
	if !e.config(t).Settings.RecordGIF {
		t.Fatal("checking it did not save record_gif")
	}
	test.Tap(gif)
	if e.config(t).Settings.RecordGIF {
		t.Error("unchecking it did not save record_gif = false")
	}
}
