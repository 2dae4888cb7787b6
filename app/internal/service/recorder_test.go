package service

import (
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
	db, err = history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.List(history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Source != "/tmp/busy.png" {
		t.Fatalf("history holds %+v; want the one busy upload", got)
	}
}
