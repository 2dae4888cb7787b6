package uploader_test

// Fault injection through the real stack: uploader.Queue → *uploader.Client
// → the fake host (chevtest) answering HTML 500 pages, resetting
// connections and stalling. Whatever the host does, every item must end
// done or failed with a reason, none stuck, none lost, in input order.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// flGuard bounds every wait: a stuck item fails the test instead of hanging it.
const flGuard = 20 * time.Second

// flPNGs writes n distinct small PNGs (distinct pixels, so distinct md5s)
// and returns their paths in order.
func flPNGs(t *testing.T, n int) []string {
	t.Helper()
	dir := t.TempDir()
	paths := make([]string, n)
	for i := range n {
		paths[i] = writeFile(t, dir, fmt.Sprintf("f%03d.png", i), noisePNG(t, 8+i%5, 6, uint64(i)), 0o644)
	}
	return paths
}

// flRun uploads files through a queue of 4 workers and a real client of
// host, and returns the items once the queue is idle. It fails the test if
// the queue does not settle within flGuard or no EventIdle arrives.
func flRun(t *testing.T, host *chevtest.Server, cc uploader.ClientConfig, files []string) ([]int64, []uploader.Item) {
	t.Helper()
	cc.Endpoint, cc.Key = host.Endpoint(), testKey
	c, err := uploader.NewClient(cc)
	if err != nil {
		t.Fatal(err)
	}
	q, err := uploader.NewQueue(uploader.QueueConfig{
		Jobs:     4,
		SpoolDir: t.TempDir(),
		Resolve: func(string) (uploader.Target, error) {
			return uploader.Target{Uploader: c, Host: c.Endpoint()}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var idle bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the one consumer of Events
		defer wg.Done()
		for ev := range q.Events() {
			if ev.Kind == uploader.EventIdle && ev.Summary.Active() == 0 && ev.Summary.Total == len(files) {
				idle = true
			}
		}
	}()
	ids := q.Add("", uploader.Options{}, files...)
	ctx, cancel := context.WithTimeout(context.Background(), flGuard)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("queue stuck: %v; summary %+v", err, q.Summary())
	}
	items := q.Items()
	q.Close()
	wg.Wait()
	if !idle {
		t.Error("no EventIdle with the final summary was sent")
	}
	return ids, items
}

// flCheckOrder asserts that nothing is missing and results keep input order.
func flCheckOrder(t *testing.T, files []string, ids []int64, items []uploader.Item) {
	t.Helper()
	if len(ids) != len(files) || len(items) != len(files) {
		t.Fatalf("%d files → %d ids, %d items", len(files), len(ids), len(items))
	}
	for i, it := range items {
		if it.ID != ids[i] || it.Source != files[i] || (i > 0 && ids[i] <= ids[i-1]) {
			t.Fatalf("item %d: id %d source %s, want id %d source %s (input order)", i, it.ID, it.Source, ids[i], files[i])
		}
	}
}

// TestFaultsHTML500AndDrops: 20% HTML 500 pages and 10% reset connections
// on 100 uploads. Every item ends done or failed with a reason; the client
// retries (visible in Attempts); the host's request count matches them.
func TestFaultsHTML500AndDrops(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey,
		Faults: chevtest.Faults{HTML500: 0.2, Drop: 0.1, Seed: 20261123}})
	files := flPNGs(t, 100)
	ids, items := flRun(t, host, uploader.ClientConfig{Backoff: 10 * time.Millisecond,
		StallTimeout: 300 * time.Millisecond, ConnectTimeout: 2 * time.Second}, files)
	flCheckOrder(t, files, ids, items)

	done, retried, attempts := 0, 0, 0
	urls := map[string]bool{}
	for _, it := range items {
		attempts += it.Attempts
		if it.Attempts > 1 {
			retried++
		}
		switch it.State {
		case uploader.StateDone:
			done++
			if it.Result == nil || it.Result.URL == "" || urls[it.Result.URL] {
				t.Errorf("%s: done without a (unique) URL: %+v", it.Name, it.Result)
			} else {
				urls[it.Result.URL] = true
			}
		case uploader.StateFailed:
			k := uploader.KindOf(it.Err)
			if it.Err == nil || (k != uploader.KindServer && k != uploader.KindNetwork) || it.Attempts != 4 ||
				!strings.Contains(it.Note, "failed after 4 attempts") {
				t.Errorf("%s: failed with %v (%v), attempts %d, note %q; want a server/network reason after 4 attempts",
					it.Name, it.Err, k, it.Attempts, it.Note)
			}
		default:
			t.Errorf("%s: ended %v (%v), want done or failed", it.Name, it.State, it.Err)
		}
	}
	if ups := host.Uploads(); len(ups) != done {
		t.Errorf("host stored %d files, queue says %d done", len(ups), done)
	}
	if posts := apiRequests(host, attempts); posts != attempts {
		t.Errorf("host saw %d upload requests, items count %d attempts", posts, attempts)
	}
	// 30% of requests fail: with 100 items many need a retry, and with
	// 3 retries nearly all of them end up done.
	if retried < 10 || done < 90 {
		t.Errorf("%d items retried, %d done; want retries visible and most done", retried, done)
	}
	t.Logf("%d done, %d retried, %d requests", done, retried, attempts)
}

