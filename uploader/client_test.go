package uploader

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fxKey is the API key of the tests: it must never show up in an error.
const fxKey = "chv_SECRET_k3y_of_the_tests"

// fxReq is what the test host saw of one request.
type fxReq struct {
	method, path, query string
	header              http.Header
	contentLength       int64
	fields              map[string]string
	fileName, fileType  string
	file                []byte
}

// fxHost is a small test host that records requests and answers with
// answer(n, w, r), n counting requests from 0.
type fxHost struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []fxReq
}

func fxServe(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *fxHost {
	t.Helper()
	h := &fxHost{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := fxRecord(r)
		h.mu.Lock()
		n := len(h.reqs)
		h.reqs = append(h.reqs, rec)
		h.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "PHPSESSID", Value: "abc"})
		answer(n, w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// fxRecord reads a request fully, multipart parts included.
func fxRecord(r *http.Request) fxReq {
	rec := fxReq{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(),
		contentLength: r.ContentLength, fields: map[string]string{}}
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return rec
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return rec
		}
		data, _ := io.ReadAll(p)
		if p.FileName() != "" {
			rec.fileName, rec.fileType, rec.file = p.FileName(), p.Header.Get("Content-Type"), data
			continue
		}
		rec.fields[p.FormName()] = string(data)
	}
}

func (h *fxHost) requests() []fxReq {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]fxReq(nil), h.reqs...)
}

// fxAnswer writes a JSON answer with a status.
func fxAnswer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// fxHostError is Chevereto's error JSON (always HTTP 400).
func fxHostError(w http.ResponseWriter, msg string, code int) {
	fxAnswer(w, 400, `{"status_code":400,"error":{"message":`+jsonQuote(msg)+`,"code":`+itoa(code)+`},"status_txt":"Bad Request"}`)
}

// fxClient is a client for endpoint with fast test timings.
func fxClient(t *testing.T, endpoint string, tweak func(*ClientConfig)) *Client {
	t.Helper()
	cfg := ClientConfig{Endpoint: endpoint, Key: fxKey, Backoff: time.Millisecond, Retries: 2,
		StallTimeout: 5 * time.Second, ConnectTimeout: 2 * time.Second}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fxUploadFile is a prepared PNG on disk.
func fxUploadFile(t *testing.T) *File {
	t.Helper()
	p := fxFile(t, t.TempDir(), "small.png", fxBytes(t, "png", 64, 48))
	f, err := Inspect(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fxNoSecret fails if the test key leaked into err.
func fxNoSecret(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), fxKey) {
		t.Errorf("error message contains the API key: %q", err)
	}
}

func TestUploadSendsWhatTheHostExpects(t *testing.T) {
	host := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { fxAnswer(w, 200, realBody) })
	c := fxClient(t, host.URL+"/", nil)
	f := fxUploadFile(t)
	opts := Options{Title: "Hello", Tags: []string{"a", "b/c", "d"}, AlbumID: "mq", NSFW: true, Expiration: "3600", Width: 32, CategoryID: 4}
	var sent atomic.Int64
	for i := 0; i < 2; i++ { // twice: the second request must not carry the session cookie
		res, err := c.Upload(context.Background(), f, opts, &sent)
		if err != nil {
			t.Fatal(err)
		}
		if res.ID != "mq" || res.Size != 160 {
			t.Errorf("result = %+v", res)
		}
	}
	reqs := host.requests()
	r := reqs[1]
	want := map[string]string{"key": fxKey, "format": "json", "title": "Hello", "tags": "a,d", "album_id": "mq",
		"nsfw": "1", "expiration": "PT1H", "width": "32", "category_id": "4"}
	for k, v := range want {
		if r.fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, r.fields[k], v)
		}
	}
	if len(r.fields) != len(want) {
		t.Errorf("fields = %v, want exactly %v", r.fields, want)
	}
	switch {
	case r.method != http.MethodPost || r.path != "/api/1/upload" || r.query != "":
		t.Errorf("request line %s %s?%s", r.method, r.path, r.query)
	case r.header.Get("X-API-Key") != fxKey:
		t.Errorf("X-API-Key = %q", r.header.Get("X-API-Key"))
	case r.header.Get("Cookie") != "":
		t.Errorf("a cookie came back: %q (no cookie jar may be kept)", r.header.Get("Cookie"))
	case !strings.HasPrefix(r.header.Get("User-Agent"), "Upshot/"):
		t.Errorf("User-Agent = %q", r.header.Get("User-Agent"))
	case r.fileName != "small.png" || r.fileType != "image/png" || int64(len(r.file)) != f.Size:
		t.Errorf("file part %q %q %d bytes", r.fileName, r.fileType, len(r.file))
	case r.contentLength <= f.Size || sent.Load() != r.contentLength:
		t.Errorf("Content-Length %d, sent %d, file %d", r.contentLength, sent.Load(), f.Size)
	}
}

