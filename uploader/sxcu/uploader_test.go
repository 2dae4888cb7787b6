package sxcu

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// received is what the test host saw of one request.
type received struct {
	method, path, query string
	header              http.Header
	fields              map[string]string
	fileField, fileName string
	fileType            string
	file                []byte
	contentLength       int64
}

// testHost records requests and answers with answer.
type testHost struct {
	*httptest.Server
	mu  sync.Mutex
	got []received
}

func newTestHost(t *testing.T, answer func(w http.ResponseWriter, r *received)) *testHost {
	t.Helper()
	h := &testHost{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := received{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(),
			fields: map[string]string{}, contentLength: r.ContentLength}
		if mr, err := r.MultipartReader(); err == nil {
			for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
				data, _ := io.ReadAll(p)
				if p.FileName() == "" {
					rec.fields[p.FormName()] = string(data)
					continue
				}
				rec.fileField, rec.fileName, rec.fileType, rec.file = p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data
			}
		}
		h.mu.Lock()
		h.got = append(h.got, rec)
		h.mu.Unlock()
		answer(w, &rec)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *testHost) requests() []received {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]received(nil), h.got...)
}

// testFile is a small prepared upload.
func testFile(t *testing.T) *uploader.File {
	t.Helper()
	data := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	p := filepath.Join(t.TempDir(), "my shot.png")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return &uploader.File{Path: p, Name: "my shot.png", Size: int64(len(data)), Mime: "image/png"}
}

// specFor is a testdata spec pointed at the test host.
func specFor(t *testing.T, file, url string) Spec {
	t.Helper()
	p, err := Parse(readTestdata(t, file))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Spec
	s.RequestURL = url
	return s
}

