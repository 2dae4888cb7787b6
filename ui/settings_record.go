package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/profile"
)

// recordSettingItems are the screen recording's preferences: record as
// GIF, in Settings → Capture; apply saves a change (applySettings).
func recordSettingItems(st profile.Settings, apply func(func(*profile.Settings)) bool) []*widget.FormItem {
	gif := widget.NewCheck(screenText("settings.record_gif"), nil)
	gif.SetChecked(st.RecordGIF)
	gif.OnChanged = func(on bool) { apply(func(st *profile.Settings) { st.RecordGIF = on }) }
	return []*widget.FormItem{{Text: "", Widget: gif, HintText: screenText("settings.record_gif.hint")}}
}

// appendFormItems adds items at the end of form.
func appendFormItems(form *widget.Form, items []*widget.FormItem) {
	for _, it := range items {
		form.AppendItem(it)
	}
}