func TestUploadVideoTypeAndGuest(t *testing.T) {
	host := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { fxAnswer(w, 200, realBody) })
	c := fxClient(t, host.URL, func(cfg *ClientConfig) { cfg.Key = "" })
	p := fxFile(t, t.TempDir(), "clip.mp4", fxBytes(t, "mp4", 0, 0))
	f, err := Inspect(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upload(context.Background(), f, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	r := host.requests()[0]
	if r.fileType != "video/mp4" {
		t.Errorf("part Content-Type = %q, want video/mp4 (else the host decodes it as an image)", r.fileType)
	}
	if _, ok := r.header["X-Api-Key"]; ok || r.fields["key"] != "" {
		t.Errorf("guest upload sent a key: header %v, field %q", r.header["X-Api-Key"], r.fields["key"])
	}
}

func TestUploadNeverFollowsRedirects(t *testing.T) {
	host := fxServe(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/1/upload/?x=1", http.StatusMovedPermanently)
	})
	c := fxClient(t, host.URL, nil)
	_, err := c.Upload(context.Background(), fxUploadFile(t), Options{}, nil)
	fxKind(t, err, KindRedirected, "the host redirected the upload to "+host.URL+"/api/1/upload/?x=1 — check the host URL (http→https?)")
	var ae *APIError
	if errors.As(err, &ae); ae.Location != host.URL+"/api/1/upload/?x=1" || ae.HTTPStatus != 301 || ae.Attempts != 1 {
		t.Errorf("APIError = %+v", ae)
	}
	if reqs := host.requests(); len(reqs) != 1 || reqs[0].method != http.MethodPost {
		t.Errorf("host saw %d requests; the redirect was followed", len(reqs))
	}
	fxNoSecret(t, err)
}

func TestUploadRetriesServerErrors(t *testing.T) {
	host := fxServe(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n < 2 {
			w.WriteHeader(500)
			_, _ = io.WriteString(w, "<html><body><h1>Internal Server Error</h1></body></html>")
			return
		}
		fxAnswer(w, 200, realBody)
	})
	var retries []string
	var sentAtRetry []int64
	var sent atomic.Int64
	c := fxClient(t, host.URL, func(cfg *ClientConfig) {
		cfg.OnRetry = func(attempt int, err error) {
			retries = append(retries, itoa(attempt)+": "+err.Error())
			sentAtRetry = append(sentAtRetry, sent.Load())
		}
	})
	var perCall []int
	ctx := WithRetryNotify(context.Background(), func(attempt int, _ error) { perCall = append(perCall, attempt) })
	f := fxUploadFile(t)
	if _, err := c.Upload(ctx, f, Options{}, &sent); err != nil {
		t.Fatal(err)
	}
	if len(retries) != 2 || !strings.HasPrefix(retries[0], `1: host answered HTTP 500 with a web page instead of JSON: "Internal Server Error"`) ||
		len(perCall) != 2 || perCall[1] != 2 {
		t.Errorf("retries = %q, per call %v", retries, perCall)
	}
	reqs := host.requests()
	for i, r := range reqs {
		if int64(len(r.file)) != f.Size {
			t.Errorf("attempt %d sent %d file bytes, want %d (body rebuilt each time)", i+1, len(r.file), f.Size)
		}
	}
	if len(reqs) != 3 || sent.Load() != reqs[2].contentLength || sentAtRetry[0] != reqs[0].contentLength {
		t.Errorf("%d requests, sent %d, at retries %v: sent must restart from 0", len(reqs), sent.Load(), sentAtRetry)
	}
}