func newUploader(t *testing.T, s Spec) *Uploader {
	t.Helper()
	u, err := New(s, uploader.ClientConfig{Retries: 1, Backoff: time.Millisecond, StallTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUploadJSONHost(t *testing.T) {
	host := newTestHost(t, func(w http.ResponseWriter, r *received) {
		fmt.Fprintf(w, `{"data":{"link":"https://files.example/f/%s","id":"9","delete hash":"d-h","thumbs":[{"url":"https://files.example/t/9"}]}}`, r.fields["name"])
	})
	s := specFor(t, "files_json.sxcu", host.URL+"/api/upload")
	f := testFile(t)
	var sent atomic.Int64
	res, err := newUploader(t, s).Upload(context.Background(), f, uploader.Options{Title: "ignored"}, &sent)
	if err != nil {
		t.Fatal(err)
	}
	if res.URL != "https://files.example/f/my shot.png" || res.Thumb != "https://files.example/t/9" ||
		res.Delete != "https://files.example/delete/9?token=d-h" {
		t.Errorf("result %+v", res)
	}
	reqs := host.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	want := received{method: "POST", path: "/api/upload", query: "expires=24h", fileField: "file", fileName: "my shot.png", fileType: "image/png"}
	if r.method != want.method || r.path != want.path || r.query != want.query || r.fileField != want.fileField ||
		r.fileName != want.fileName || r.fileType != want.fileType {
		t.Errorf("request %+v", r)
	}
	if r.header.Get("Authorization") != "Bearer tok_SECRET_files_987" || !strings.HasPrefix(r.header.Get("User-Agent"), "Upshot/") {
		t.Errorf("headers %v", r.header)
	}
	if r.fields["name"] != "my shot.png" || r.fields["server"] != "eu" || len(r.fields) != 2 {
		t.Errorf("fields %v", r.fields)
	}
	if data, _ := os.ReadFile(f.Path); string(r.file) != string(data) {
		t.Error("file bytes differ")
	}
	if r.contentLength <= f.Size || sent.Load() != r.contentLength {
		t.Errorf("content length %d, sent %d (file %d): the body must be counted and not chunked", r.contentLength, sent.Load(), f.Size)
	}
}

func TestUploadRegexHostAndWholeAnswer(t *testing.T) {
	host := newTestHost(t, func(w http.ResponseWriter, r *received) {
		switch r.path {
		case "/plain":
			fmt.Fprint(w, "  https://pics.example/i/raw.png\n")
			return
		case "/page":
			fmt.Fprint(w, "<html><body>Thanks!</body></html>")
			return
		}
		w.Header().Set("X-Delete-Url", "https://pics.example/d/77")
		fmt.Fprint(w, `<html><a href="https://pics.example/i/77.png">your image</a></html>`)
	})
	s := specFor(t, "regex_host.sxcu", host.URL+"/upload.php")
	res, err := newUploader(t, s).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
	if err != nil || res.URL != "https://pics.example/i/77.png" || res.Delete != "https://pics.example/d/77" {
		t.Fatalf("regex host: %+v %v", res, err)
	}
	if r := host.requests()[0]; r.fileField != "f" || r.fields["secret"] != "pics_SECRET_555" {
		t.Errorf("request %+v", r)
	}
	s.RequestURL, s.URL, s.DeletionURL = host.URL+"/plain", "", ""
	res, err = newUploader(t, s).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
	if err != nil || res.URL != "https://pics.example/i/raw.png" {
		t.Errorf("whole answer as the link: %+v %v", res, err)
	}
	s.RequestURL = host.URL + "/page"
	_, err = newUploader(t, s).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), `without a usable link: "Thanks!"`) {
		t.Errorf("a page taken for a link: %v", err)
	}
}

func TestUploadFailures(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(w http.ResponseWriter)
		kind     uploader.Kind
		status   int
		requests int
		want     string
	}{
		{"host error in JSON", func(w http.ResponseWriter) {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":{"message":"Quota exceeded for tok_SECRET_files_987"}}`)
		}, uploader.KindUnknown, 400, 1, "host says: Quota exceeded for [secret]"},
		{"HTML 500 is retried", func(w http.ResponseWriter) {
			w.WriteHeader(500)
			fmt.Fprint(w, "<html><body><h1>Internal error</h1></body></html>")
		}, uploader.KindServer, 500, 2, `host answered HTTP 500: "Internal error"`},
		{"redirect loop", func(w http.ResponseWriter) {
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(http.StatusMovedPermanently)
		}, uploader.KindRedirected, 301, 11, "redirected the upload more than 10 times (last to http://127.0.0.1"},
		{"200 but not JSON", func(w http.ResponseWriter) {
			fmt.Fprint(w, "<p>done!</p>")
		}, uploader.KindUnknown, 200, 1, `host answered HTTP 200 with text that is not JSON: "done!"`},
		{"200 without link but an error", func(w http.ResponseWriter) {
			fmt.Fprint(w, `{"success":false,"error":{"message":"Unsupported file"}}`)
		}, uploader.KindUnknown, 200, 1, "host says: Unsupported file"},
		{"401", func(w http.ResponseWriter) {
			w.WriteHeader(401)
			fmt.Fprint(w, `Unauthorized`)
		}, uploader.KindBadKey, 401, 1, "check the API key"},
		{"413", func(w http.ResponseWriter) { w.WriteHeader(413) }, uploader.KindTooBig, 413, 1, "HTTP 413"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := newTestHost(t, func(w http.ResponseWriter, _ *received) { tt.answer(w) })
			_, err := newUploader(t, specFor(t, "files_json.sxcu", host.URL+"/up")).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
			ae, ok := err.(*uploader.APIError)
			if !ok || ae.Kind != tt.kind || ae.HTTPStatus != tt.status || !strings.Contains(ae.Error(), tt.want) {
				t.Fatalf("err %v (%#v), want kind %v status %d containing %q", err, err, tt.kind, tt.status, tt.want)
			}
			if n := len(host.requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if strings.Contains(ae.Error(), "tok_SECRET") {
				t.Error("the token reached the message")
			}
		})
	}
}

