package history

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// errClosed is returned by every call on a closed DB.
var errClosed = errors.New("history is closed")

// open opens the file for one operation; readOnly takes a shared lock so
// that readers in several processes do not wait for each other.
func (db *DB) open(readOnly bool) (*bolt.DB, error) {
	if db.closed.Load() {
		return nil, errClosed
	}
	bdb, err := bolt.Open(db.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("history %s is busy (another program keeps it open) — try again: %w", db.path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w — if it is damaged, move it away and Upshot starts a new one", db.path, err)
	}
	return bdb, nil
}

// update runs fn in a write transaction, committed (and synced to disk)
// before the file is closed.
func (db *DB) update(fn func(*bolt.Tx) error) error {
	bdb, err := db.open(false)
	if err != nil {
		return err
	}
	err = bdb.Update(fn)
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close history %s: %w", db.path, cerr)
	}
	return err
}

// view runs fn in a read transaction.
func (db *DB) view(fn func(*bolt.Tx) error) error {
	bdb, err := db.open(true)
	if err != nil {
		return err
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEntries) == nil || tx.Bucket(bucketThumbs) == nil {
			return fmt.Errorf("history %s has no entries bucket — not an Upshot history file?", db.path)
		}
		return fn(tx)
	})
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// key is the big-endian form of id, so that keys sort by ID.
func key(id uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], id)
	return k[:]
}

// putEntry writes e and its preview under e.ID.
func putEntry(tx *bolt.Tx, e Entry) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode history entry: %w", err)
	}
	k := key(e.ID)
	if err := tx.Bucket(bucketEntries).Put(k, data); err != nil {
		return err
	}
	if len(e.Thumbnail) == 0 {
		return nil
	}
	return tx.Bucket(bucketThumbs).Put(k, e.Thumbnail)
}

// decodeEntry decodes the record v stored under k, and its preview too when
// tx is not nil. Bytes from bolt are only valid inside the transaction, so
// everything kept is copied.
func decodeEntry(tx *bolt.Tx, k, v []byte) (Entry, error) {
	var e Entry
	if len(k) != 8 {
		return e, fmt.Errorf("history: bad key %x", k)
	}
	e.ID = binary.BigEndian.Uint64(k)
	if err := json.Unmarshal(v, &e); err != nil {
		return e, fmt.Errorf("history entry %d: %w", e.ID, err)
	}
	if tx != nil {
		e.Thumbnail = cloneBytes(tx.Bucket(bucketThumbs).Get(k))
	}
	return e, nil
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