// TestFaultsStall: the host stops reading every body for 2 s; the client's
// 300 ms stall timeout aborts each attempt, retries once, and every item
// fails with a "stalled" reason — none waits for the host.
func TestFaultsStall(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey, Faults: chevtest.Faults{Stall: 2 * time.Second}})
	files := flPNGs(t, 8)
	ids, items := flRun(t, host, uploader.ClientConfig{Backoff: 10 * time.Millisecond, Retries: 1,
		StallTimeout: 300 * time.Millisecond, ConnectTimeout: 2 * time.Second}, files)
	flCheckOrder(t, files, ids, items)
	for _, it := range items {
		msg := it.Message()
		if it.State != uploader.StateFailed || uploader.KindOf(it.Err) != uploader.KindNetwork ||
			!strings.Contains(msg, "stalled: no data moved for 300ms") || it.Attempts != 2 {
			t.Errorf("%s: %v %q (%v), attempts %d; want failed, stalled, 2 attempts",
				it.Name, it.State, msg, uploader.KindOf(it.Err), it.Attempts)
		}
	}
	if n := len(host.Uploads()); n != 0 {
		t.Errorf("host stored %d files though every body stalled", n)
	}
}

// flHost is a host under test: its endpoint and how many upload requests
// (POSTs) reached it so far.
type flHost struct {
	endpoint string
	posts    func() int
}

// flChev starts a fake Chevereto host with opts (Key defaults to testKey).
func flChev(opts chevtest.Options) func(t *testing.T) flHost {
	return func(t *testing.T) flHost {
		if opts.Key == "" && !opts.Guest {
			opts.Key = testKey
		}
		h := chevtest.NewTB(t, opts)
		return flHost{h.Endpoint(), func() int { return apiRequests(h, 0) }}
	}
}

// flServe starts a plain (or TLS) HTTP server whose handler h stands for a
// misconfigured host, a proxy or a captive portal, counting requests.
func flServe(tls bool, h http.HandlerFunc) func(t *testing.T) flHost {
	return func(t *testing.T) flHost {
		var mu sync.Mutex
		n := 0
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			mu.Unlock()
			if r.Method != http.MethodPost {
				t.Errorf("host got a %s %s: a redirect was followed", r.Method, r.URL)
			}
			h(w, r)
		}))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the TLS row's handshake failure is expected
		if tls {
			srv.StartTLS()
		} else {
			srv.Start()
		}
		t.Cleanup(srv.Close)
		return flHost{srv.URL, func() int { mu.Lock(); defer mu.Unlock(); return n }}
	}
}

// flRefused is an address nobody listens on.
func flRefused(t *testing.T) flHost {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return flHost{"http://" + addr, func() int { return 0 }}
}

// flPage is a proxy's or portal's HTML page that echoes the key it got.
func flPage(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>Sign in</title><style>body{color:red}</style>"+
			"<script>var k=%q;</script></head><body><h1>Welcome to the hotel Wi-Fi</h1><p>Your key %s is not registered.</p>%s</body></html>",
			r.Header.Get("X-API-Key"), r.Header.Get("X-API-Key"), strings.Repeat("<p>Terms &amp; conditions apply.</p>", 40))
	}
}

