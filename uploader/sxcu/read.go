package sxcu

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/upshot-app/upshot/uploader"
)

// MaxFileSize caps a .sxcu (1 MiB): real ones are a few hundred bytes.
const MaxFileSize = 1 << 20

// ReadFile reads the .sxcu file at path for Parse. Only a regular file is
// opened: a FIFO, device or socket is refused first (opening a FIFO waits
// for a writer, forever if none comes), and a file over MaxFileSize by its
// size. Errors name no path: the caller puts it in front.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot open the file: %v — give the path of a .sxcu file", pathCause(err))
	case fi.IsDir():
		return nil, errors.New("it is a folder — give the path of a .sxcu file")
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("not a regular file (%s) — give the path of a .sxcu file, or - to read one from standard input", uploader.ModeName(fi.Mode()))
	case fi.Size() > MaxFileSize:
		return nil, tooBig(fi.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the file: %v", pathCause(err))
	}
	defer f.Close()
	if now, err := f.Stat(); err != nil || !os.SameFile(fi, now) {
		return nil, errors.New("the file changed while it was being read — try again")
	}
	return readAll(f, "the file")
}

// Read reads a .sxcu from r (standard input) for Parse, refusing more
// than MaxFileSize bytes.
func Read(r io.Reader) ([]byte, error) { return readAll(r, "the input") }

// readAll reads at most MaxFileSize bytes of what (a file or the input).
func readAll(r io.Reader, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %v", what, pathCause(err))
	case len(data) > MaxFileSize:
		return nil, fmt.Errorf("%s is more than 1 MiB; a .sxcu is a small JSON file — check that this is the right file", what)
	}
	return data, nil
}

// tooBig refuses a file of size bytes, by its real size.
func tooBig(size int64) error {
	return fmt.Errorf("the file is %s (%d bytes); a .sxcu is a small JSON file of at most 1 MiB — check that this is the right file",
		uploader.FormatSize(size), size)
}

// pathCause is the system's words for a failed file operation, without the
// operation and path that *fs.PathError repeats.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
