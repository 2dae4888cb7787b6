package annotate

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeCapture writes a w×h PNG capture into dir and returns its path.
func writeCapture(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	writePNG(t, p, screenshot(w, h))
	return p
}

func sameShapes(a, b []Shape) bool {
	return slices.EqualFunc(a, b, func(x, y Shape) bool {
		return x.ID == y.ID && x.Kind == y.Kind && x.Color == y.Color && x.Width == y.Width &&
			x.Text == y.Text && x.Number == y.Number && slices.Equal(x.Points, y.Points)
	})
}

func TestEncodeDecode(t *testing.T) {
	d := NewDocument("/tmp/shot.png", 300, 200)
	for _, s := range baseShapes() {
		d.Add(s)
	}
	d.Add(Shape{Kind: Step, Color: 3, Width: 4, Points: pts(5.25, 7.5)})
	d.SetCrop(image.Rect(10, 20, 200, 150))
	got, err := Decode(d.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !sameShapes(got.Shapes(), d.Shapes()) || got.Crop() != d.Crop() || got.Source() != d.Source() || got.Size() != d.Size() {
		t.Errorf("round trip changed the document:\n%s\nvs\n%s", got.Encode(), d.Encode())
	}
	if got.CanUndo() {
		t.Error("a loaded document has something to undo")
	}
	if id := got.Add(Shape{Kind: Line, Points: pts(1, 1, 2, 2)}); id != 6 {
		t.Errorf("a shape added after loading got id %d, want 6", id)
	}
}

func TestDecodeDamaged(t *testing.T) {
	raw := `{"version":1,"source":"s.png","width":100,"height":50,"crop":[-5,10,500,40],"shapes":[
	 {"id":1,"kind":"line","color":99,"width":0,"points":[{"x":1,"y":1},{"x":9,"y":9}]},
	 {"id":2,"kind":"sparkle","points":[{"x":1,"y":1}]},
	 {"id":3,"kind":"arrow","points":[{"x":1,"y":1}]},
	 {"id":1,"kind":"pen","points":[{"x":1,"y":1}]},
	 {"id":4,"kind":"pen","points":[{"x":1e300,"y":1}]},
	 {"id":5,"kind":"text","text":"hi","points":[{"x":3,"y":4}]}]}`
	d, err := Decode([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	s := d.Shapes()
	if len(s) != 2 || s[0].ID != 1 || s[1].ID != 5 {
		t.Fatalf("kept %v, want the line and the text", s)
	}
	if s[0].Color != 1 || s[0].Width != MinWidth {
		t.Errorf("line colour %d width %v, want 1 and %v", s[0].Color, s[0].Width, MinWidth)
	}
	if d.Crop() != image.Rect(0, 10, 100, 40) {
		t.Errorf("crop %v, want clipped", d.Crop())
	}
	for _, bad := range []string{`{`, `{"version":2,"source":"s","width":1,"height":1}`, `{"version":1,"width":1,"height":1}`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%s) succeeded", bad)
		}
	}
}

// TestOpenResumes: edits are saved beside the capture as they happen, and
// opening the capture again brings them back; Discard removes them and
// Close keeps them.
func TestOpenResumes(t *testing.T) {
	dir := t.TempDir()
	src := writeCapture(t, dir, "shot.png", 120, 80)
	d, img, err := Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Size() != image.Pt(120, 80) || d.Size() != image.Pt(120, 80) {
		t.Fatalf("opened %v, document %v", img.Bounds(), d.Size())
	}
	if _, err := os.Stat(SidecarPath(src)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("opening without editing wrote %s", SidecarPath(src))
	}
	d.Add(Shape{Kind: Arrow, Color: 2, Width: 3, Points: pts(10, 10, 60, 40)})
	d.Add(Shape{Kind: Text, Color: 1, Width: 3, Text: "x", Points: pts(70, 20)})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	again, _, err := Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sameShapes(again.Shapes(), d.Shapes()) {
		t.Errorf("reopened with %v, want %v", again.Shapes(), d.Shapes())
	}
	if err := again.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(SidecarPath(src)); !errors.Is(err, os.ErrNotExist) {
		t.Error("Discard left the saved edits")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	src := writeCapture(t, dir, "shot.png", 120, 80)
	other := NewDocument(src, 640, 480)
	other.Add(Shape{Kind: Step, Points: pts(1, 1)})
	if err := os.WriteFile(SidecarPath(src), other.Encode(), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(src, nil)
	if err == nil || !strings.Contains(err.Error(), "640×480") || !strings.Contains(err.Error(), "120×80") {
		t.Errorf("edits of another size: %v", err)
	}
	notImage := filepath.Join(dir, "notes.txt")
	os.WriteFile(notImage, []byte("hello"), 0o600)
	if _, _, err := Open(notImage, nil); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("a text file: %v", err)
	}
	if _, _, err := Open(filepath.Join(dir, "gone.png"), nil); err == nil || !strings.Contains(err.Error(), "gone.png") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestFindUnfinished(t *testing.T) {
	dir := t.TempDir()
	edited := writeCapture(t, dir, "a.png", 50, 50)
	empty := writeCapture(t, dir, "b.png", 50, 50)
	orphan := filepath.Join(dir, "c.png") // its capture was uploaded and deleted
	for _, p := range []string{edited, empty, orphan} {
		d := NewDocument(p, 50, 50)
		if p != empty {
			d.Add(Shape{Kind: Rect, Points: pts(1, 1, 9, 9)})
		}
		os.WriteFile(SidecarPath(p), d.Encode(), 0o600)
	}
	os.WriteFile(filepath.Join(dir, ".junk.png"+sidecarSuffix), []byte("{"), 0o600)
	got, err := FindUnfinished(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Source != edited || got[0].Sidecar != SidecarPath(edited) || got[0].Shapes != 1 {
		t.Errorf("found %+v, want only %s", got, edited)
	}
	if _, err := FindUnfinished(filepath.Join(dir, "nope")); err == nil {
		t.Error("a missing folder gave no error")
	}
}

// TestAutosaveReportsFailure: a write that fails reaches onErr and Flush,
// in one sentence naming the file.
func TestAutosaveReportsFailure(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o600)
	errs := make(chan error, 4)
	a := NewAutosaver(filepath.Join(blocker, "doc.json"), func(err error) { errs <- err })
	a.Save([]byte("{}"))
	err := a.Flush()
	if err == nil || !strings.Contains(err.Error(), "doc.json") {
		t.Fatalf("Flush = %v", err)
	}
	if got := <-errs; got == nil {
		t.Error("onErr got nil for a failure")
	}
	a.Close()
	a.Save([]byte("{}")) // after Close: dropped, no panic
}

func TestEditedPath(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "shot.jpg")
	if got := EditedPath(src, ""); got != filepath.Join(dir, "shot-edited.png") {
		t.Errorf("EditedPath = %s", got)
	}
	os.WriteFile(filepath.Join(dir, "shot-edited.png"), nil, 0o600)
	if got := EditedPath(src, ""); got != filepath.Join(dir, "shot-edited-2.png") {
		t.Errorf("with the first taken: %s", got)
	}
	other := t.TempDir()
	if got := EditedPath(src, other); got != filepath.Join(other, "shot-edited.png") {
		t.Errorf("in another folder: %s", got)
	}
	if err := SavePNG(filepath.Join(other, "out.png"), screenshot(10, 10)); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeImage(filepath.Join(other, "out.png")); err != nil {
		t.Error(err)
	}
}