func TestUploadFailures(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(w http.ResponseWriter)
		kind     Kind
		want     string
		attempts int // with Retries 2
	}{
		{"500 html retried then failing", func(w http.ResponseWriter) {
			w.WriteHeader(500)
			_, _ = io.WriteString(w, "<h1>Internal Server Error</h1> <p>oops</p>")
		}, KindServer, `host answered HTTP 500 with a web page instead of JSON: "Internal Server Error oops"`, 3},
		{"bad key not retried", func(w http.ResponseWriter) { fxHostError(w, "Invalid API key.", 100) },
			KindBadKey, "host says: Invalid API key. — check the API key of this profile", 1},
		{"flood not retried", func(w http.ResponseWriter) {
			fxHostError(w, "Flooding detected. You can only upload 2 images per minute", 130)
		}, KindRateLimited, "Flooding detected", 1},
		{"429 with a long Retry-After left to the queue", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(429)
		}, KindRateLimited, "HTTP 429", 1},
		{"429 with a short Retry-After retried", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
		}, KindRateLimited, "HTTP 429", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { tt.answer(w) })
			c := fxClient(t, host.URL, nil)
			_, err := c.Upload(context.Background(), fxUploadFile(t), Options{}, nil)
			fxKind(t, err, tt.kind, tt.want)
			fxNoSecret(t, err)
			var ae *APIError
			errors.As(err, &ae)
			if ae.Attempts != tt.attempts || len(host.requests()) != tt.attempts {
				t.Errorf("attempts %d, requests %d, want %d", ae.Attempts, len(host.requests()), tt.attempts)
			}
		})
	}
}

func TestUploadDroppedConnectionIsRetried(t *testing.T) {
	host := fxServe(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 0 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		fxAnswer(w, 200, realBody)
	})
	var failed error
	c := fxClient(t, host.URL, func(cfg *ClientConfig) { cfg.OnRetry = func(_ int, err error) { failed = err } })
	if _, err := c.Upload(context.Background(), fxUploadFile(t), Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if KindOf(failed) != KindNetwork || !strings.Contains(failed.Error(), "closed the connection") {
		t.Errorf("first attempt failed with %v (%v)", failed, KindOf(failed))
	}
}

func TestUploadConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c := fxClient(t, "http://"+addr, func(cfg *ClientConfig) { cfg.Retries = 1 })
	_, err = c.Upload(context.Background(), fxUploadFile(t), Options{}, nil)
	fxKind(t, err, KindNetwork, "connection refused by "+addr+" — is the host URL right and the host up?")
	fxNoSecret(t, err)
	if ae := err.(*APIError); ae.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", ae.Attempts)
	}
}

// TestUploadStall: the host reads the headers and then nothing moves.
func TestUploadStall(t *testing.T) {
	release := make(chan struct{})
	host := fxServe(t, func(_ int, _ http.ResponseWriter, _ *http.Request) { <-release })
	defer close(release)
	c := fxClient(t, host.URL, func(cfg *ClientConfig) { cfg.StallTimeout = 200 * time.Millisecond; cfg.Retries = -1 })
	_, err := c.Upload(context.Background(), fxUploadFile(t), Options{}, nil)
	fxKind(t, err, KindNetwork, "stalled: no data moved for 200ms")
}

