package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/profile"
)

// captureTab holds what captures do: a simple form, saved at each change.
type captureTab struct {
	s      *Settings
	after  *widget.RadioGroup // upload at once / open the editor
	notice *noticeLine
	form   *widget.Form
}

// newCaptureTab shows the capture settings st.
func newCaptureTab(s *Settings, st profile.Settings) *captureTab {
	c := &captureTab{s: s, notice: newNoticeLine(s.w)}
	upload, edit := screenText("settings.after_capture.upload"), screenText("settings.after_capture.edit")
	c.after = widget.NewRadioGroup([]string{upload, edit}, nil)
	c.after.Required = true
	c.after.SetSelected(upload)
	if st.EditCaptures() {
		c.after.SetSelected(edit)
	}
	c.after.OnChanged = func(choice string) {
		value := profile.AfterCaptureUpload
		if choice == edit {
			value = profile.AfterCaptureEdit
		}
		c.s.applySettings(c.notice, func(st *profile.Settings) { st.AfterCapture = value })
	}
	c.form = widget.NewForm(&widget.FormItem{Text: screenText("settings.after_capture"), Widget: c.after,
		HintText: screenText("settings.after_capture.hint")})
	appendFormItems(c.form, recordSettingItems(st, func(change func(*profile.Settings)) bool { return c.s.applySettings(c.notice, change) }))
	return c
}

func (c *captureTab) object() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(c.form, c.notice.object()))
}
