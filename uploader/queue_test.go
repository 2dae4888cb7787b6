package uploader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// guard is how long a test waits for something that should happen at once;
// it only turns a hang into a failure.
const guard = 10 * time.Second

// fakeUploader is an Uploader whose outcome the test decides per call.
type fakeUploader struct {
	fn    func(ctx context.Context, f *File, call int) (*Result, error)
	calls atomic.Int64
	mu    sync.Mutex
	seen  []string // f.Source per call, in call order
}

func (u *fakeUploader) Upload(ctx context.Context, f *File, _ Options, sent *atomic.Int64) (*Result, error) {
	n := int(u.calls.Add(1))
	u.mu.Lock()
	u.seen = append(u.seen, f.Source)
	u.mu.Unlock()
	sent.Store(f.Size)
	if u.fn == nil {
		return okResult(f), nil
	}
	return u.fn(ctx, f, n)
}

func okResult(f *File) *Result {
	return &Result{ID: filepath.Base(f.Path), URL: "https://img.example/" + f.Name, Size: f.Size}
}

// blockUntilCanceled is an upload that only ends when its context does.
func blockUntilCanceled(ctx context.Context) (*Result, error) {
	<-ctx.Done()
	return nil, &APIError{Kind: KindCanceled, Err: ctx.Err()}
}

// newTestQueue starts a queue whose every profile uploads with up to host "h".
func newTestQueue(t *testing.T, up Uploader, mod func(*QueueConfig)) *Queue {
	t.Helper()
	cfg := QueueConfig{
		Jobs:        3,
		SpoolDir:    t.TempDir(),
		SampleEvery: 5 * time.Millisecond,
		Resolve:     func(string) (Target, error) { return Target{Uploader: up, Host: "h"}, nil },
	}
	if mod != nil {
		mod(&cfg)
	}
	q, err := NewQueue(cfg)
	if err != nil {
		t.Fatalf("NewQueue: %v", err)
	}
	t.Cleanup(q.Close)
	return q
}

func waitIdle(t *testing.T, q *Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("queue never became idle: %v; items: %+v", err, q.Items())
	}
}

// receive waits for a value that must come.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(guard):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// writeImages writes n small, distinct PNG files and returns their paths.
func writeImages(t *testing.T, dir string, n int) []string {
	t.Helper()
	paths := make([]string, n)
	for i := range paths {
		paths[i] = filepath.Join(dir, fmt.Sprintf("img%03d.png", i))
		writePNG(t, paths[i], 4, 3, uint8(i))
	}
	return paths
}

func writePNG(t *testing.T, path string, w, h int, shade uint8) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = shade + uint8(i)
	}
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}

func TestQueueKeepsInputOrderWhateverFinishesFirst(t *testing.T) {
	const n = 8
	files := writeImages(t, t.TempDir(), n)
	gates := map[string]chan struct{}{}
	for _, f := range files {
		gates[f] = make(chan struct{})
	}
	started := make(chan string, n)
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		started <- f.Source
		<-gates[f.Source]
		return okResult(f), nil
	}}
	var mu sync.Mutex
	var finished []string
	q := newTestQueue(t, up, func(c *QueueConfig) {
		c.Jobs = n
		c.Record = func(it Item) { mu.Lock(); finished = append(finished, it.Source); mu.Unlock() }
	})
	ids := q.Add("", Options{}, files...)
	for range n {
		receive(t, started, "an upload to start")
	}
	order := slices.Clone(files)
	rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, f := range order {
		close(gates[f])
	}
	waitIdle(t, q)
	items := q.Items()
	for i, it := range items {
		if it.ID != ids[i] || it.Source != files[i] || it.State != StateDone {
			t.Errorf("item %d = {ID %d, %s, %v}, want {ID %d, %s, done}", i, it.ID, it.Source, it.State, ids[i], files[i])
		}
	}
	if !slices.IsSorted(ids) || len(items) != n {
		t.Errorf("ids %v not increasing or %d items", ids, len(items))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(finished) != n {
		t.Errorf("Record called %d times, want %d", len(finished), n)
	}
}