// flRedirect answers every request with status and a Location on https.
func flRedirect(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+r.Host+r.URL.Path, status)
	}
}

// TestFaultsHostAnswers: every way a host can refuse or mislead an upload,
// each with its kind, the message the user sees, and how many requests it
// took (a redirect is never followed, a handled error never retried).
func TestFaultsHostAnswers(t *testing.T) {
	tests := []struct {
		name  string
		host  func(t *testing.T) flHost
		kind  uploader.Kind
		want  []string
		posts int // upload requests the host must have seen
		tries int // attempts the client made (Retries is 1)
	}{
		{"301 http→https", flServe(false, flRedirect(http.StatusMovedPermanently)), uploader.KindRedirected,
			[]string{"the host redirected the upload to https://127.0.0.1:", "/api/1/upload — check the host URL (http→https?)"}, 1, 1},
		{"302", flServe(false, flRedirect(http.StatusFound)), uploader.KindRedirected, []string{"redirected the upload to https://"}, 1, 1},
		{"307 (would re-POST)", flServe(false, flRedirect(http.StatusTemporaryRedirect)), uploader.KindRedirected, []string{"redirected"}, 1, 1},
		{"308 (would re-POST)", flServe(false, flRedirect(http.StatusPermanentRedirect)), uploader.KindRedirected, []string{"redirected"}, 1, 1},
		{"HTML page with 200", flServe(false, flPage(http.StatusOK)), uploader.KindUnknown,
			[]string{"host answered HTTP 200 with a web page instead of JSON", "Welcome to the hotel Wi-Fi Your key [API key] is not", "is it a Chevereto site's address?"}, 1, 1},
		{"HTML 502 from a proxy (retried)", flServe(false, flPage(http.StatusBadGateway)), uploader.KindServer,
			[]string{"host answered HTTP 502 with a web page", "the host has a problem, try again later"}, 2, 2},
		{"PHP crash page (retried)", flChev(chevtest.Options{Faults: chevtest.Faults{HTML500: 1}}), uploader.KindServer,
			[]string{"host answered HTTP 500 with a web page", "Internal Server Error"}, 2, 2},
		{"uploads denied", flChev(chevtest.Options{Denied: true}), uploader.KindDenied,
			[]string{"host says: Request denied — this host does not accept API uploads now", "the key itself may be fine"}, 1, 1},
		{"bad key", flChev(chevtest.Options{Key: "another"}), uploader.KindBadKey,
			[]string{"host says: Invalid API key. — check the API key of this profile"}, 1, 1},
		{"over the host's limit", flChev(chevtest.Options{MaxSize: 50}), uploader.KindTooBig,
			[]string{"host says: File too big - max 50 B — make the file smaller"}, 1, 1},
		{"format disabled", flChev(chevtest.Options{DisabledFormats: []string{"png"}}), uploader.KindUnsupported,
			[]string{"host says: Disabled image format (png)"}, 1, 1},
		{"connection refused (retried)", flRefused, uploader.KindNetwork,
			[]string{"connection refused by 127.0.0.1:", "is the host URL right and the host up?"}, 0, 2},
		{"untrusted TLS certificate (not retried)", flServe(true, flPage(http.StatusOK)), uploader.KindNetwork,
			[]string{"the host's TLS certificate is not valid (x509: certificate signed by unknown authority)",
				"Upshot never uploads without a valid certificate"}, 0, 1},
	}
	files := flPNGs(t, 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.host(t)
			// No Transport: the real one, trusting only the system's roots
			// (not httptest's self-signed certificate).
			c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: h.endpoint, Key: testKey, Retries: 1,
				Backoff: time.Millisecond, ConnectTimeout: 2 * time.Second, StallTimeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			f, err := uploader.Inspect(files[0], 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Upload(context.Background(), f, uploader.Options{}, nil)
			checkErr(t, "upload", err, tt.kind, tt.want...)
			if ae := (*uploader.APIError)(nil); errors.As(err, &ae) && ae.Attempts != tt.tries {
				t.Errorf("%d attempts, want %d", ae.Attempts, tt.tries)
			}
			if n := h.posts(); n != tt.posts {
				t.Errorf("host saw %d upload requests, want %d", n, tt.posts)
			}
		})
	}
}

