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
// host through its delete link, and keeps the entry when that fails.
func (h History) Delete(ctx context.Context, id uint64, fromHost bool) (history.Entry, error) {
	db, err := history.Open(h.Path)
	if err != nil {
		return history.Entry{}, err
	}
	defer db.Close()
	e, err := db.Get(id)
	if err != nil {
		return history.Entry{}, fmt.Errorf("history entry %d: %w", id, err)
	}
	if fromHost {
		if err := DeleteFromHost(ctx, e); err != nil {
			return e, &HostDeleteError{Name: e.Name, Err: err}
		}
	}
	return e, db.Delete(id)
}

// DeleteFromHost deletes an uploaded file on its host through the entry's
// delete link.
func DeleteFromHost(ctx context.Context, e history.Entry) error {
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	return history.DeleteFromHost(ctx, &http.Client{}, e)
}

// HostDeleteError is a file the host did not delete; the entry stays.
type HostDeleteError struct {
	Name string
	Err  error
}

func (e *HostDeleteError) Error() string {
	return fmt.Sprintf("%s: delete from host: %v", e.Name, e.Err)
}

func (e *HostDeleteError) Unwrap() error { return e.Err }
