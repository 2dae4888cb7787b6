package localhost

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCanonicalRedirects(t *testing.T) {
	tests := []struct {
		name, method, path string // path includes any query
		location           string // relative to URL(); "" = not redirected
	}{
		{"trailing slash", "POST", "/api/1/upload/", "/api/1/upload"},
		{"query string", "POST", "/api/1/upload?key=abc&format=json", "/api/1/upload/?key=abc&format=json"},
		{"plus in query", "GET", "/api/1/upload/?title=a+b", "/api/1/upload/?title=a%20b"},
		{"sub-folder slash", "POST", "/sub/api/1/upload/", "/sub/api/1/upload"},
		{"canonical with query", "GET", "/api/1/upload/?format=json", ""},
		{"canonical", "POST", "/api/1/upload", ""},
		{"sub-folder canonical", "POST", "/sub/dir/api/1/upload", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewTB(t, Options{Key: testKey})
			hr, err := http.NewRequest(tt.method, s.URL()+tt.path, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			code, hdr, _ := send(t, hr)
			if tt.location == "" {
				if code != http.StatusBadRequest { // served: no key → handled error
					t.Errorf("status %d, want the API to answer (400)", code)
				}
				return
			}
			if code != http.StatusMovedPermanently || hdr.Get("Location") != s.URL()+tt.location {
				t.Errorf("got %d Location %q, want 301 to %q", code, hdr.Get("Location"), s.URL()+tt.location)
			}
			rs := s.Requests()
			if len(rs) != 1 || rs[0].Status != 301 || !strings.HasPrefix(tt.path, rs[0].Path) {
				t.Errorf("recorded %+v", rs)
			}
		})
	}
}

func TestGetWithQueryIsRecordedAndServed(t *testing.T) {
	s := NewTB(t, Options{Key: testKey})
	code, b := get(t, s.URL()+"/api/1/upload/?key="+testKey+"&source=https://example.com/x.png")
	wantErr(t, code, b, "URL uploading is disabled", 403)
	rs := s.Requests()
	if len(rs) != 1 || !strings.Contains(rs[0].RawQuery, "key="+testKey) || rs[0].Fields["key"] != testKey {
		t.Errorf("recorded %+v, want the key visible in RawQuery and Fields", rs)
	}
}

func TestKeyPrecedence(t *testing.T) {
	tests := []struct {
		name          string
		v3            bool
		header        *string // nil = no header
		field         *string
		wantOK        bool
		msg           string
		wantErrorCode int
	}{
		{"header and field", false, ptr(testKey), ptr(testKey), true, "", 0},
		{"header wins over bad field", false, ptr(testKey), ptr("bad"), true, "", 0},
		{"bad header wins over good field", false, ptr("bad"), ptr(testKey), false, "Invalid API key.", 100},
		{"empty header wins", false, ptr(""), ptr(testKey), false, "No key provided", 100},
		{"field only", false, nil, ptr(testKey), true, "", 0},
		{"v3 reads the field", true, ptr("bad"), ptr(testKey), true, "", 0},
		{"v3 ignores the header", true, ptr(testKey), nil, false, "No key provided", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewTB(t, Options{Key: testKey, V3: tt.v3})
			rq := req{header: map[string]string{}, fields: map[string]string{}, file: pngPart(t)}
			if tt.header != nil {
				rq.header["X-API-Key"] = *tt.header
			}
			if tt.field != nil {
				rq.fields["key"] = *tt.field
			}
			code, _, body := do(t, s, rq)
			if tt.wantOK {
				if code != 200 {
					t.Errorf("status %d, want 200: %s", code, body)
				}
				return
			}
			wantErr(t, code, body, tt.msg, tt.wantErrorCode)
		})
	}
}

func ptr(s string) *string { return &s }

func TestKeyCheckedBeforeSource(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		key  string
		msg  string
		code int
	}{
		{"good key", Options{Key: testKey}, testKey, "Empty upload source", 130},
		{"bad key", Options{Key: testKey}, "bad", "Invalid API key.", 100},
		{"denied", Options{Key: testKey, Denied: true}, testKey, "Request denied", 401},
		{"denied bad key", Options{Key: testKey, Denied: true}, "bad", "Invalid API key.", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewTB(t, tt.opts)
			code, _, body := do(t, s, req{header: map[string]string{"X-API-Key": tt.key}, fields: map[string]string{"key": tt.key}})
			wantErr(t, code, body, tt.msg, tt.code)
		})
	}
}

