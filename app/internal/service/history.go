package service

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/upshot-app/upshot/uploader/history"
)

// deleteTimeout bounds a delete request to a host.
const deleteTimeout = 30 * time.Second

// History is the upload history at one path. Each call opens the store and
// closes it again: the CLI, the window and the tray share the file.
type History struct{ Path string }

// List returns the entries q selects, newest first.
func (h History) List(q history.Query) ([]history.Entry, error) {
	db, err := history.Open(h.Path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.List(q)
}

// Add writes the entries as new ones, in order, in one transaction.
func (h History) Add(es ...history.Entry) error {
	db, err := history.Open(h.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.AddAll(es)
	return err
}

// Recent returns the last n uploads (the tray's menu). It blocks on disk
// and on other writers: keep it off the UI thread.
func (h History) Recent(n int) ([]history.Entry, error) { return h.List(history.Query{Limit: n}) }

// Clear forgets every entry (the files stay on the hosts).
func (h History) Clear() error {
	db, err := history.Open(h.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Clear()
}

// Delete removes entry id; with fromHost it first deletes the file on the
// host through its delete link (gone says whether the host deleted it or
// it was already gone), and keeps the entry when that fails.
func (h History) Delete(ctx context.Context, id uint64, fromHost bool) (e history.Entry, gone history.Deletion, err error) {
	db, err := history.Open(h.Path)
	if err != nil {
		return history.Entry{}, 0, err
	}
	defer db.Close()
	e, err = db.Get(id)
	if err != nil {
		return history.Entry{}, 0, fmt.Errorf("history entry %d: %w", id, err)
	}
	gone = history.Deleted
	if fromHost {
		if gone, err = DeleteFromHost(ctx, e); err != nil {
			return e, gone, &HostDeleteError{Err: err}
		}
	}
	return e, gone, db.Delete(id)
}

// DeleteFromHost deletes an uploaded file on its host through the entry's
// delete link.
func DeleteFromHost(ctx context.Context, e history.Entry) (history.Deletion, error) {
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	return history.DeleteFromHost(ctx, &http.Client{}, e)
}

// HostDeleteError is a file the host did not delete; the entry stays. Err
// names the file and the host.
type HostDeleteError struct{ Err error }

func (e *HostDeleteError) Error() string { return e.Err.Error() }

func (e *HostDeleteError) Unwrap() error { return e.Err }
