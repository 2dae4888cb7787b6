package uploader

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// TestFormLength: the precomputed Content-Length is exactly what is
// written, and the body is a well-formed multipart form.
func TestFormLength(t *testing.T) {
	p := fxFile(t, t.TempDir(), "a \"quoted\"\nname.png", fxBytes(t, "png", 5, 5))
	f, err := Inspect(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []*File{f, nil} {
		fm := newForm([]FormField{{"key", "k"}, {"format", "json"}, {"title", "é ✓"}}, file)
		want, err := fm.length()
		if err != nil {
			t.Fatal(err)
		}
		var sent atomic.Int64
		w := newStallWatch(DefaultStallTimeout, func() {})
		b, err := fm.openBody(&sent, w)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(b)
		w.stop()
		if err != nil || int64(len(body)) != want || sent.Load() != want || b.finish() != nil {
			t.Fatalf("body %d bytes (err %v), length %d, sent %d", len(body), err, want, sent.Load())
		}
		_, params, _ := mime.ParseMediaType(fm.contentType())
		form, err := multipart.NewReader(strings.NewReader(string(body)), params["boundary"]).ReadForm(1 << 20)
		if err != nil {
			t.Fatal(err)
		}
		if form.Value["title"][0] != "é ✓" || (file != nil) != (len(form.File["source"]) == 1) {
			t.Errorf("form = %+v", form)
		}
		if file != nil && form.File["source"][0].Header.Get("Content-Type") != "image/png" {
			t.Errorf("part header %v", form.File["source"][0].Header)
		}
	}
}

// TestUploadStreamsLargeFile sends a 64 MB file: memory allocated during
// the upload must stay far below the file size, and while the host is
// still reading, sent must be far below the total (no buffering first).
func TestUploadStreamsLargeFile(t *testing.T) {
	const size = 64 << 20
	p := filepath.Join(t.TempDir(), "big.mp4")
	fh, err := os.Create(p)
	if err == nil {
		err = fh.Truncate(size) // sparse: no disk space used
	}
	if err == nil {
		err = fh.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	var sentAtFirstMB atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.CopyN(io.Discard, r.Body, 1<<20)
		sentAtFirstMB.Store(sent.Load())
		_, _ = io.Copy(io.Discard, r.Body)
		fxAnswer(w, 200, realBody)
	}))
	defer srv.Close()
	c := fxClient(t, srv.URL, nil)
	f := &File{Path: p, Name: "big.mp4", Size: size, Mime: "video/mp4"}

	var before, after runtimeMem
	before.read()
	if _, err := c.Upload(context.Background(), f, Options{}, &sent); err != nil {
		t.Fatal(err)
	}
	after.read()
	if grown := after.totalAlloc - before.totalAlloc; grown > 16<<20 {
		t.Errorf("uploading 64 MB allocated %d MB: the body is buffered, not streamed", grown>>20)
	}
	if s := sentAtFirstMB.Load(); s > 32<<20 {
		t.Errorf("sent was already %d MB when the host had read 1 MB", s>>20)
	}
	if sent.Load() <= size {
		t.Errorf("sent = %d, want the whole body (> %d)", sent.Load(), size)
	}
}

// runtimeMem is a snapshot of the allocation counter.
type runtimeMem struct{ totalAlloc uint64 }

func (m *runtimeMem) read() {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	m.totalAlloc = ms.TotalAlloc
}

// BenchmarkUpload measures parallel 1 MB uploads over kept-alive
// connections to a host that discards the body.
func BenchmarkUpload(b *testing.B) {
	p := filepath.Join(b.TempDir(), "one.mp4")
	if err := os.WriteFile(p, make([]byte, 1<<20), 0o644); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		fxAnswer(w, 200, realBody)
	}))
	defer srv.Close()
	c, err := NewClient(ClientConfig{Endpoint: srv.URL, Key: fxKey})
	if err != nil {
		b.Fatal(err)
	}
	f := &File{Path: p, Name: "one.mp4", Size: 1 << 20, Mime: "video/mp4"}
	b.SetBytes(f.Size)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Upload(context.Background(), f, Options{}, nil); err != nil {
				b.Error(err)
			}
		}
	})
}
