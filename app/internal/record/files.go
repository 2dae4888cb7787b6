package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// A recording in progress is two files in the output folder, both named
// after the time it started:
//
//	Recording 2026-11-23 10-42-05.part.mp4  the fragmented MP4 being written
//	Recording 2026-11-23 10-42-05.rec.json  what it is to become (manifest)
//
// The recording process holds an exclusive flock on the manifest until the
// final file is there and both are removed. A manifest that can be locked
// belongs to a recording whose process died: a leftover.

const (
	workExt     = ".part.mp4"
	manifestExt = ".rec.json"
	namePrefix  = "Recording "
)

// manifest is the .rec.json file.
type manifest struct {
	Version int       `json:"version"`
	Format  Format    `json:"format"`
	FPS     int       `json:"fps"`
	Started time.Time `json:"started"`
	Backend string    `json:"backend,omitempty"`
}

// files are one recording's paths and the lock on its manifest.
type files struct {
	dir  string
	base string // "Recording 2026-11-23 10-42-05"
	lock *os.File
	m    manifest
	// maxLen is the longest the final file may be (--max-seconds), 0 for
	// no bound: the timer counts from the first frame the encoder wrote,
	// but a recorder may stamp frames it took before that (wf-recorder),
	// so the final encodes cut there.
	maxLen time.Duration
}

// cut bounds an encode of the work file (args end with the output) to maxLen.
func (f *files) cut(args []string) []string {
	if f.maxLen <= 0 || len(args) == 0 {
		return args
	}
	out := append([]string{}, args[:len(args)-1]...)
	return append(out, "-t", strconv.FormatFloat(f.maxLen.Seconds(), 'f', 3, 64), args[len(args)-1])
}

func (f *files) work() string     { return filepath.Join(f.dir, f.base+workExt) }
func (f *files) manifest() string { return filepath.Join(f.dir, f.base+manifestExt) }

// final is where the finished file goes, and tmp where it is written first.
func (f *files) final() string { return filepath.Join(f.dir, f.base+"."+string(f.m.Format)) }
func (f *files) tmp(tag string) string {
	return filepath.Join(f.dir, f.base+".tmp"+tag+"."+string(f.m.Format))
}

// newFiles creates and locks the manifest of a recording that starts now,
// under a name that no file in dir has yet.
func newFiles(dir string, m manifest) (*files, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the recordings folder %s: %w", dir, err)
	}
	stamp := namePrefix + m.Started.Format("2006-01-02 15-04-05")
	for n := 1; n < 1000; n++ {
		base := stamp
		if n > 1 {
			base = fmt.Sprintf("%s (%d)", stamp, n)
		}
		f := &files{dir: dir, base: base, m: m}
		if taken(f) {
			continue
		}
		lock, err := os.OpenFile(f.manifest(), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("start a recording in %s: %w", dir, err)
		}
		f.lock = lock
		if err := f.writeManifest(); err != nil {
			f.remove()
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("start a recording: %s already has 999 recordings named %q", dir, stamp)
}

// taken reports whether any file of the name exists already.
func taken(f *files) bool {
	for _, p := range []string{f.final(), f.work(), f.manifest(), filepath.Join(f.dir, f.base+".gif"), filepath.Join(f.dir, f.base+".mp4")} {
		if _, err := os.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// writeManifest locks the manifest and writes it, durably: a crash right
// after the recorder starts must still find it.
func (f *files) writeManifest() error {
	if err := tryLock(f.lock); err != nil {
		return fmt.Errorf("lock %s: %w", f.manifest(), err)
	}
	b, err := json.Marshal(f.m)
	if err == nil {
		_, err = f.lock.Write(append(b, '\n'))
	}
	if err == nil {
		err = f.lock.Sync()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f.manifest(), err)
	}
	fsx.SyncDir(f.dir)
	return nil
}

// remove deletes the work file, the temporary files and the manifest, and
// drops the lock: the recording is finished or thrown away.
func (f *files) remove() {
	_ = os.Remove(f.work())
	f.removeTmp()
	_ = os.Remove(f.manifest())
	f.release()
	fsx.SyncDir(f.dir)
}

// removeTmp deletes what an unfinished finishing step left.
func (f *files) removeTmp() {
	matches, _ := filepath.Glob(filepath.Join(f.dir, globEscape(f.base)+".tmp*"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

// release drops the lock and keeps the files (a leftover kept for later).
func (f *files) release() {
	if f.lock != nil {
		f.lock.Close()
		f.lock = nil
	}
}

// globEscape quotes the characters filepath.Match treats specially.
func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}
