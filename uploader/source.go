package uploader

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"
)

// headLen is how much of a file Inspect reads to sniff it (AVIF keeps its
// dimensions in a box that may come after the first 512 bytes).
const headLen = 64 << 10

// Inspect validates a local file for upload without reading more than its
// header: it must be a regular file (a FIFO, device or socket is refused
// before it is opened, since opening one could block), readable, not
// empty, an accepted image or video by its bytes, and at most maxSize bytes
// (0 = no limit). Symlinks are followed; directories are refused (Expand
// turns them into files). Width and height come from the header only
// (0 for videos). Errors are *APIError (KindInvalid, KindTooBig or
// KindUnsupported) whose message names the file and says what to do.
func Inspect(path string, maxSize int64) (*File, error) {
	f, err := inspect(path, filepath.Base(path), maxSize)
	if err != nil {
		return nil, err
	}
	f.Source = path
	return f, nil
}

// inspect is Inspect with the name used in messages and in the upload.
func inspect(path, name string, maxSize int64) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, statError(path, name, err)
	}
	switch {
	case fi.IsDir():
		return nil, invalidf(KindInvalid, "%s is a folder — choose the files in it, or add the folder as a whole", name).keyed("folder")
	case !fi.Mode().IsRegular():
		return nil, invalidf(KindInvalid, "%s is not a regular file (%s) — only files can be uploaded", name, ModeName(fi.Mode()))
	case fi.Size() == 0:
		return nil, invalidf(KindInvalid, "%s is empty — there is nothing to upload", name).keyed("empty")
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, openError(name, err)
	}
	defer fh.Close()
	if now, err := fh.Stat(); err != nil || !os.SameFile(fi, now) {
		return nil, againf(KindInvalid, "%s changed while it was being checked — try again", name).keyed("changed")
	}
	head := make([]byte, min(fi.Size(), headLen))
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, againf(KindInvalid, "cannot read %s: %v — check the file and its disk", name, cause(err))
	}
	head = head[:n]
	mime, ok := Sniff(head)
	if !ok {
		return nil, unsupportedError(name, mime)
	}
	if maxSize > 0 && fi.Size() > maxSize {
		return nil, TooBigError(name, fi.Size(), maxSize)
	}
	w, h, err := dimensions(fh, head, mime)
	if err != nil {
		return nil, invalidf(KindInvalid, "%s looks like %s but its header cannot be read (%v) — the file may be damaged", name, mime, err)
	}
	return &File{Path: path, Name: name, Size: fi.Size(), Mime: mime, Width: w, Height: h}, nil
}

// statError explains why a path cannot be used.
func statError(path, name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			return invalidf(KindInvalid, "%s is a broken link: its target does not exist", name).keyed("broken_link")
		}
		return invalidf(KindInvalid, "%s does not exist — check the path", name).keyed("not_found")
	case errors.Is(err, fs.ErrPermission):
		return invalidf(KindInvalid, "cannot open %s: permission denied — check the permissions of the file and its folders", name).keyed("open_denied")
	default:
		return invalidf(KindInvalid, "cannot open %s: %v", name, cause(err))
	}
}

// openError explains why a regular file cannot be opened.
func openError(name string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return invalidf(KindInvalid, "cannot read %s: permission denied — check the file's permissions", name).keyed("read_denied")
	}
	return invalidf(KindInvalid, "cannot read %s: %v", name, cause(err))
}

// ModeName names a file type that is not a regular file for the user:
// "a FIFO", "a socket", "a device" or "a special file".
func ModeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	default:
		return "a special file"
	}
}

// unsupportedError says what the content looks like and what is accepted.
func unsupportedError(name, mime string) error {
	if strings.HasPrefix(mime, "image/") || strings.HasPrefix(mime, "video/") {
		return invalidf(KindUnsupported, "%s is a %s file, which the hosts do not accept; accepted: %s", name, mime, acceptedList).keyed("unsupported_type")
	}
	return invalidf(KindUnsupported, "%s is not an image or video (content looks like %s); accepted: %s", name, mime, acceptedList).keyed("not_media")
}

// TooBigError is the error of a file over the size limit of its host:
// permanent, keyed for translation ("reason.too_big").
func TooBigError(name string, size, limit int64) error {
	return invalidf(KindTooBig, "%s is %s, over the %s limit of this host — make it smaller or use another host", name, FormatSize(size), FormatSize(limit)).keyed("too_big")
}

// dimensions reads width and height from the header only; videos give 0.
func dimensions(fh *os.File, head []byte, mime string) (int, int, error) {
	decode := map[string]func(io.Reader) (image.Config, error){
		"image/jpeg": jpeg.DecodeConfig, "image/png": png.DecodeConfig, "image/gif": gif.DecodeConfig,
		"image/bmp": bmp.DecodeConfig, "image/webp": webp.DecodeConfig,
	}[mime]
	switch {
	case mime == "image/avif":
		w, h := avifSize(head)
		return w, h, nil
	case decode == nil:
		return 0, 0, nil
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return 0, 0, err
	}
	cfg, err := decode(bufio.NewReader(fh))
	if err != nil {
		return 0, 0, err
	}
	return cfg.Width, cfg.Height, nil
}

// avifSize finds the first "ispe" (image spatial extent) property in the
// header: version/flags, then width and height as 32-bit big-endian.
func avifSize(head []byte) (int, int) {
	i := bytes.Index(head, []byte("ispe"))
	if i < 0 || i+16 > len(head) {
		return 0, 0
	}
	w := binary.BigEndian.Uint32(head[i+8:])
	h := binary.BigEndian.Uint32(head[i+12:])
	if w == 0 || h == 0 || w > 1<<16 || h > 1<<16 {
		return 0, 0
	}
	return int(w), int(h)
}

