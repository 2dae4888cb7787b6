package uploader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// The journal makes the queue crash-safe. Each process appends JSON lines to
// its own file <pid>-<start>-<rand>.journal in JournalDir; a write reaches
// the kernel before the call returns, so that a kill -9 loses at most a torn
// last line. Added items are fsynced before Add returns (a power cut must
// not lose an upload); a finished item's record is fsynced a moment later,
// off the worker (a power cut in between can only upload it again, and the
// fsync held every worker for milliseconds per file). The file is
// flock'ed while its process uses it; a later process takes over the files
// of dead processes by locking and renaming them into its own name, which is
// an exclusive claim: two resumers never get the same file.

// Journal record operations.
const (
	opHead    = "head"    // first line: who wrote the file
	opAdd     = "add"     // an item to upload
	opDone    = "done"    // the item uploaded
	opRemoved = "removed" // the user removed or canceled the item
	opFailed  = "failed"  // the item failed for good (Permanent): reported once, never resumed
)

const journalExt = ".journal"

// jrecord is one line of a journal file.
type jrecord struct {
	Op      string       `json:"op"`
	ID      int64        `json:"id,omitempty"`
	Source  string       `json:"source,omitempty"`
	Profile string       `json:"profile,omitempty"`
	Dest    *Destination `json:"dest,omitempty"` // where the item goes; absent in journals older than destinations
	Options *Options     `json:"options,omitempty"`
	Owned   bool         `json:"owned,omitempty"`
	PID     int          `json:"pid,omitempty"`
	Start   string       `json:"start,omitempty"`
}

// jfile is one open, locked journal file and its unfinished item keys.
type jfile struct {
	path string
	f    *os.File
	live map[int64]bool
	// syncing: a background fsync runs; dirty: records were written since
	// it started. Both guarded by journal.mu.
	syncing, dirty bool
}

// jref locates an item's add record: which file, under which key.
type jref struct {
	file *jfile
	key  int64
}

// journal is the current process's view of JournalDir.
type journal struct {
	dir   string
	pid   int
	start string

	mu      sync.Mutex
	primary *jfile   // where new items are recorded; created on demand
	files   []*jfile // primary and adopted files, all locked by us
	closed  bool
	// syncs counts the background fsyncs running: each holds its file open
	// (and so its lock) until it returns, so close waits for them.
	syncs sync.WaitGroup
}

// openJournal prepares dir; it creates no file until the first add.
func openJournal(dir string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal folder %s: %w", dir, err)
	}
	pid := os.Getpid()
	return &journal{dir: dir, pid: pid, start: procStart(pid)}, nil
}

// newName is a fresh file name owned by this process.
func (j *journal) newName() string {
	return filepath.Join(j.dir, fmt.Sprintf("%d-%s-%08x%s", j.pid, j.start, rand.Uint32(), journalExt))
}

// add records items in the primary file with one fsync and returns it.
func (j *journal) add(recs []jrecord) (*jfile, error) {
	if j == nil || len(recs) == 0 {
		return nil, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil, errors.New("journal closed")
	}
	if j.primary == nil {
		jf, err := j.create()
		if err != nil {
			return nil, err
		}
		j.primary = jf
		j.files = append(j.files, jf)
	}
	if err := writeRecords(j.primary.f, recs...); err != nil {
		return nil, fmt.Errorf("journal %s: %w", j.primary.path, err)
	}
	for _, r := range recs {
		j.primary.live[r.ID] = true
	}
	return j.primary, nil
}

// create makes a new locked journal file. It is written under a temporary
// name and renamed only once locked, so no resumer can see it unlocked.
func (j *journal) create() (*jfile, error) {
	f, err := createTemp(j.dir, ".journal-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create journal: %w", err)
	}
	fail := func(err error) (*jfile, error) {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("create journal: %w", err)
	}
	if err := tryLock(f); err != nil {
		return fail(err)
	}
	if err := writeRecords(f, jrecord{Op: opHead, PID: j.pid, Start: j.start}); err != nil {
		return fail(err)
	}
	name := j.newName()
	if err := os.Rename(f.Name(), name); err != nil {
		return fail(err)
	}
	fsx.SyncDir(j.dir)
	return &jfile{path: name, f: f, live: map[int64]bool{}}, nil
}

// finish marks an item done or removed; a file with no unfinished item left
// is deleted (compaction).
func (j *journal) finish(ref jref, op string) error {
	if j == nil || ref.file == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	jf := ref.file
	if j.closed || jf.f == nil || !jf.live[ref.key] {
		return nil
	}
	delete(jf.live, ref.key)
	if len(jf.live) == 0 {
		j.drop(jf)
		return nil
	}
	if err := appendRecords(jf.f, jrecord{Op: op, ID: ref.key}); err != nil {
		return fmt.Errorf("journal %s: %w", jf.path, err)
	}
	j.syncSoon(jf)
	return nil
}

// syncSoon fsyncs jf in the background; one fsync covers every record
// written while the one before ran. Called with j.mu held.
func (j *journal) syncSoon(jf *jfile) {
	if jf.syncing {
		jf.dirty = true
		return
	}
	jf.syncing = true
	f := jf.f // a file closed meanwhile only fails its Sync
	j.syncs.Add(1)
	go func() {
		defer j.syncs.Done()
		for {
			_ = f.Sync()
			j.mu.Lock()
			again := jf.dirty
			jf.dirty, jf.syncing = false, again
			j.mu.Unlock()
			if !again {
				return
			}
		}
	}()
}

// isLive reports whether the item's add record is still unfinished.
func (j *journal) isLive(ref jref) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return ref.file != nil && ref.file.f != nil && ref.file.live[ref.key]
}

// drop deletes a file that has nothing left to resume. Called with j.mu held.
func (j *journal) drop(jf *jfile) {
	os.Remove(jf.path)
	fsx.SyncDir(j.dir)
	jf.f.Close()
	jf.f = nil
	if j.primary == jf {
		j.primary = nil
	}
	for i, x := range j.files {
		if x == jf {
			j.files = append(j.files[:i], j.files[i+1:]...)
			break
		}
	}
}

// close releases every file (and its lock) and keeps the unfinished ones on
// disk for the next run. It returns once no background fsync holds a file
// open: until then the kernel keeps the lock, and a queue opened right
// after this one (the next run, or `upshot resume`) would find the files
// still taken and resume nothing.
func (j *journal) close() {
	if j == nil {
		return
	}
	j.mu.Lock()
	j.closed = true
	files := j.files
	j.files, j.primary = nil, nil
	j.mu.Unlock()
	j.syncs.Wait() // they take j.mu to finish
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, jf := range files {
		_ = jf.f.Sync() // what syncSoon has not made durable yet
		jf.f.Close()
		jf.f = nil
	}
}

// writeRecords appends JSON lines and fsyncs them.
func writeRecords(f *os.File, recs ...jrecord) error {
	if err := appendRecords(f, recs...); err != nil {
		return err
	}
	return f.Sync()
}

// appendRecords appends JSON lines in one write.
func appendRecords(f *os.File, recs ...jrecord) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	_, err := f.Write(buf.Bytes())
	return err
}
