package service

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/upshot-app/upshot/uploader/annotate"
	"github.com/upshot-app/upshot/uploader/fsx"
)

// ErrEditClosed is an editor closed without uploading: the command line
// reports it as "FILE: closed without uploading" with exit status 1.
var ErrEditClosed = errors.New("closed without uploading")

// CheckEditable tells whether the editor can open the file at path: it
// exists, can be read and is an image of a format the editor decodes. The
// error names the file and says what to do.
func CheckEditable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: no such file — give the path of an image to edit", path)
		}
		return fmt.Errorf("%s: cannot be read (%v) — check its permissions", path, errors.Unwrap(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a folder — give the path of an image to edit", path)
	}
	if _, _, err := image.DecodeConfig(bufio.NewReader(f)); err != nil {
		return fmt.Errorf("%s is not an image the editor can open — give a PNG, JPEG, GIF, WebP or BMP file", path)
	}
	return nil
}

// SaveEdited writes the editor's picture of source into dir (the captures
// folder) as NAME-edited.png, where it waits for its upload like a capture
// does, and returns its path.
func SaveEdited(dir, source string, img image.Image) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("save the edited image: create folder %s: %w", dir, err)
	}
	p := annotate.EditedPath(source, dir)
	if err := annotate.SavePNG(p, img); err != nil {
		return "", fmt.Errorf("save the edited image: %w", err)
	}
	return p, nil
}

// editDirsFile lists, one a line, the folders outside the captures folder
// where an image was opened in the editor: its autosaved document lies
// beside the image, and the next start looks for unfinished ones there.
func (p Paths) editDirsFile() string { return filepath.Join(p.Data, "edit-dirs") }

// NoteEditDir remembers the folder of source for UnfinishedEdits (the
// captures folder is always searched).
func NoteEditDir(p Paths, source string) error {
	dir := filepath.Dir(source)
	dirs := editDirs(p)
	if dir == p.Captures || slices.Contains(dirs, dir) {
		return nil
	}
	if err := os.MkdirAll(p.Data, 0o700); err != nil {
		return fmt.Errorf("remember edits in %s: %w", dir, err)
	}
	return writeEditDirs(p, append(dirs, dir))
}

func editDirs(p Paths) []string {
	b, err := os.ReadFile(p.editDirsFile())
	if err != nil {
		return nil
	}
	var dirs []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(dirs, l) {
			dirs = append(dirs, l)
		}
	}
	return dirs
}

func writeEditDirs(p Paths, dirs []string) error {
	var b strings.Builder
	for _, d := range dirs {
		b.WriteString(d + "\n")
	}
	return fsx.WriteFileAtomic(p.editDirsFile(), []byte(b.String()), 0o600)
}

// UnfinishedEdits lists the documents an editor left unfinished (a crash,
// a kill) in the captures folder and the folders NoteEditDir remembered,
// newest first. Folders that hold none any more are forgotten.
func UnfinishedEdits(p Paths) []annotate.Unfinished {
	var out, all []annotate.Unfinished
	if u, err := annotate.FindUnfinished(p.Captures); err == nil {
		all = append(all, u...)
	}
	var keep []string
	dirs := editDirs(p)
	for _, d := range dirs {
		u, _ := annotate.FindUnfinished(d)
		if len(u) > 0 {
			keep = append(keep, d)
			all = append(all, u...)
		}
	}
	if len(keep) != len(dirs) {
		_ = writeEditDirs(p, keep)
	}
	seen := map[string]bool{}
	for _, u := range all {
		if !seen[u.Sidecar] {
			seen[u.Sidecar] = true
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b annotate.Unfinished) int { return b.Modified.Compare(a.Modified) })
	return out
}