func TestUploadRateLimitAndCancel(t *testing.T) {
	host := newTestHost(t, func(w http.ResponseWriter, _ *received) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
	})
	_, err := newUploader(t, specFor(t, "files_json.sxcu", host.URL)).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
	if ae, ok := err.(*uploader.APIError); !ok || ae.Kind != uploader.KindRateLimited || ae.RetryAfter != 2*time.Minute {
		t.Errorf("429: %#v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = newUploader(t, specFor(t, "files_json.sxcu", host.URL)).Upload(ctx, testFile(t), uploader.Options{}, nil)
	if uploader.KindOf(err) != uploader.KindCanceled {
		t.Errorf("canceled upload: %v", err)
	}
	_, err = newUploader(t, specFor(t, "files_json.sxcu", host.URL)).Upload(context.Background(),
		&uploader.File{Path: filepath.Join(t.TempDir(), "gone.png"), Name: "gone.png", Size: 3}, uploader.Options{}, nil)
	if uploader.KindOf(err) != uploader.KindInvalid {
		t.Errorf("missing file: %v", err)
	}
	if n := len(host.requests()); n != 1 {
		t.Errorf("%d requests, want only the rate-limited one", n)
	}
}

func TestNewRefusesBadSpec(t *testing.T) {
	for _, s := range []Spec{
		{RequestURL: "https://h.example", FileFormName: ""},
		{RequestURL: "https://h.example?x=1", FileFormName: "f"},
		{RequestURL: "https://h.example", FileFormName: "f", Headers: map[string]string{"A": "{json:x}"}},
		{RequestURL: "https://h.example", FileFormName: "f", Method: "DELETE"},
	} {
		if _, err := New(s, uploader.ClientConfig{}); err == nil {
			t.Errorf("New(%+v) succeeded", s)
		}
	}
}

// TestUploadFollowsRedirectToTheLink: hosts that answer the upload with a
// redirect to the image's page (ShareX's {responseurl}, or the legacy
// ResponseType RedirectionURL) give that final address as the link.
func TestUploadFollowsRedirectToTheLink(t *testing.T) {
	host := newTestHost(t, func(w http.ResponseWriter, r *received) {
		switch {
		case r.path == "/located": // answers 200 with the link in Location
			w.Header().Set("Location", "https://img.example/i/xyz.png")
		case r.method == http.MethodPost:
			w.Header().Set("Location", "/i/abc")
			w.WriteHeader(http.StatusSeeOther)
		default:
			fmt.Fprint(w, "<html>your image</html>")
		}
	})
	tests := []struct {
		name, file, want string
	}{
		{"legacy LocationHeader", `{"RequestURL":"%s/located","FileFormName":"thePic","ResponseType":"LocationHeader"}`, "https://img.example/i/xyz.png"},
		{"current syntax", `{"Version":"14.1.0","RequestURL":"%s/upload","Body":"MultipartFormData","FileFormName":"img[]","URL":"{responseurl}"}`, "/i/abc"},
		{"legacy RedirectionURL", `{"DestinationType":"ImageUploader","RequestURL":"%s/upload","FileFormName":"img[]","ResponseType":"RedirectionURL"}`, "/i/abc"},
		{"legacy regex on the address", `{"RequestURL":"%s/upload","FileFormName":"image","ResponseType":"RedirectionURL","RegexList":[".+"],"URL":"$regex:1$.jpeg"}`, "/i/abc.jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(fmt.Sprintf(tt.file, host.URL)))
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if strings.HasPrefix(want, "/") {
				want = host.URL + want
			}
			res, err := newUploader(t, p.Spec).Upload(context.Background(), testFile(t), uploader.Options{}, nil)
			if err != nil || res.URL != want {
				t.Fatalf("upload: %+v %v; want the link %s", res, err, want)
			}
		})
	}
	if n := len(host.requests()); n != 2*len(tests)-1 {
		t.Errorf("%d requests, want an upload and a GET of the page per redirected file", n)
	}
}