// TestQueueNotIdleWhileRecording: the queue counts as idle only once Record
// has returned for every finished item, so a CLI that exits when the queue
// is idle never loses the last history entry (the flaky "Record called 7
// times, want 8" was that: Wait returned while the last Record ran).
func TestQueueNotIdleWhileRecording(t *testing.T) {
	files := writeImages(t, t.TempDir(), 2)
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) { return okResult(f), nil }}
	expired, cancel := context.WithCancel(context.Background())
	cancel()
	var mu sync.Mutex
	var idleDuringRecord []string
	var q *Queue
	q = newTestQueue(t, up, func(c *QueueConfig) {
		c.Jobs = 1
		c.Record = func(it Item) {
			if q.Wait(expired) == nil {
				mu.Lock()
				idleDuringRecord = append(idleDuringRecord, it.Source)
				mu.Unlock()
			}
		}
	})
	q.Add("", Options{}, files...)
	waitIdle(t, q)
	mu.Lock()
	defer mu.Unlock()
	if len(idleDuringRecord) > 0 {
		t.Errorf("Wait reported idle while Record ran for %v", idleDuringRecord)
	}
}

func TestQueueHundredItemsAllSettle(t *testing.T) {
	const n = 100
	files := writeImages(t, t.TempDir(), n)
	fate := map[string]Kind{} // decided up front so the test knows what to expect
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range files {
		switch r := rng.Float64(); {
		case r < 0.2:
			fate[f] = KindServer
		case r < 0.3:
			fate[f] = KindNetwork
		}
	}
	up := &fakeUploader{fn: func(ctx context.Context, f *File, _ int) (*Result, error) {
		if k := fate[f.Source]; k != KindUnknown {
			return nil, &APIError{Kind: k, Message: "injected " + k.String(), Attempts: 4}
		}
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, func(c *QueueConfig) { c.Jobs = 4 })
	q.Add("", Options{}, files...)
	waitIdle(t, q)
	items := q.Items()
	if len(items) != n {
		t.Fatalf("%d items, want %d", len(items), n)
	}
	failed := 0
	for i, it := range items {
		want := StateDone
		if fate[files[i]] != KindUnknown {
			want, failed = StateFailed, failed+1
		}
		switch {
		case it.State != want:
			t.Errorf("%s: state %v, want %v", it.Name, it.State, want)
		case want == StateFailed && (KindOf(it.Err) != fate[files[i]] || it.Message() == ""):
			t.Errorf("%s: error %v, want kind %v with a message", it.Name, it.Err, fate[files[i]])
		case want == StateFailed && (it.Attempts != 4 || it.Note != "failed after 4 attempts"):
			t.Errorf("%s: attempts %d note %q, want the client's 4 attempts", it.Name, it.Attempts, it.Note)
		case want == StateDone && (it.Result == nil || it.Sent != it.Total):
			t.Errorf("%s: done without result or with sent %d/%d", it.Name, it.Sent, it.Total)
		}
	}
	s := q.Summary()
	if s.Total != n || s.Failed != failed || s.Done != n-failed || s.Active() != 0 {
		t.Errorf("summary %+v, want %d failed of %d", s, failed, n)
	}
	if got := up.calls.Load(); got != n {
		t.Errorf("%d uploads, want exactly %d (the queue must not re-upload by itself)", got, n)
	}
}

func TestQueueInvalidSourcesFailWithMessage(t *testing.T) {
	dir := t.TempDir()
	good := writeImages(t, dir, 1)[0]
	empty := filepath.Join(dir, "empty.png")
	os.WriteFile(empty, nil, 0o600)
	emptyDir := filepath.Join(dir, "nothing")
	os.Mkdir(emptyDir, 0o700)
	up := &fakeUploader{}
	q := newTestQueue(t, up, nil)
	ids := q.Add("", Options{}, filepath.Join(dir, "missing.png"), good, empty, emptyDir)
	waitIdle(t, q)
	tests := []struct {
		id    int64
		state State
		name  string
	}{
		{ids[0], StateFailed, "missing.png"},
		{ids[1], StateDone, "img000.png"},
		{ids[2], StateFailed, "empty.png"},
		{ids[3], StateFailed, "nothing"},
	}
	for _, tt := range tests {
		it, ok := q.Item(tt.id)
		if !ok || it.State != tt.state || it.Name != tt.name {
			t.Errorf("item %d = %v %q, want %v %q", tt.id, it.State, it.Name, tt.state, tt.name)
		}
		if tt.state == StateFailed && !strings.Contains(it.Message(), tt.name) {
			t.Errorf("message %q does not name %s", it.Message(), tt.name)
		}
	}
	if q.Retry(ids[3]) {
		t.Error("a folder that could not be read must not be retried as a file")
	}
}

func TestQueueExpandsFoldersInPlace(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "album")
	os.Mkdir(sub, 0o700)
	inner := writeImages(t, sub, 3)
	first := filepath.Join(dir, "first.png")
	writePNG(t, first, 2, 2, 9)
	q := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.ExpandLimit = 2 })
	ids := q.Add("", Options{}, first, sub)
	waitIdle(t, q)
	var got []string
	for _, it := range q.Items() {
		got = append(got, it.Source)
	}
	want := []string{first, inner[0], inner[1], sub}
	if !slices.Equal(got, want) || len(ids) != 4 {
		t.Fatalf("sources %v, want %v (two files of the folder, then its limit error)", got, want)
	}
	if it, _ := q.Item(ids[3]); it.State != StateFailed || !strings.Contains(it.Message(), "album") {
		t.Errorf("limit item = %v %q, want failed naming the folder", it.State, it.Message())
	}
}

