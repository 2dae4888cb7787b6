package service

import (
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// leaveEdit writes an image at path and an unfinished document beside it
// with one rectangle, as a killed editor leaves them.
func leaveEdit(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := annotate.SavePNG(path, image.NewRGBA(image.Rect(0, 0, 20, 10))); err != nil {
		t.Fatal(err)
	}
	d := annotate.NewDocument(path, 20, 10)
	d.Add(annotate.Shape{Kind: annotate.Rect, Points: []annotate.Point{{X: 1, Y: 1}, {X: 8, Y: 6}}, Color: 1, Width: 2})
	if err := os.WriteFile(annotate.SidecarPath(path), d.Encode(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestUnfinishedEdits: edits left in the captures folder and in folders an
// editor was opened in are found; folders with none left are forgotten.
func TestUnfinishedEdits(t *testing.T) {
	root := t.TempDir()
	p := Paths{Data: filepath.Join(root, "data"), Captures: filepath.Join(root, "data", "captures")}
	inCaptures := filepath.Join(p.Captures, "shot.png")
	elsewhere := filepath.Join(root, "pictures", "bug.png")
	done := filepath.Join(root, "done", "old.png")
	leaveEdit(t, inCaptures)
	leaveEdit(t, elsewhere)
	for _, src := range []string{inCaptures, elsewhere, elsewhere, done} {
		if err := NoteEditDir(p, src); err != nil {
			t.Fatal(err)
		}
	}
	if got := editDirs(p); len(got) != 2 {
		t.Fatalf("remembered %q, want the two folders outside captures, once each", got)
	}
	found := UnfinishedEdits(p)
	srcs := map[string]bool{}
	for _, u := range found {
		srcs[u.Source] = true
	}
	if len(found) != 2 || !srcs[inCaptures] || !srcs[elsewhere] {
		t.Fatalf("found %+v, want %s and %s", found, inCaptures, elsewhere)
	}
	if got := editDirs(p); len(got) != 1 || got[0] != filepath.Dir(elsewhere) {
		t.Errorf("still remembered %q, want only %s", got, filepath.Dir(elsewhere))
	}
}

// TestSaveEdited: the edited picture lands in the captures folder as
// NAME-edited.png, a second one beside it.
func TestSaveEdited(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "captures")
	img := image.NewRGBA(image.Rect(0, 0, 3, 3))
	a, err := SaveEdited(dir, "/pictures/bug.png", img)
	if err != nil || a != filepath.Join(dir, "bug-edited.png") {
		t.Fatalf("SaveEdited = %q, %v", a, err)
	}
	b, err := SaveEdited(dir, "/pictures/bug.png", img)
	if err != nil || b != filepath.Join(dir, "bug-edited-2.png") {
		t.Fatalf("second SaveEdited = %q, %v", b, err)
	}
}
