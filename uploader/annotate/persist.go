package annotate

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// docVersion is the version of the saved document format.
const docVersion = 1

// sidecarSuffix ends the name of a document saved beside its image.
const sidecarSuffix = ".upshot-edit.json"

// docFile is the saved form of a document: the source and the shapes, not
// the pixels (the source file has those) nor the undo history.
type docFile struct {
	Version int     `json:"version"`
	Source  string  `json:"source"`
	Width   int     `json:"width"`
	Height  int     `json:"height"`
	Crop    *[4]int `json:"crop,omitempty"` // x0, y0, x1, y1
	Shapes  []Shape `json:"shapes"`
}

// SidecarPath is where the document of the image at source is saved: a
// hidden file beside it, .NAME.upshot-edit.json.
func SidecarPath(source string) string {
	return filepath.Join(filepath.Dir(source), "."+filepath.Base(source)+sidecarSuffix)
}

// Encode is the document as saved: JSON with the source path, its size,
// the crop and the shapes.
func (d *Document) Encode() []byte {
	f := docFile{Version: docVersion, Source: d.source, Width: d.size.X, Height: d.size.Y, Shapes: d.cur.shapes}
	if f.Shapes == nil {
		f.Shapes = []Shape{}
	}
	if c := d.cur.crop; !c.Empty() {
		f.Crop = &[4]int{c.Min.X, c.Min.Y, c.Max.X, c.Max.Y}
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil { // a Shape always marshals
		panic(fmt.Sprintf("annotate: encode document: %v", err))
	}
	return append(b, '\n')
}

// Decode reads a saved document. Shapes it cannot draw are left out and
// widths and colours brought into range, so a damaged file keeps what it
// can.
func Decode(b []byte) (*Document, error) {
	var f docFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("read saved edits: %w", err)
	}
	if f.Version != docVersion {
		return nil, fmt.Errorf("saved edits have version %d; this Upshot reads version %d", f.Version, docVersion)
	}
	if f.Width <= 0 || f.Height <= 0 || f.Source == "" {
		return nil, errors.New("saved edits name no image")
	}
	d := NewDocument(f.Source, f.Width, f.Height)
	seen := map[int]bool{}
	for _, s := range f.Shapes {
		if !drawable(s) || seen[s.ID] || s.ID <= 0 {
			continue
		}
		seen[s.ID] = true
		d.cur.shapes = append(d.cur.shapes, d.stamp(s))
		d.nextID = max(d.nextID, s.ID+1)
	}
	if c := f.Crop; c != nil {
		d.cur.crop = image.Rect(c[0], c[1], c[2], c[3]).Intersect(d.Bounds())
	}
	return d, nil
}

// drawable reports whether s has what its kind needs.
func drawable(s Shape) bool {
	n := 1
	if s.Kind.twoPoint() {
		n = 2
	}
	for _, p := range s.Points {
		if p.X != p.X || p.Y != p.Y || p.X > 1e6 || p.X < -1e6 || p.Y > 1e6 || p.Y < -1e6 { // NaN or absurd
			return false
		}
	}
	return s.Kind.Valid() && len(s.Points) >= n
}

// Load reads the document saved at path.
func Load(path string) (*Document, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read saved edits: %w", err)
	}
	d, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Unfinished is a document saved beside an image and not finished: the
// editor was closed by a crash or a kill before the image was uploaded or
// the edits discarded.
type Unfinished struct {
	Sidecar  string    // the saved document
	Source   string    // the image it annotates
	Shapes   int       // how many shapes it has
	Modified time.Time // when it was last saved
}

// FindUnfinished lists the unfinished documents in dir whose image still
// exists and that have edits, newest first. Unreadable ones are skipped.
func FindUnfinished(dir string) ([]Unfinished, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("look for unfinished edits in %s: %w", dir, err)
	}
	var out []Unfinished
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, sidecarSuffix) {
			continue
		}
		p := filepath.Join(dir, name)
		d, err := Load(p)
		if err != nil || !d.Edited() {
			continue
		}
		src := resolveSource(d.source, p)
		info, err := e.Info()
		if _, serr := os.Stat(src); serr != nil || err != nil {
			continue
		}
		out = append(out, Unfinished{Sidecar: p, Source: src, Shapes: len(d.cur.shapes), Modified: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b Unfinished) int { return b.Modified.Compare(a.Modified) })
	return out, nil
}

// resolveSource is the image a sidecar annotates: the path it names, or,
// when the folder was moved, the file of that name beside the sidecar.
func resolveSource(source, sidecar string) string {
	if _, err := os.Stat(source); err == nil {
		return source
	}
	beside := filepath.Join(filepath.Dir(sidecar), filepath.Base(source))
	if filepath.Base(sidecar) == "."+filepath.Base(source)+sidecarSuffix {
		return beside
	}
	return source
}