func TestQueueOwnedFile(t *testing.T) {
	tests := []struct {
		name     string
		fail     bool
		wantKept bool
	}{
		{"deleted after upload", false, false},
		{"kept after failure", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			capture := writeImages(t, t.TempDir(), 1)[0]
			up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
				if tt.fail {
					return nil, &APIError{Kind: KindServer, Message: "down"}
				}
				return okResult(f), nil
			}}
			q := newTestQueue(t, up, nil)
			id := q.AddOwned("", Options{}, capture)
			waitIdle(t, q)
			_, err := os.Stat(capture)
			if kept := err == nil; kept != tt.wantKept {
				t.Errorf("capture kept = %v, want %v", kept, tt.wantKept)
			}
			if tt.fail {
				q.Remove(id)
				if _, err := os.Stat(capture); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("removing the failed capture left the file: %v", err)
				}
			}
		})
	}
}

func TestQueueStdinAndURLSources(t *testing.T) {
	dir := t.TempDir()
	img := writeImages(t, dir, 1)[0]
	data, _ := os.ReadFile(img)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(data)
	}))
	defer srv.Close()
	var calls atomic.Int64
	up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		if b, err := os.ReadFile(f.Path); err != nil || !bytes.Equal(b, data) {
			t.Errorf("%s: uploaded bytes differ from the source (%v)", f.Source, err)
		}
		if calls.Add(1) <= 2 {
			return nil, &APIError{Kind: KindServer, Message: "down"} // first try of each fails
		}
		return okResult(f), nil
	}}
	spool := t.TempDir()
	q := newTestQueue(t, up, func(c *QueueConfig) {
		c.Jobs, c.SpoolDir, c.Stdin = 1, spool, bytes.NewReader(data)
	})
	ids := q.Add("", Options{}, "-", srv.URL+"/cat.png")
	waitIdle(t, q)
	if n := q.RetryFailed(); n != 2 {
		t.Fatalf("RetryFailed = %d, want 2", n)
	}
	waitIdle(t, q)
	for i, name := range []string{"stdin", "cat.png"} {
		it, _ := q.Item(ids[i])
		if it.State != StateDone || !strings.HasPrefix(it.Name, name) {
			t.Errorf("item %d = %v %q, want done %s (stdin is read once, kept for the retry)", i, it.State, it.Name, name)
		}
	}
	if left, _ := os.ReadDir(spool); len(left) != 0 {
		t.Errorf("spool files left after upload: %v", left)
	}
}

// optsUploader records the options each upload got.
type optsUploader struct {
	mu     sync.Mutex
	titles []string
}

func (u *optsUploader) Upload(_ context.Context, f *File, o Options, sent *atomic.Int64) (*Result, error) {
	u.mu.Lock()
	u.titles = append(u.titles, o.Title)
	u.mu.Unlock()
	sent.Store(f.Size)
	return okResult(f), nil
}

func TestTitleTemplateNamesUntitledItems(t *testing.T) {
	up := &optsUploader{}
	q := newTestQueue(t, up, func(c *QueueConfig) {
		c.Jobs = 1
		c.Resolve = func(string) (Target, error) {
			return Target{Uploader: up, Host: "h", Title: func(n string) string { return "shot " + n }}, nil
		}
	})
	paths := writeImages(t, t.TempDir(), 2)
	q.Add("", Options{}, paths[0])
	waitIdle(t, q)
	q.Add("", Options{Title: "mine"}, paths[1])
	waitIdle(t, q)
	want := []string{"shot " + filepath.Base(paths[0]), "mine"}
	if !slices.Equal(up.titles, want) {
		t.Errorf("titles %q, want %q", up.titles, want)
	}
}
