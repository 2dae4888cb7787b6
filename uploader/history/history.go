// Package history keeps the persistent record of finished uploads in a
// bbolt database: links, delete links and a small preview per upload.
//
// The GUI and the CLI write the same file at the same time, and bbolt holds
// an exclusive lock for as long as a database is open. So a DB opens the
// file for each operation and closes it right after; a busy file is waited
// for (up to 5 seconds) instead of failing.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Entry is one finished upload.
type Entry struct {
	ID              uint64    `json:"-"` // the record's key; set by Add
	Time            time.Time `json:"time"`
	Profile         string    `json:"profile,omitempty"`
	Source          string    `json:"source,omitempty"` // what the user gave: path, URL or "-"
	Name            string    `json:"name,omitempty"`
	Title           string    `json:"title,omitempty"`
	Size            int64     `json:"size,omitempty"`
	Width           int       `json:"width,omitempty"`
	Height          int       `json:"height,omitempty"`
	Mime            string    `json:"mime,omitempty"`
	MD5             string    `json:"md5,omitempty"`
	URL             string    `json:"url,omitempty"`
	Viewer          string    `json:"viewer,omitempty"`
	Short           string    `json:"short,omitempty"`
	Thumb           string    `json:"thumb,omitempty"`
	Medium          string    `json:"medium,omitempty"`
	Delete          string    `json:"delete,omitempty"`
	Expiration      time.Time `json:"expiration,omitzero"`
	Thumbnail       []byte    `json:"-"` // stored apart, see bucketThumbs
	DeletedFromHost bool      `json:"deleted_from_host,omitempty"`
}

// Query selects entries. Zero fields select everything.
type Query struct {
	Search  string    // case-insensitive substring of name, title, source or any URL
	From    time.Time // entries at or after this time
	To      time.Time // entries at or before this time
	Profile string    // exact profile name
	Limit   int       // at most this many (newest first); 0 = all
}

// ErrNotFound is returned for an ID that has no entry (deleted, or from
// another history file).
var ErrNotFound = errors.New("history entry not found")

// Entries and their previews live in separate buckets under the same key,
// so that listing and searching never decode thumbnails they do not return.
var (
	bucketEntries = []byte("entries")
	bucketThumbs  = []byte("thumbs")
)

// lockTimeout is how long an operation waits for another process that has
// the file open.
const lockTimeout = 5 * time.Second

// DB is a handle on a history file. It holds no lock and no open file
// between calls, so any number of processes may use the same file.
type DB struct {
	path   string
	closed atomic.Bool
}

// Open prepares the history file at path, creating it (mode 0600, parent
// directories 0700) when needed.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	db := &DB{path: path}
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		// Made before: a read checks it is a history (a write transaction
		// to make sure of the buckets would cost every operation a second
		// exclusive lock and sync of the file).
		if err := db.view(func(*bolt.Tx) error { return nil }); err != nil {
			return nil, err
		}
		return db, nil
	}
	err := db.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketEntries, bucketThumbs} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Close ends the use of the handle; later calls fail.
func (db *DB) Close() error {
	db.closed.Store(true)
	return nil
}

// Add stores e under a new ID and returns the ID. A zero Time is set to now.
func (db *DB) Add(e Entry) (uint64, error) {
	ids, err := db.AddAll([]Entry{e})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AddAll stores the entries, in order, under new IDs in one transaction
// (one file lock and one sync to disk for all) and returns their IDs; on
// an error none is stored. A zero Time is set to now.
func (db *DB) AddAll(es []Entry) ([]uint64, error) {
	ids := make([]uint64, len(es))
	err := db.update(func(tx *bolt.Tx) error {
		entries := tx.Bucket(bucketEntries)
		for i, e := range es {
			if e.Time.IsZero() {
				e.Time = time.Now()
			}
			id, err := entries.NextSequence()
			if err != nil {
				return err
			}
			e.ID, ids[i] = id, id
			if err := putEntry(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// Get returns the entry with the given ID, preview included.
func (db *DB) Get(id uint64) (Entry, error) {
	var e Entry
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEntries).Get(key(id))
		if v == nil {
			return fmt.Errorf("history entry %d: %w", id, ErrNotFound)
		}
		var err error
		e, err = decodeEntry(tx, key(id), v)
		return err
	})
	return e, err
}

// List returns the entries that match q, newest first, previews included.
func (db *DB) List(q Query) ([]Entry, error) {
	var out []Entry
	search := strings.ToLower(q.Search)
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEntries).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			e, err := decodeEntry(nil, k, v)
			if err != nil {
				return err
			}
			if !q.matches(e, search) {
				continue
			}
			e.Thumbnail = cloneBytes(tx.Bucket(bucketThumbs).Get(k))
			out = append(out, e)
			if q.Limit > 0 && len(out) >= q.Limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// matches applies every filter of q; search is q.Search lower-cased.
func (q Query) matches(e Entry, search string) bool {
	switch {
	case q.Profile != "" && e.Profile != q.Profile:
		return false
	case !q.From.IsZero() && e.Time.Before(q.From):
		return false
	case !q.To.IsZero() && e.Time.After(q.To):
		return false
	case search == "":
		return true
	}
	for _, s := range []string{e.Name, e.Title, e.Source, e.URL, e.Viewer, e.Short, e.Thumb, e.Medium, e.Delete} {
		if strings.Contains(strings.ToLower(s), search) {
			return true
		}
	}
	return false
}

// Delete removes the entry from the history (not from the host).
func (db *DB) Delete(id uint64) error {
	return db.update(func(tx *bolt.Tx) error {
		entries := tx.Bucket(bucketEntries)
		if entries.Get(key(id)) == nil {
			return fmt.Errorf("history entry %d: %w", id, ErrNotFound)
		}
		if err := entries.Delete(key(id)); err != nil {
			return err
		}
		return tx.Bucket(bucketThumbs).Delete(key(id))
	})
}

// Clear removes every entry. IDs keep increasing afterwards, so an ID held
// by another window never names a newer entry.
func (db *DB) Clear() error {
	return db.update(func(tx *bolt.Tx) error {
		seq := tx.Bucket(bucketEntries).Sequence()
		for _, name := range [][]byte{bucketEntries, bucketThumbs} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			if err := b.SetSequence(seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkDeleted records that the file was deleted from the host; the entry
// stays so that the user still sees what was uploaded.
func (db *DB) MarkDeleted(id uint64) error {
	return db.update(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEntries).Get(key(id))
		if v == nil {
			return fmt.Errorf("history entry %d: %w", id, ErrNotFound)
		}
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("history entry %d: %w", id, err)
		}
		e.DeletedFromHost = true
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketEntries).Put(key(id), data)
	})
}
