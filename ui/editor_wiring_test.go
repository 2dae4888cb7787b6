package ui

import (
	"image"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// Issue 12: E in the region overlay opens the selection in the editor
// instead of uploading it; without an editor E does nothing.
func TestOverlayEOpensTheEditor(t *testing.T) {
	e := newPickerEnv(t, 400, 300, 1)
	var edited []Rect
	e.p.SetOnEdit(func(r Rect) { edited = append(edited, r) })
	e.key(fyne.KeyE) // nothing selected yet
	e.drag(40, 30, 339, 229)
	e.key(fyne.KeyE)
	e.key(fyne.KeyReturn) // finished: no second answer
	if len(edited) != 1 || edited[0] != (Rect{40, 30, 300, 200}) {
		t.Errorf("edit got %v, want the one selection", edited)
	}
	e.wantCalls(t)

	plain := newPickerEnv(t, 400, 300, 1)
	plain.drag(10, 10, 100, 100)
	plain.key(fyne.KeyE)
	plain.wantCalls(t)
	plain.key(fyne.KeyReturn)
	plain.wantCalls(t, pickerResult{Rect{10, 10, 91, 91}, true})
}

// The overlay's hint names E only when E does something.
func TestOverlayHintNamesE(t *testing.T) {
	withLanguage(t, "en")
	test.NewTempApp(t)
	for _, edit := range []bool{false, true} {
		p := NewRegionPicker(fakeDesktop(300, 200), 1, nil)
		if edit {
			p.SetOnEdit(func(Rect) {})
		}
		w := test.NewTempWindow(t, nil)
		p.Attach(w)
		w.Resize(fyne.NewSize(1200, 200))
		hint := test.WidgetRenderer(p).(*pickerRenderer).hint.text.Text
		if got := strings.Contains(hint, "E to edit"); got != edit {
			t.Errorf("editor %v: hint %q", edit, hint)
		}
	}
}

// Settings → Capture: "After a capture" saves after_capture and shows
// what the configuration says.
func TestCaptureTabSavesAfterCapture(t *testing.T) {
	e := newSettingsEnv(t, nil)
	c := e.s.capture
	if c.after.Selected != "Upload at once" {
		t.Fatalf("selected %q, want the default Upload at once", c.after.Selected)
	}
	c.after.SetSelected("Open the editor")
	cfg, err := profile.Load(e.path)
	if err != nil || cfg.Settings.AfterCapture != profile.AfterCaptureEdit || !cfg.Settings.EditCaptures() {
		t.Fatalf("saved %+v, %v; want after_capture = edit", cfg.Settings, err)
	}
	again := newSettingsEnv(t, cfg)
	if again.s.capture.after.Selected != "Open the editor" {
		t.Errorf("reopened Settings shows %q", again.s.capture.after.Selected)
	}
	again.s.capture.after.SetSelected("Upload at once")
	if cfg, _ := profile.Load(again.path); cfg.Settings.EditCaptures() {
		t.Error("back to Upload at once still edits captures")
	}
	if tab := e.s.tabs.Items[len(e.s.tabs.Items)-1].Text; tab != "Capture" {
		t.Errorf("last tab %q, want Capture", tab)
	}
}

// A queue row offers Edit for a picture that is done with, and hands the
// app its file — or, for a capture whose file went with the upload, the
// link to download it from.
func TestRowEditAction(t *testing.T) {
	var asked []uploader.PictureSource
	e := newMainEnv(t, "en", false, func(d *Deps) { d.OnEdit = func(s uploader.PictureSource) { asked = append(asked, s) } })
	mine := qItem(1, "cat.png", uploader.StateDone, 1, 1)
	capture := qItem(2, "Screenshot.png", uploader.StateDone, 1, 1)
	capture.Source, capture.Owned = filepath.Join(t.TempDir(), "gone.png"), true
	video := qItem(3, "clip.mp4", uploader.StateDone, 1, 1)
	moving := qItem(4, "dog.png", uploader.StateUploading, 0, 1)
	e.m.applyBatch([]uploader.Event{evAdded(mine), evAdded(capture), evAdded(video), evAdded(moving)})
	rows := e.rows()
	if rows[3].editBtn.Visible() || rows[4].editBtn.Visible() {
		t.Error("Edit offered for a video or an upload under way")
	}
	test.Tap(rows[1].editBtn)
	test.Tap(rows[2].editBtn)
	want := []uploader.PictureSource{
		{Path: "/pics/cat.png", URL: "https://img.test/cat.png", Name: "cat.png"},
		{Path: capture.Source, URL: "https://img.test/Screenshot.png", Name: "Screenshot.png"},
	}
	if len(asked) != 2 || asked[0] != want[0] || asked[1] != want[1] {
		t.Errorf("edit asked for %+v, want %+v", asked, want)
	}

	plain := newMainEnv(t, "en", false)
	plain.m.applyBatch([]uploader.Event{evAdded(mine)})
	if plain.rows()[1].editBtn.Visible() {
		t.Error("Edit offered by a window without an editor")
	}
}

// A History entry's Edit hands the app the picture: the file it was
// uploaded from, else its link.
func TestHistoryEditAction(t *testing.T) {
	var asked []uploader.PictureSource
	e := newHistoryEnv(t, func(d *HistoryDeps) { d.OnEdit = func(s uploader.PictureSource) { asked = append(asked, s) } })
	if !e.item(t, "clip.mp4").editBtn.Disabled() {
		t.Error("a video can be edited")
	}
	test.Tap(e.item(t, "beach.jpg").editBtn)
	if len(asked) != 1 || asked[0].URL != "https://img.test/i/beach.jpg" || asked[0].Name != "beach.jpg" {
		t.Errorf("edit asked for %+v", asked)
	}
}

// The reopen question: Enter reopens the first edit, the second is then
// asked and Discard throws it away.
func TestOfferReopen(t *testing.T) {
	e := newMainEnv(t, "en", false)
	var did []string
	edits := []UnfinishedEdit{
		{Source: "/pics/a.png", Reopen: func() { did = append(did, "reopen a") }, Discard: func() { did = append(did, "discard a") }},
		{Source: "/caps/b.png", Reopen: func() { did = append(did, "reopen b") }, Discard: func() { did = append(did, "discard b") }},
	}
	e.m.OfferReopen(edits)
	if msg := topDialogText(t, e.w); !strings.Contains(msg, "Reopen the edit of a.png?") {
		t.Fatalf("question %q", msg)
	}
	e.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if msg := topDialogText(t, e.w); !strings.Contains(msg, "Reopen the edit of b.png?") {
		t.Fatalf("second question %q", msg)
	}
	test.Tap(overlayButton(t, e.w, "Discard"))
	if strings.Join(did, ", ") != "reopen a, discard b" {
		t.Errorf("did %q", did)
	}
	if e.w.Canvas().Overlays().Top() != nil {
		t.Error("a question is still up")
	}
}

// topDialogText is the text of the labels in the dialog on top.
func topDialogText(t *testing.T, w fyne.Window) string {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	return dialogText(top)
}

// The editor window opens at the picture's size plus its toolbar and
// status line, within the bounds of a laptop's screen.
func TestEditorWindowSize(t *testing.T) {
	big := image.Pt(3840, 2160)
	tests := []struct {
		px, screen image.Point
		scale      float32
		want       fyne.Size
	}{
		{image.Pt(800, 500), big, 1, fyne.NewSize(824, 612)},
		{image.Pt(1600, 1000), big, 2, fyne.NewSize(824, 612)}, // HiDPI: pixels are half a unit
		{image.Pt(100, 50), big, 1, editorMinSize},
		{image.Pt(2560, 1440), big, 1, editorMaxSize},
		{image.Pt(2560, 1440), image.Point{}, 1, editorMaxSize}, // screen unknown
		{image.Pt(3000, 200), big, 1, fyne.NewSize(1600, 480)},
		{image.Pt(1280, 800), image.Pt(1280, 800), 1, fyne.NewSize(1177.6, 736)}, // a full-screen capture fits the screen
	}
	for _, tt := range tests {
		if got := EditorWindowSize(tt.px, tt.scale, tt.screen); got != tt.want {
			t.Errorf("EditorWindowSize(%v, %v, %v) = %v, want %v", tt.px, tt.scale, tt.screen, got, tt.want)
		}
	}
}

// A region to record: the hint says Enter starts the recording, not an
// upload, and E (the editor) does nothing even when one was offered.
func TestOverlayForRecordingSaysRecordAndHasNoEditor(t *testing.T) {
	withLanguage(t, "en")
	e := newPickerEnv(t, 400, 300, 1)
	var edited []Rect
	e.p.SetOnEdit(func(r Rect) { edited = append(edited, r) })
	e.p.SetForRecording()
	hint := test.WidgetRenderer(e.p).(*pickerRenderer).hint.text.Text
	if !strings.Contains(hint, "to start recording") || strings.Contains(hint, "upload") || strings.Contains(hint, "E to edit") {
		t.Errorf("hint %q, want it to say Enter starts the recording", hint)
	}
	e.drag(40, 30, 339, 229)
	e.key(fyne.KeyE)
	e.wantCalls(t)
	e.key(fyne.KeyReturn)
	e.wantCalls(t, pickerResult{Rect{40, 30, 300, 200}, true})
	if len(edited) != 0 {
		t.Errorf("E opened the editor on a region to record: %v", edited)
	}
}