// TestFaultsModeration: a file awaiting moderation has no direct URL yet;
// the result falls back to the viewer page.
func TestFaultsModeration(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey, Moderation: true})
	ids, items := flRun(t, host, uploader.ClientConfig{Backoff: 10 * time.Millisecond}, flPNGs(t, 1))
	r := items[0].Result
	if len(ids) != 1 || items[0].State != uploader.StateDone || r == nil || !r.Moderated || r.URL != r.Viewer ||
		!strings.Contains(r.URL, "/image/") {
		t.Fatalf("moderated upload: %v %v %+v", items[0].State, items[0].Err, r)
	}
}

// TestFaultsFloodPausesQueue: flood protection pauses the host instead of
// failing the rest of the batch or hammering the host with retries.
func TestFaultsFloodPausesQueue(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey, FloodLimit: 1})
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: host.Endpoint(), Key: testKey, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	q, err := uploader.NewQueue(uploader.QueueConfig{Jobs: 1, SpoolDir: t.TempDir(),
		Resolve: func(string) (uploader.Target, error) { return uploader.Target{Uploader: c, Host: c.Endpoint()}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ids := q.Add("", uploader.Options{}, flPNGs(t, 3)...)
	// Wait for the flood answer (EventPaused), then for the third item to
	// be held too: it may start preparing before it sees the pause.
	guard := time.After(flGuard)
	for paused, held := false, false; !paused || !held; {
		select {
		case ev := <-q.Events():
			paused = paused || ev.Kind == uploader.EventPaused
			held = held || (ev.Item.ID == ids[2] && ev.Item.State == uploader.StateQueued && ev.Item.Note != "")
		case <-guard:
			t.Fatalf("flood pause not applied to the batch; items %+v", q.Items())
		}
	}
	items := q.Items()
	if items[0].State != uploader.StateDone {
		t.Errorf("first item %v, want done", items[0].State)
	}
	for _, it := range items[1:] {
		if it.State.Final() || !strings.Contains(it.Note, "host asks to slow down — retrying at ") {
			t.Errorf("%s after the flood answer: %v %q; want waiting with a pause note", it.Name, it.State, it.Note)
		}
	}
	if n := apiRequests(host, 2); n != 2 {
		t.Errorf("host saw %d upload requests, want 2: the flood answer must not be retried at once", n)
	}
	q.Close()
	for _, it := range q.Items()[1:] {
		if it.State != uploader.StateCanceled || it.Err != nil {
			t.Errorf("%s after Close: %v %v, want canceled without an error", it.Name, it.State, it.Err)
		}
	}
	// What the client itself says: rate limited for a minute, not retried.
	f, err := uploader.Inspect(items[1].Source, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Upload(context.Background(), f, uploader.Options{}, nil)
	checkErr(t, "upload", err, uploader.KindRateLimited, "host says: Flooding detected. You can only upload 1 images per minute",
		"wait a minute and try again")
	if ae := (*uploader.APIError)(nil); !errors.As(err, &ae) || ae.RetryAfter != time.Minute || ae.Attempts != 1 {
		t.Errorf("flood error %+v, want RetryAfter 1m after 1 attempt", ae)
	}
}

// TestNoInsecureSkipVerify: no non-test Go file of the module may turn TLS
// verification off; uploads carry the API key.
func TestNoInsecureSkipVerify(t *testing.T) {
	root, err := filepath.Abs("..") // uploader/ → the module root
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && p != root:
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go"):
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checked++
		if bytes.Contains(data, []byte("InsecureSkipVerify")) {
			t.Errorf("%s mentions InsecureSkipVerify: TLS verification must never be disabled", p)
		}
		return nil
	})
	if err != nil || checked < 20 {
		t.Fatalf("walked %d Go files under %s: %v", checked, root, err)
	}
}