func TestRequestsRecordFields(t *testing.T) {
	s := NewTB(t, Options{Key: testKey})
	do(t, s, withKey(pngPart(t), map[string]string{"title": "T"}))
	rs := s.Requests()
	if len(rs) != 1 {
		t.Fatalf("%d requests recorded", len(rs))
	}
	r := rs[0]
	if r.Method != "POST" || r.Path != "/api/1/upload" || r.RawQuery != "" || r.Status != 200 ||
		r.Fields["key"] != testKey || r.Fields["title"] != "T" || r.FileField != "source" ||
		r.FileName != "small.png" || r.FileType != "image/png" || r.FileSize == 0 || r.Header.Get("X-Api-Key") != testKey {
		t.Errorf("recorded %+v", r)
	}
	if u := s.Uploads(); len(u) != 1 || u[0].Fields["title"] != "T" {
		t.Errorf("uploads %+v", u)
	}
}

// TestDeleteURL follows what a real Chevereto 4.2.0 answers (seen on the
// fixture in shared/realhost): the delete link deletes and 301s to
// /image/ID?deleted → 301 /image/ID/?deleted → 404; a wrong token or a
// second GET answers 404 at once.
func TestDeleteURL(t *testing.T) {
	s := NewTB(t, Options{Key: testKey})
	_, _, body := do(t, s, withKey(pngPart(t), nil))
	img := decode(t, body)["image"].(map[string]any)
	del, fileURL, viewer, short := img["delete_url"].(string), img["url"].(string), img["url_viewer"].(string), img["url_short"].(string)
	steps := []struct {
		name string
		url  string
		want int
		loc  string
	}{
		{"wrong token", del[:len(del)-4] + "0000", 404, ""},
		{"file before", fileURL, 200, ""},
		{"viewer with slash", viewer + "/", 301, viewer},
		{"viewer with a query", short + "?x", 301, short + "/?x"},
		{"live viewer marked deleted", short + "/?deleted", 302, short},
		{"delete", del, 301, short + "?deleted"},
		{"deleted page", short + "?deleted", 301, short + "/?deleted"},
		{"deleted page, canonical", short + "/?deleted", 404, ""},
		{"file after", fileURL, 404, ""},
		{"thumb after", img["thumb"].(map[string]any)["url"].(string), 404, ""},
		{"viewer after", viewer, 404, ""},
		{"delete again", del, 404, ""},
	}
	for _, st := range steps {
		hr, err := http.NewRequest(http.MethodGet, st.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		code, hdr, _ := send(t, hr)
		if code != st.want || hdr.Get("Location") != st.loc {
			t.Errorf("%s: GET %s = %d %q, want %d %q", st.name, st.url, code, hdr.Get("Location"), st.want, st.loc)
		}
	}
	if u := s.Uploads(); len(u) != 1 || !u[0].Deleted {
		t.Errorf("uploads %+v, want one Deleted", u)
	}
}

func TestPostMaxSize(t *testing.T) {
	tests := []struct {
		name    string
		header  bool // key in the header too
		chunked bool // no Content-Length: the limit is found while reading
		msg     string
		code    int
	}{
		{"key in header", true, false, "Empty upload source", 130},
		{"key only in field", false, false, "No key provided", 100},
		{"chunked, key in header", true, true, "Empty upload source", 130},
		{"chunked, key only in field", false, true, "No key provided", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewTB(t, Options{Key: testKey, PostMaxSize: 1000})
			rq := withKey(&filePart{field: "source", name: "a.mp4", ctype: "video/mp4", data: mp4Bytes("isom", 5000)}, nil)
			body, ct := multipartBody(t, rq.fields, rq.file)
			var r io.Reader = body
			if tt.chunked {
				r = io.MultiReader(body) // hides the length
			}
			hr, err := http.NewRequest(http.MethodPost, s.Endpoint(), r)
			if err != nil {
				t.Fatal(err)
			}
			hr.Header.Set("Content-Type", ct)
			if tt.header {
				hr.Header.Set("X-API-Key", testKey)
			}
			code, _, b := send(t, hr)
			wantErr(t, code, b, tt.msg, tt.code)
			if rs := s.Requests(); len(rs) != 1 || len(rs[0].Fields) != 0 || rs[0].FileField != "" {
				t.Errorf("recorded %+v, want no fields and no file", rs)
			}
		})
	}
}

func TestHandlerWithBaseURL(t *testing.T) {
	s, h := Handler(Options{Key: testKey, Now: fixedNow})
	t.Cleanup(s.Close)
	srv := &http.Server{Handler: h}
	ln := listen(t)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.SetBaseURL("http://" + ln.Addr().String() + "/")
	if s.Endpoint() != "http://"+ln.Addr().String()+"/api/1/upload" {
		t.Errorf("Endpoint() = %q", s.Endpoint())
	}
	code, _, body := do(t, s, withKey(pngPart(t), nil))
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	u := decode(t, body)["image"].(map[string]any)["url"].(string)
	if code, _ := get(t, u); code != 200 || !strings.HasPrefix(u, s.URL()+"/images/2026/11/23/") {
		t.Errorf("GET %s = %d", u, code)
	}
}
