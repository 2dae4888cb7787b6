package record

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Leftover is a recording that a crash or a kill interrupted: its
// fragmented MP4 holds what was recorded up to the last fragment (about a
// second before the end). FindLeftovers holds a lock on it, so that no
// other Upshot finishes it at the same time; call Finish, Discard or
// Release.
type Leftover struct {
	Path    string    // the interrupted recording (a fragmented MP4)
	Format  Format    // what it was to become
	Started time.Time // when it started
	Size    int64     // bytes recorded
	f       *files
	tools   tools
}

// FindLeftovers lists the interrupted recordings in dir, oldest first, and
// locks them. Recordings still running (in this or another process) are
// not listed. A manifest without a recording (the crash came before the
// first frame) is removed.
func FindLeftovers(dir string) ([]*Leftover, error) {
	return findLeftovers(dir, systemTools())
}

func findLeftovers(dir string, t tools) ([]*Leftover, error) {
	names, err := filepath.Glob(filepath.Join(globEscape(dir), "*"+manifestExt))
	if err != nil {
		return nil, err
	}
	var out []*Leftover
	for _, name := range names {
		l, err := claim(name, t)
		if err != nil {
			return out, err
		}
		if l != nil {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Started.Before(out[j].Started) })
	return out, nil
}

// claim locks the manifest at path. It returns nil when the recording
// still runs, or when there is nothing to finish (then it cleans up).
func claim(path string, t tools) (*Leftover, error) {
	lock, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, nil // gone meanwhile: finished by its owner
	}
	if tryLock(lock) != nil {
		lock.Close()
		return nil, nil // its recorder is alive
	}
	f := &files{dir: filepath.Dir(path), base: strings.TrimSuffix(filepath.Base(path), manifestExt), lock: lock}
	if err := json.NewDecoder(lock).Decode(&f.m); err != nil || (f.m.Format != FormatMP4 && f.m.Format != FormatGIF) {
		f.m.Format = FormatMP4 // torn manifest: the recording is still worth keeping
	}
	f.removeTmp()
	st, err := os.Stat(f.work())
	if err != nil || st.Size() == 0 {
		f.remove()
		return nil, nil
	}
	if f.m.Started.IsZero() {
		f.m.Started = st.ModTime()
	}
	return &Leftover{Path: f.work(), Format: f.m.Format, Started: f.m.Started, Size: st.Size(), f: f, tools: t}, nil
}

// Finish turns the leftover into its final file (re-encoded to fit
// sizeLimit when above 0) and removes the partial files. When nothing in
// it is playable it is removed and the error is ErrNothingRecorded.
func (l *Leftover) Finish(ctx context.Context, sizeLimit int64) (*Result, error) {
	if l.f == nil {
		return nil, fmt.Errorf("the interrupted recording %s was already handled", l.Path)
	}
	res, err := finish(ctx, l.tools, l.f, sizeLimit)
	if err == nil || isTooBig(err) {
		l.f.remove()
		l.f = nil
	} else if err == ErrNothingRecorded {
		l.f.remove()
		l.f = nil
		return nil, fmt.Errorf("the interrupted recording %s: %w", l.Path, err)
	}
	return res, err
}

// Discard removes the leftover.
func (l *Leftover) Discard() {
	if l.f != nil {
		l.f.remove()
		l.f = nil
	}
}

// Release keeps the leftover for a later start and drops the lock.
func (l *Leftover) Release() {
	if l.f != nil {
		l.f.release()
		l.f = nil
	}
}

// Kept is how much of the leftover can be played (ffprobe's duration of
// the fragmented MP4): what an offer to upload it tells the user.
func (l *Leftover) Kept(ctx context.Context) (time.Duration, error) {
	c, err := l.tools.probe(ctx, l.Path)
	if err != nil {
		return 0, fmt.Errorf("read the interrupted recording %s: %w", l.Path, err)
	}
	return c.Duration, nil
}
