package service

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/history"
)

// TestRecorderWaitsOutABusyHistory: a history another program keeps locked
// past the store's 5 s wait still gets the entry once it is free, with no
// warning: the upload worked, and its link is not lost.
func TestRecorderWaitsOutABusyHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	db, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	other, err := bolt.Open(path, 0o600, nil) // another program's write lock
	if err != nil {
		t.Fatal(err)
	}
	var warned []Warning
	record := Recorder(path, func(w Warning) { warned = append(warned, w) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		record(uploader.Item{Source: "/tmp/busy.png", Result: &uploader.Result{URL: "https://host.example/busy.png"}})
	}()
	time.Sleep(6 * time.Second) // past one try's wait for the lock
	other.Close()
	<-done
	if len(warned) != 0 {
		t.Fatalf("warned %v; want the entry written once the history was free", warned)
	}
	got, err := History{Path: path}.List(history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Source != "/tmp/busy.png" {
		t.Fatalf("history holds %+v; want the one busy upload", got)
	}
}

// TestAsyncRecorderWritesEveryItemInOrder: items handed over faster than
// the history is written all land in it, in the order they finished, in
// far fewer transactions than items (each a lock and a sync of the file).
func TestAsyncRecorderWritesEveryItemInOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	record, flush := AsyncRecorder(path, func(w Warning) { t.Errorf("warned %v", w) })
	const n = 300
	for i := range n {
		record(uploader.Item{Source: fmt.Sprintf("/tmp/f%03d.png", i), Result: &uploader.Result{URL: fmt.Sprintf("https://host.example/%03d.png", i)}})
	}
	flush()
	got, err := History{Path: path}.List(history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("history holds %d entries, want %d", len(got), n)
	}
	for i, e := range got { // newest first
		if want := fmt.Sprintf("/tmp/f%03d.png", n-1-i); e.Source != want || e.ID != uint64(n-i) {
			t.Fatalf("entry %d is %s (ID %d), want %s (ID %d)", i, e.Source, e.ID, want, n-i)
		}
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var txid int
	if err := bdb.View(func(tx *bolt.Tx) error { txid = tx.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	if txid > n/2 { // the file's count of committed write transactions
		t.Errorf("%d items took %d write transactions", n, txid)
	}
}
