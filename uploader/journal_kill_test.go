//go:build unix

package uploader

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// Environment of the child process of TestJournalSurvivesKill9.
const (
	helperEnv      = "UPSHOT_QUEUE_HELPER"
	helperJournal  = "UPSHOT_QUEUE_JOURNAL"
	helperSources  = "UPSHOT_QUEUE_SOURCES"
	helperSpool    = "UPSHOT_QUEUE_SPOOL" // the parent's temp dir: a killed child cleans nothing up
	helperUploaded = 3                    // the child's uploader blocks forever after this many
)

// TestHelperProcess is the child of TestJournalSurvivesKill9: a queue that
// uploads three files and then hangs until it is killed. It does nothing in
// a normal test run.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		return
	}
	var n atomic.Int64
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		if n.Add(1) > helperUploaded {
			select {} // hang like a stuck upload; only SIGKILL ends this
		}
		return okResult(f), nil
	}}
	q, err := NewQueue(QueueConfig{
		Jobs:       1,
		JournalDir: os.Getenv(helperJournal),
		SpoolDir:   os.Getenv(helperSpool),
		Resolve:    func(string) (Target, error) { return Target{Uploader: up, Host: "h"}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	q.Add("p", Options{Title: "from the child"}, strings.Split(os.Getenv(helperSources), "\n")...)
	select {}
}

func TestJournalSurvivesKill9(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 6)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"=1", helperJournal+"="+jdir, helperSpool+"="+t.TempDir(),
		helperSources+"="+strings.Join(files, "\n"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitUntil(t, func() bool { return journalDone(jdir) == helperUploaded }, "the child's journal to show 3 done")

	cmd.Process.Kill() // SIGKILL: no deferred code, no Close
	cmd.Wait()         // reap it, or it lingers as a zombie that still "exists"

	q := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	want := files[helperUploaded:]
	if n := q.Pending(); n != len(want) {
		t.Fatalf("Pending = %d, want %d unfinished items", n, len(want))
	}
	ids, err := q.Resume()
	if err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if got := sourcesOf(q, ids); !slices.Equal(got, want) {
		t.Fatalf("resumed %v, want %v", got, want)
	}
	if it, _ := q.Item(ids[0]); it.Profile != "p" || it.Options.Title != "from the child" {
		t.Errorf("resumed item lost profile/options: %+v", it)
	}
	waitIdle(t, q)
	if left := journalFiles(t, jdir); len(left) != 0 {
		t.Errorf("journal files left after the resumed items uploaded: %v", left)
	}
}

// journalDone counts the done marks in the journals of dir.
func journalDone(dir string) int {
	n := 0
	names, _ := filepath.Glob(filepath.Join(dir, "*"+journalExt))
	for _, p := range names {
		b, err := os.ReadFile(p)
		if err == nil {
			n += strings.Count(string(b), `"op":"done"`)
		}
	}
	return n
}
