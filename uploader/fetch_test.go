package uploader

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
)

func TestFetch(t *testing.T) {
	png := fxBytes(t, "png", 12, 10)
	var sawKey, sawCookie bool
	srv := fxServe(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		sawKey = sawKey || r.Header.Get("X-API-Key") != ""
		sawCookie = sawCookie || r.Header.Get("Cookie") != ""
		switch r.URL.Path {
		case "/img/cat.png", "/", "/noext":
			_, _ = w.Write(png)
		case "/chunked":
			_, _ = w.Write(png[:10])
			w.(http.Flusher).Flush()
			_, _ = w.Write(png[10:])
		case "/moved":
			http.Redirect(w, r, "/img/cat.png", http.StatusFound)
		case "/page.png":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!doctype html><html><body>gallery</body></html>"))
		case "/doc":
			_, _ = w.Write([]byte("%PDF-1.4 ..."))
		case "/huge":
			w.Header().Set("Content-Length", strconv.Itoa(10<<20))
			w.WriteHeader(200)
		default:
			http.NotFound(w, r)
		}
	})
	dir := t.TempDir()
	ctx := context.Background()
	for _, tt := range []struct{ path, name string }{{"/img/cat.png", "cat.png"}, {"/moved", "cat.png"}, {"/", "download.png"}, {"/noext", "noext.png"}} {
		f, err := Fetch(ctx, srv.URL+tt.path, dir, 1<<20)
		if err != nil {
			t.Fatalf("Fetch(%s): %v", tt.path, err)
		}
		data, _ := os.ReadFile(f.Path)
		if f.Name != tt.name || !f.Temp || f.Mime != "image/png" || f.Width != 12 || len(data) != len(png) {
			t.Errorf("Fetch(%s) = %+v", tt.path, f)
		}
	}
	fails := []struct {
		path string
		max  int64
		kind Kind
		want []string
	}{
		{"/page.png", 0, KindUnsupported, []string{"/page.png is a web page, not an image — copy the address of the image itself"}},
		{"/doc", 0, KindUnsupported, []string{"/doc is not an image or video (content looks like application/pdf)"}},
		{"/missing.png", 0, KindInvalid, []string{"the server answered HTTP 404 — check the link"}},
		{"/huge", 1 << 20, KindTooBig, []string{"/huge is 10.5 MB, over the 1 MB limit"}},
		{"/img/cat.png", 50, KindTooBig, []string{"/img/cat.png is ", "B, over the 50 B limit"}},
		{"/chunked", 50, KindTooBig, []string{"chunked is over the 50 B limit"}}, // no Content-Length: capped while reading
	}
	for _, tt := range fails {
		_, err := Fetch(ctx, srv.URL+tt.path, dir, tt.max)
		fxKind(t, err, tt.kind, tt.want...)
	}
	_, err := Fetch(ctx, "ftp://x/y.png", dir, 0)
	fxKind(t, err, KindInvalid, "not an http(s) address")
	if sawKey || sawCookie {
		t.Error("a download sent a key or a cookie")
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 4 {
		t.Errorf("%d files in the spool dir, want the 4 successful downloads only", len(left))
	}
}

func TestPrepareURL(t *testing.T) {
	srv := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(fxBytes(t, "gif", 3, 3)) })
	src := srv.URL + "/a/b.gif?size=large"
	f, err := Prepare(context.Background(), src, t.TempDir(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Source != src || f.Name != "b.gif" || !f.Temp {
		t.Errorf("Prepare(URL) = %+v", f)
	}
}

func TestFetchNetworkError(t *testing.T) {
	srv := fxServe(t, func(int, http.ResponseWriter, *http.Request) {})
	addr := srv.Listener.Addr().String()
	srv.Close()
	_, err := Fetch(context.Background(), "http://"+addr+"/a.png", t.TempDir(), 0)
	fxKind(t, err, KindNetwork, "cannot download http://"+addr+"/a.png: connection refused by "+addr, "check the link")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Fetch(ctx, "http://"+addr+"/a.png", t.TempDir(), 0)
	fxKind(t, err, KindCanceled, "canceled")
}
