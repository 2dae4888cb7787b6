package uploader

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// Taking over the journals of earlier runs: Pending counts, Resume claims.

// Pending is the number of unfinished items that earlier (crashed or
// closed) runs left in JournalDir, without taking them.
func (q *Queue) Pending() int { return q.jr.pending() }

// Resume takes over the journals of runs that are no longer running and
// queues their unfinished items again, each for its own destination, with
// its options and owned flag. Items of journals another process is
// resuming are left to it.
func (q *Queue) Resume() ([]int64, error) { return q.ResumeOnly(nil) }

// ResumeOnly is Resume for the journals whose every unfinished item route
// takes (nil takes all): a journal holding any item it declines is left
// untouched, unlocked, for a later run — so that a running app never sits
// on uploads it cannot finish while "upshot resume" could. An item route
// gives a new destination is journaled again with it.
func (q *Queue) ResumeOnly(route Route) ([]int64, error) {
	files, recs, err := q.jr.claim(route)
	var items []newItem
	for i, jf := range files {
		for _, r := range recs[i] {
			n := newItem{source: r.Source, profile: r.Profile, dest: *r.Dest, owned: r.Owned, jref: jref{file: jf, key: r.ID}}
			if r.Options != nil {
				n.opts = *r.Options
			}
			if r.Source == "-" {
				n.err = invalidf(KindInvalid, "the data piped to an earlier run is gone — pipe it again")
			}
			items = append(items, n)
		}
	}
	if len(items) == 0 {
		return nil, err
	}
	return q.add(items, false), err
}

// Interrupted counts, per destination, the unfinished items that earlier
// runs left in JournalDir, without taking them.
func (q *Queue) Interrupted() []Interrupted { return q.jr.interrupted() }

// ownerAlive reports whether the process named in a journal file name still
// runs. A recycled pid is recognised by a different start time.
func ownerAlive(base string) bool {
	parts := strings.SplitN(strings.TrimSuffix(base, journalExt), "-", 3)
	if len(parts) != 3 {
		return false
	}
	pid, err := strconv.Atoi(parts[0])
	if err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return false // one of ours: only its lock tells whether a live queue uses it
	}
	if !pidAlive(pid) {
		return false
	}
	now := procStart(pid)
	return now == "0" || parts[1] == "0" || now == parts[1]
}

// candidates lists the journal files of other (possibly dead) owners.
func (j *journal) candidates() []string {
	names, _ := filepath.Glob(filepath.Join(j.dir, "*"+journalExt))
	sort.Strings(names)
	out := names[:0]
	for _, p := range names {
		if !j.mine(p) && !ownerAlive(filepath.Base(p)) {
			out = append(out, p)
		}
	}
	return out
}

// mine reports whether p is a file this journal holds open.
func (j *journal) mine(p string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, jf := range j.files {
		if jf.path == p {
			return true
		}
	}
	return false
}

// lockFile opens and locks the journal at p, making sure p still names the
// locked file (a resumer may have renamed it away meanwhile).
func lockFile(p string) (*os.File, bool) {
	f, err := openShared(p, false)
	if err != nil {
		return nil, false
	}
	if tryLock(f) != nil {
		f.Close()
		return nil, false
	}
	st1, err1 := f.Stat()
	st2, err2 := os.Stat(p)
	if err1 != nil || err2 != nil || !os.SameFile(st1, st2) {
		f.Close()
		return nil, false
	}
	return f, true
}

// parsed is what a journal file says: its unfinished add records in order,
// and where the intact part ends (a torn last line after a crash is skipped).
type parsed struct {
	pending []jrecord
	intact  int64
}

// parseJournal reads JSON lines, ignoring a torn or garbled line.
func parseJournal(r io.Reader) parsed {
	var (
		order []int64
		adds  = map[int64]jrecord{}
		live  = map[int64]bool{}
		p     parsed
	)
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			break // EOF, or a torn last line: never fsynced, so never promised
		}
		p.intact += int64(len(line))
		var rec jrecord
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		switch rec.Op {
		case opAdd:
			if _, seen := adds[rec.ID]; !seen {
				order = append(order, rec.ID)
			}
			adds[rec.ID], live[rec.ID] = rec, true
		case opDone, opRemoved, opFailed:
			delete(live, rec.ID)
		}
	}
	for _, id := range order {
		if live[id] {
			p.pending = append(p.pending, adds[id])
		}
	}
	return p
}

// pending counts the unfinished items of dead owners without claiming them.
func (j *journal) pending() int {
	n := 0
	for _, c := range j.interrupted() {
		n += c.Count
	}
	return n
}

// interrupted tallies the unfinished items of dead owners by destination
// without claiming them.
func (j *journal) interrupted() []Interrupted {
	if j == nil {
		return nil
	}
	var counts []Interrupted
	for _, p := range j.candidates() {
		f, ok := lockFile(p)
		if !ok {
			continue
		}
		counts = tally(counts, parseJournal(f).pending)
		f.Close()
	}
	return counts
}

// claim takes over the journals of dead owners that route takes whole:
// each is locked, renamed into this process's name and kept open so done
// marks land in it. It returns the adopted files with their unfinished
// records, each with its destination set.
func (j *journal) claim(route Route) ([]*jfile, [][]jrecord, error) {
	if j == nil {
		return nil, nil, nil
	}
	var (
		files []*jfile
		recs  [][]jrecord
		errs  []error
	)
	j.removeStaleTemps()
	for _, p := range j.candidates() {
		jf, pending, err := j.adopt(p, route)
		if err != nil {
			errs = append(errs, err)
		}
		if jf != nil {
			files, recs = append(files, jf), append(recs, pending)
		}
	}
	return files, recs, errors.Join(errs...)
}

// removeStaleTemps deletes journal files a crash left half-created (they
// hold no item yet); a temp file being created now is locked and stays.
func (j *journal) removeStaleTemps() {
	names, _ := filepath.Glob(filepath.Join(j.dir, ".journal-*.tmp"))
	for _, p := range names {
		if f, ok := lockFile(p); ok {
			os.Remove(p)
			f.Close()
		}
	}
}

// adopt claims one file; (nil, nil, nil) when another process got it
// first, route declines one of its items, or it had nothing left to do.
func (j *journal) adopt(p string, route Route) (*jfile, []jrecord, error) {
	f, ok := lockFile(p)
	if !ok {
		return nil, nil, nil
	}
	ps := parseJournal(f) // under our lock: nobody else can change it now
	pending, changed, ok := routeAll(ps.pending, route)
	if !ok {
		f.Close()
		return nil, nil, nil
	}
	name := j.newName()
	if err := os.Rename(p, name); err != nil {
		f.Close()
		return nil, nil, nil // renamed away by a concurrent resumer
	}
	fsx.SyncDir(j.dir)
	// Cut a torn tail so that our appended marks start on a fresh line.
	fail := func(err error) (*jfile, []jrecord, error) {
		f.Close()
		return nil, nil, fmt.Errorf("journal %s: %w", name, err)
	}
	if err := f.Truncate(ps.intact); err != nil {
		return fail(err)
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return fail(err)
	}
	if len(changed) > 0 {
		// A later add record of the same ID replaces the earlier one.
		if err := writeRecords(f, changed...); err != nil {
			return fail(err)
		}
	}
	jf := &jfile{path: name, f: f, live: map[int64]bool{}}
	for _, r := range pending {
		jf.live[r.ID] = true
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed || len(jf.live) == 0 {
		os.Remove(name)
		f.Close()
		return nil, nil, nil
	}
	j.files = append(j.files, jf)
	return jf, pending, nil
}