// Spool copies r (stdin) into a temporary file in dir ("" = the system temp
// folder) and inspects it; the File is Temp and named name ("stdin" when
// empty) with the extension of its type added when missing. The copy stops
// past maxSize (0 = no limit).
func Spool(r io.Reader, name, dir string, maxSize int64) (*File, error) {
	if name == "" {
		name = "stdin"
	}
	tmp, err := os.CreateTemp(dir, "upshot-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool %s: %w", name, err)
	}
	f, err := spoolInto(tmp, r, name, maxSize)
	if err != nil {
		_ = os.Remove(tmp.Name())
		return nil, err
	}
	return f, nil
}

// spoolInto fills tmp from r, closes it, and inspects the result.
func spoolInto(tmp *os.File, r io.Reader, name string, maxSize int64) (*File, error) {
	src := r
	if maxSize > 0 {
		src = io.LimitReader(r, maxSize+1)
	}
	n, err := io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("spool %s: %w", name, err)
	}
	if maxSize > 0 && n > maxSize {
		return nil, invalidf(KindTooBig, "%s is over the %s limit of this host — make it smaller or use another host", name, FormatSize(maxSize)).keyed("over_limit")
	}
	f, err := inspect(tmp.Name(), name, maxSize)
	if err != nil {
		return nil, err
	}
	f.Name, f.Temp = withExt(name, f.Mime), true
	return f, nil
}

// withExt adds the usual extension of mime to name when it has none.
func withExt(name, mime string) string {
	if filepath.Ext(name) != "" {
		return name
	}
	if ext, ok := mimeExt[mime]; ok {
		return name + "." + ext
	}
	return name
}

// Prepare turns what the user gave into a validated local File: "-" is
// spooled from stdin, an http(s) URL is downloaded (the host's own URL
// upload is broken on 4.2.0), a file:// URL or a path is inspected in
// place. File.Source is set to source.
func Prepare(ctx context.Context, source, dir string, maxSize int64, stdin io.Reader) (*File, error) {
	var (
		f   *File
		err error
	)
	lower := strings.ToLower(source)
	switch {
	case source == "-":
		if stdin == nil {
			return nil, invalidf(KindInvalid, "standard input is not available here — give a file instead of -")
		}
		f, err = Spool(stdin, "stdin", dir, maxSize)
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		f, err = Fetch(ctx, source, dir, maxSize)
	case strings.HasPrefix(lower, "file://"):
		u, perr := url.Parse(source)
		if perr != nil || u.Path == "" {
			return nil, invalidf(KindInvalid, "%s is not a valid file address", source)
		}
		f, err = Inspect(filepath.FromSlash(u.Path), maxSize)
	default:
		f, err = Inspect(source, maxSize)
	}
	if err != nil {
		return nil, err
	}
	f.Source = source
	return f, nil
}

// isSupportedName reports whether a file name has an accepted extension.
func isSupportedName(name string) bool {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
	return ext != "" && slices.Contains(SupportedExts, ext)
}

// cause strips the *fs.PathError wrapper so that a message names the file
// once, by the name the user knows.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Expand replaces each directory in sources by the supported files in it
// (by extension, case-insensitive), recursively, following symlinked
// folders once (a loop is not followed again), skipping hidden entries, in
// sorted order. Other sources (files, "-", URLs) pass through unchanged:
// they are validated later. At most limit paths come out of folders
// (0 = no limit); past it, and for a folder without any supported file,
// an error naming the folder is returned in errs.
func Expand(sources []string, limit int) (out []string, errs []error) {
	budget := limit
	for _, src := range sources {
		fi, err := os.Stat(src)
		if src == "-" || strings.Contains(src, "://") || err != nil || !fi.IsDir() {
			out = append(out, src)
			continue
		}
		w := &walker{seen: map[string]bool{}, budget: budget, limited: limit > 0}
		w.walk(src)
		slices.Sort(w.files)
		out = append(out, w.files...)
		budget = w.budget
		switch {
		case w.full:
			errs = append(errs, invalidf(KindInvalid, "folder %s has more than %d files to upload; only the first %d were added — choose fewer files", src, limit, len(w.files)).keyed("folder_full"))
		case len(w.files) == 0:
			errs = append(errs, invalidf(KindInvalid, "folder %s has no image or video files (accepted: %s)", src, acceptedList).keyed("folder_no_media"))
		}
		errs = append(errs, w.errs...)
	}
	return out, errs
}

// walker collects the supported files under one folder.
type walker struct {
	seen    map[string]bool // real paths of folders already walked
	files   []string
	errs    []error
	budget  int  // files still allowed
	limited bool // budget applies
	full    bool // budget ran out
}

// walk adds dir's supported files and recurses into its folders.
func (w *walker) walk(dir string) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil || w.seen[real] {
		return
	}
	w.seen[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.errs = append(w.errs, invalidf(KindInvalid, "cannot read folder %s: %v — check its permissions", dir, cause(err)))
		return
	}
	for _, e := range entries {
		if w.full || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p) // follows symlinks
		switch {
		case err != nil:
			continue
		case fi.IsDir():
			w.walk(p)
		case fi.Mode().IsRegular() && isSupportedName(e.Name()):
			if w.limited && w.budget <= 0 {
				w.full = true
				continue
			}
			w.files = append(w.files, p)
			w.budget--
		}
	}
}
