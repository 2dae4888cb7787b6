package uploader

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// A capture, a pasted image and a downloaded URL are deleted once they
// upload, so the queue previews them while their file is there: the row and
// the history get the picture, not a file icon. The user's own file is left
// to whoever shows it.
func TestQueuePreviewsTheFilesItDeletes(t *testing.T) {
	dir := t.TempDir()
	capture := filepath.Join(dir, "Screenshot.png")
	writePNG(t, capture, 640, 320, 0x40)
	mine := writeImages(t, dir, 1)[0]
	web := filepath.Join(dir, "web.png")
	writePNG(t, web, 200, 400, 0x80)
	data, _ := os.ReadFile(web)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(data) }))
	defer srv.Close()

	var (
		mu       sync.Mutex
		recorded = map[string]Item{}
	)
	q := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) {
		c.Record = func(it Item) { mu.Lock(); recorded[it.Name] = it; mu.Unlock() }
	})
	owned := q.AddOwned("", Options{}, capture)
	ids := q.Add("", Options{}, mine, srv.URL+"/cat.png")
	waitIdle(t, q)
	if _, err := os.Stat(capture); !os.IsNotExist(err) {
		t.Fatalf("the capture is still there (%v): the test needs it gone", err)
	}
	for _, tt := range []struct {
		id   int64
		w, h int // 0: no preview
	}{{owned, 128, 64}, {ids[0], 0, 0}, {ids[1], 64, 128}} {
		it, _ := q.Item(tt.id)
		mu.Lock()
		rec := recorded[it.Name]
		mu.Unlock()
		if it.State != StateDone {
			t.Fatalf("%s: %v %v", it.Name, it.State, it.Err)
		}
		if tt.w == 0 {
			if it.Preview != nil {
				t.Errorf("%s: the queue decoded the user's own file", it.Name)
			}
			continue
		}
		if it.Preview == nil || rec.Preview == nil {
			t.Errorf("%s: no preview (item %v, recorded %v)", it.Name, it.Preview != nil, rec.Preview != nil)
			continue
		}
		if b := it.Preview.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("%s: preview %v, want %d×%d", it.Name, b, tt.w, tt.h)
		}
	}
	if it, _ := q.Item(owned); !it.Owned {
		t.Error("a capture's item does not say it is owned")
	}
}

// The preview of a running upload is announced when it is made, not only
// with the end state: the row of a long upload shows it while it runs.
func TestQueueAnnouncesPreviewWhileUploading(t *testing.T) {
	capture := filepath.Join(t.TempDir(), "shot.png")
	writePNG(t, capture, 300, 300, 0x20)
	release := make(chan struct{})
	up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		<-release
		return okResult(f), nil
	}}
	q := newTestQueue(t, up, nil)
	id := q.AddOwned("", Options{}, capture)
	defer close(release)
	for {
		ev := receive(t, q.Events(), "an event with the preview")
		if ev.Item.ID == id && ev.Item.Preview != nil {
			if ev.Item.State != StateUploading && ev.Item.State != StatePreparing {
				t.Errorf("the preview came with state %v, want while it uploads", ev.Item.State)
			}
			return
		}
	}
}