func TestUploadCancel(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	host := fxServe(t, func(_ int, _ http.ResponseWriter, _ *http.Request) {
		arrived <- struct{}{}
		<-release
	})
	defer close(release)
	c := fxClient(t, host.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := c.Upload(ctx, fxUploadFile(t), Options{}, nil)
	fxKind(t, err, KindCanceled, "canceled")
	if !errors.Is(err, context.Canceled) || len(host.requests()) != 1 {
		t.Errorf("err %v, %d requests: cancel must stop at once, without retrying", err, len(host.requests()))
	}
}

func TestUploadLocalProblems(t *testing.T) {
	host := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { fxAnswer(w, 200, realBody) })
	c := fxClient(t, host.URL, nil)
	f := fxUploadFile(t)
	shrunk := *f
	shrunk.Size += 100 // the file is now shorter than it was when inspected
	gone := *f
	gone.Path = filepath.Join(t.TempDir(), "gone.png")
	tests := []struct {
		name string
		f    *File
		opts Options
		want string
		reqs int
	}{
		{"junk expiration refused before sending", f, Options{Expiration: "soon"}, `expiration "soon" is not valid`, 0},
		{"width over the image", f, Options{Width: 65}, "width 65 is larger than the image (64 px wide)", 0},
		{"file removed", &gone, Options{}, "cannot read the file: no such file", 0},
		{"file changed", &shrunk, Options{}, "the file changed while it was being uploaded", 1},
	}
	for _, tt := range tests {
		before := len(host.requests())
		_, err := c.Upload(context.Background(), tt.f, tt.opts, nil)
		fxKind(t, err, KindInvalid, tt.want)
		if n := len(host.requests()) - before; n > tt.reqs {
			t.Errorf("%s: %d requests reached the host, want ≤ %d", tt.name, n, tt.reqs)
		}
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient(ClientConfig{Endpoint: "img.example.com/sub/", Key: fxKey})
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != "https://img.example.com/sub/api/1/upload" || c.MaxAttempts() != 1+DefaultRetries ||
		c.cfg.StallTimeout != DefaultStallTimeout || c.cfg.ConnectTimeout != DefaultConnectTimeout || c.cfg.Backoff != DefaultBackoff {
		t.Errorf("client = %q %+v", c.Endpoint(), c.cfg)
	}
	if c, _ := NewClient(ClientConfig{Endpoint: "h", Retries: -1}); c.MaxAttempts() != 1 {
		t.Errorf("negative Retries: %d attempts, want 1", c.MaxAttempts())
	}
	_, err = NewClient(ClientConfig{Endpoint: "ftp://h"})
	fxKind(t, err, KindEndpoint, "https://")
}

// TestKeyNeverInErrors: even a host that echoes the key back (a debug
// page, a message, a redirect) does not get it into an error message.
func TestKeyNeverInErrors(t *testing.T) {
	answers := []func(w http.ResponseWriter, r *http.Request){
		func(w http.ResponseWriter, r *http.Request) {
			fxHostError(w, "Invalid API key. ("+r.Header.Get("X-API-Key")+")", 100)
		},
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			_, _ = io.WriteString(w, "<pre>$_POST[key] = "+r.Header.Get("X-API-Key")+"</pre>")
		},
		func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/api/1/upload/?key="+r.Header.Get("X-API-Key"), http.StatusMovedPermanently)
		},
	}
	for i, answer := range answers {
		host := fxServe(t, func(_ int, w http.ResponseWriter, r *http.Request) { answer(w, r) })
		c := fxClient(t, host.URL, func(cfg *ClientConfig) { cfg.Retries = -1 })
		_, err := c.Upload(context.Background(), fxUploadFile(t), Options{}, nil)
		if err == nil || !strings.Contains(err.Error(), "[API key]") {
			t.Errorf("answer %d: err = %v, want the key replaced by [API key]", i, err)
		}
		fxNoSecret(t, err)
		if ae := err.(*APIError); strings.Contains(ae.Location+ae.Snippet+ae.Message, fxKey) {
			t.Errorf("answer %d: the key is in a field: %+v", i, ae)
		}
	}
}
