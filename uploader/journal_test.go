package uploader

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// deadPID is above Linux's pid_max, so no process can have it.
const deadPID = 1 << 23

// writeJournal writes a journal as a dead process would have left it.
func writeJournal(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func addLine(id int64, source string) string {
	return fmt.Sprintf(`{"op":"add","id":%d,"source":%q,"profile":"p","options":{"title":"t%d"}}`+"\n", id, source, id)
}

func journalFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func sourcesOf(q *Queue, ids []int64) []string {
	var out []string
	for _, id := range ids {
		it, _ := q.Item(id)
		out = append(out, it.Source)
	}
	return out
}

func TestJournalResumeAfterCrash(t *testing.T) {
	dir, jdir := t.TempDir(), t.TempDir()
	files := writeImages(t, dir, 5)
	done := make(chan string, 5)
	up := &fakeUploader{fn: func(ctx context.Context, f *File, call int) (*Result, error) {
		if f.Source == files[3] || f.Source == files[4] {
			return blockUntilCanceled(ctx)
		}
		done <- f.Source
		return okResult(f), nil
	}}
	q1 := newTestQueue(t, up, func(c *QueueConfig) { c.JournalDir = jdir })
	q1.Add("p", Options{Title: "kept", Tags: []string{"x"}}, files[:4]...)
	owned := q1.AddOwned("cap", Options{NSFW: true}, files[4])
	for range 3 {
		receive(t, done, "an upload")
	}
	waitUntil(t, func() bool { return q1.Summary().Done == 3 }, "3 done")
	q1.jr.close() // the crash: the process vanishes without marking anything more
	_ = owned

	q2 := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := q2.Pending(); n != 2 {
		t.Fatalf("Pending = %d, want the 2 unfinished items", n)
	}
	ids, err := q2.Resume()
	if err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if got := sourcesOf(q2, ids); !slices.Equal(got, files[3:]) {
		t.Fatalf("resumed %v, want %v", got, files[3:])
	}
	it0, _ := q2.Item(ids[0])
	it1, _ := q2.Item(ids[1])
	if it0.Profile != "p" || it0.Options.Title != "kept" || !slices.Equal(it0.Options.Tags, []string{"x"}) {
		t.Errorf("resumed item lost its profile/options: %+v", it0)
	}
	if it1.Profile != "cap" || !it1.Options.NSFW || !q2.byID[ids[1]].owned {
		t.Errorf("resumed capture lost profile/options/owned: %+v", it1)
	}
	if q2.Pending() != 0 {
		t.Error("Pending after Resume is not 0")
	}
	waitIdle(t, q2)
	if _, err := os.Stat(files[4]); !os.IsNotExist(err) {
		t.Errorf("resumed owned capture not deleted after upload: %v", err)
	}
	if left := journalFiles(t, jdir); len(left) != 0 {
		t.Errorf("journal files left after everything uploaded: %v", left)
	}
}

func TestJournalTornLineAndDeadPID(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 4)
	content := `{"op":"head","pid":8388608,"start":"1"}` + "\n" +
		addLine(1, files[0]) + addLine(2, files[1]) + addLine(3, files[2]) + addLine(4, files[3]) +
		`{"op":"done","id":1}` + "\n" + `garbage line` + "\n" + `{"op":"done","id":2` // torn by kill -9
	writeJournal(t, jdir, fmt.Sprintf("%d-1-0badf00d.journal", deadPID), content)
	fails := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		if f.Source == files[3] {
			return nil, &APIError{Kind: KindServer, Message: "down"}
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, fails, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := q.Pending(); n != 3 {
		t.Fatalf("Pending = %d, want 3 (the torn done mark never counted)", n)
	}
	ids, err := q.Resume()
	if err != nil {
		t.Fatal(err)
	}
	if got := sourcesOf(q, ids); !slices.Equal(got, files[1:]) {
		t.Fatalf("resumed %v, want %v", got, files[1:])
	}
	waitIdle(t, q)
	// The adopted file now holds the marks written after the torn tail was
	// cut: only the failed item is still unfinished.
	left := journalFiles(t, jdir)
	if len(left) != 1 || strings.HasPrefix(filepath.Base(left[0]), fmt.Sprint(deadPID)) {
		t.Fatalf("journal files %v, want one, renamed to this process", left)
	}
	fh, err := os.Open(left[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if p := parseJournal(fh).pending; len(p) != 1 || p[0].Source != files[3] {
		t.Errorf("journal still pending %+v, want only the failed %s", p, files[3])
	}
}

func TestJournalCancelAndRemoveAreFinal(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 3)
	var block atomic.Bool
	started := make(chan string, 1)
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		if block.Load() {
			started <- f.Source
			return blockUntilCanceled(ctx)
		}
		return nil, &APIError{Kind: KindServer, Message: "down"}
	}}
	q1 := newTestQueue(t, up, func(c *QueueConfig) { c.JournalDir = jdir; c.Jobs = 1 })
	ids := q1.Add("", Options{}, files...)
	waitIdle(t, q1)
	q1.Remove(ids[0]) // the user gives up on a failed item
	block.Store(true)
	q1.Retry(ids[1])
	receive(t, started, "the retried upload")
	q1.Cancel(ids[1]) // the user stops it while it runs
	waitIdle(t, q1)
	if it, _ := q1.Item(ids[1]); it.State != StateCanceled {
		t.Fatalf("canceled item is %v", it.State)
	}
	q1.Close()
	q2 := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := q2.Pending(); n != 1 {
		t.Errorf("Pending = %d, want 1: only the failed item, not the removed or canceled one", n)
	}
	ids2, _ := q2.Resume()
	if got := sourcesOf(q2, ids2); !slices.Equal(got, files[2:]) {
		t.Errorf("resumed %v, want %v", got, files[2:])
	}
}

func TestJournalIgnoresLiveQueues(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 2)
	started := make(chan string, 2)
	live := newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.JournalDir = jdir })
	live.Add("", Options{}, files...)
	receive(t, started, "an upload")
	// A journal of a running process (pid 1, with its real start time).
	writeJournal(t, jdir, fmt.Sprintf("1-%s-00000001.journal", procStart(1)), addLine(1, files[0]))
	other := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := other.Pending(); n != 0 {
		t.Errorf("Pending = %d, want 0: both journals belong to live queues", n)
	}
	if ids, _ := other.Resume(); len(ids) != 0 {
		t.Errorf("Resume took %d items of live queues", len(ids))
	}
	if n := live.Pending(); n != 0 {
		t.Errorf("a queue counts its own items as pending: %d", n)
	}
}

func TestJournalConcurrentResumersNeverShare(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 60)
	for i := range 20 {
		var b strings.Builder
		for k := range 3 {
			b.WriteString(addLine(int64(k+1), files[i*3+k]))
		}
		writeJournal(t, jdir, fmt.Sprintf("%d-1-%08x.journal", deadPID+i, i), b.String())
	}
	started := make(chan string, 60)
	queues := []*Queue{
		newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.JournalDir = jdir }),
		newTestQueue(t, blockingUploader(started), func(c *QueueConfig) { c.JournalDir = jdir }),
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		got  []string
		gate = make(chan struct{})
	)
	for _, q := range queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			ids, err := q.Resume()
			if err != nil {
				t.Errorf("Resume: %v", err)
			}
			mu.Lock()
			got = append(got, sourcesOf(q, ids)...)
			mu.Unlock()
		}()
	}
	close(gate)
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, files) {
		t.Errorf("resumed %d sources (with duplicates or gaps), want each of the %d exactly once", len(got), len(files))
	}
}
