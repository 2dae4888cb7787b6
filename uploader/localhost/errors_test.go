package localhost

import (
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// wantErr checks a handled error: HTTP 400 with the Chevereto error JSON.
func wantErr(t *testing.T, code int, body []byte, msg string, errCode int) {
	t.Helper()
	if code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", code, body)
	}
	m := decode(t, body)
	e, _ := m["error"].(map[string]any)
	if m["status_code"] != 400.0 || m["status_txt"] != "Bad Request" || e["message"] != msg || e["code"] != float64(errCode) {
		t.Errorf("body %s\nwant message %q code %d", body, msg, errCode)
	}
}

func TestErrors(t *testing.T) {
	mp4 := &filePart{field: "source", name: "clip.mp4", ctype: "video/mp4", data: mp4Bytes("isom", 256)}
	octet := *mp4
	octet.ctype = "application/octet-stream"
	gif := &filePart{field: "source", name: "a.gif", ctype: "image/gif", data: gifBytes(t)}
	tests := []struct {
		name    string
		opts    Options
		rq      req
		msg     string
		code    int
		context bool // V3 adds error.context
	}{
		{"no key", Options{}, req{file: pngPart(t)}, "No key provided", 100, false},
		{"wrong key", Options{}, req{header: map[string]string{"X-API-Key": "nope"}, file: pngPart(t)}, "Invalid API key.", 100, false},
		{"wrong key even with guests", Options{Guest: true}, req{fields: map[string]string{"key": "nope"}, file: pngPart(t)}, "Invalid API key.", 100, false},
		{"no valid key configured", Options{Key: "-"}, withKey(pngPart(t), nil), "Invalid API key.", 100, false},
		{"denied", Options{Denied: true}, withKey(pngPart(t), nil), "Request denied", 401, false},
		{"denied guest", Options{Denied: true, Guest: true}, req{file: pngPart(t)}, "Request denied", 401, false},
		{"empty source", Options{}, withKey(nil, nil), "Empty upload source", 130, false},
		{"url source", Options{}, withKey(nil, map[string]string{"source": "https://example.com/a.png"}), "URL uploading is disabled", 403, false},
		{"bad base64", Options{}, withKey(nil, map[string]string{"source": "data:image/png;base64,AAAA"}), "Invalid base64 string", 120, false},
		{"too big", Options{MaxSize: 5_000_000}, withKey(&filePart{field: "source", name: "b.mp4", ctype: "video/mp4", data: mp4Bytes("isom", 5_000_001)}, nil),
			"File too big - max 5 MB", 400, false},
		{"too big base64", Options{MaxSize: 1500}, withKey(nil, map[string]string{"source": base64.StdEncoding.EncodeToString(mp4Bytes("isom", 2000))}),
			"File too big - max 1.5 KB", 400, false},
		{"not an image", Options{}, withKey(&filePart{field: "source", name: "a.png", ctype: "image/png", data: []byte("hello, not a picture")}, nil),
			"Can't get target upload source info", 610, false},
		{"mp4 as octet-stream", Options{}, withKey(&octet, nil), "Can't get target upload source info", 610, false},
		{"png as video", Options{}, withKey(&filePart{field: "source", name: "a.mp4", ctype: "video/mp4", data: pngBytes(t, 4, 4)}, nil),
			"Invalid video file provided", 100, false},
		{"tiff", Options{}, withKey(&filePart{field: "source", name: "a.tif", ctype: "image/tiff", data: []byte("II*\x00\x08\x00\x00\x00")}, nil),
			"Unavailable image format", 613, false},
		{"disabled gif", Options{DisabledFormats: []string{"GIF"}}, withKey(gif, nil), "Disabled image format (gif)", 614, false},
		{"disabled mp4", Options{DisabledFormats: []string{"mp4"}}, withKey(mp4, nil), "Disabled image format (mp4)", 614, false},
		{"width too big", Options{}, withKey(pngPart(t), map[string]string{"width": "65"}), "Target width is greater than the original image width", 610, false},
		{"api version", Options{}, req{path: "/api/2/upload", header: map[string]string{"X-API-Key": testKey}}, "Invalid API version.", 110, false},
		{"api action", Options{}, req{path: "/api/1/delete", header: map[string]string{"X-API-Key": testKey}}, "Invalid API action", 120, false},
		{"v3 context", Options{V3: true}, req{header: map[string]string{"X-API-Key": testKey}, file: pngPart(t)}, "No key provided", 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.Key == "" {
				tt.opts.Key = testKey
			} else if tt.opts.Key == "-" {
				tt.opts.Key = ""
			}
			s := NewTB(t, tt.opts)
			code, _, body := do(t, s, tt.rq)
			wantErr(t, code, body, tt.msg, tt.code)
			e := decode(t, body)["error"].(map[string]any)
			if _, has := e["context"]; has != tt.context {
				t.Errorf("error.context present = %v, want %v", has, tt.context)
			}
			if n, fails := s.Stats(); n != 0 || fails != 1 || len(s.Uploads()) != 0 {
				t.Errorf("Stats() = %d, %d; want 0 uploads, 1 failure", n, fails)
			}
		})
	}
}

func TestBase64SourceIsStored(t *testing.T) {
	s := NewTB(t, Options{Key: testKey})
	data := pngBytes(t, 5, 3)
	code, _, body := do(t, s, withKey(nil, map[string]string{"source": base64.StdEncoding.EncodeToString(data)}))
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	if u := s.Uploads(); len(u) != 1 || u[0].Size != int64(len(data)) || u[0].Width != 5 {
		t.Errorf("uploads %+v, want one 5×3 PNG of %d bytes", u, len(data))
	}
}

func TestFloodAndDuplicates(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		files func(i int) *filePart
		msg   string
		code  int
	}{
		{"flood", Options{FloodLimit: 2}, func(i int) *filePart { return pngPartSized(t, 10+i) },
			"Flooding detected. You can only upload 2 images per minute", 130},
		{"duplicate", Options{Duplicates: true}, func(int) *filePart { return pngPartSized(t, 10) }, "Duplicated upload", 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Key, tt.opts.Now = testKey, fixedNow
			s := NewTB(t, tt.opts)
			var last []byte
			var code int
			for i := range 3 {
				code, _, last = do(t, s, withKey(tt.files(i), nil))
			}
			wantErr(t, code, last, tt.msg, tt.code)
			if n, _ := s.Stats(); n != 2 && tt.name == "flood" || n != 1 && tt.name == "duplicate" {
				t.Errorf("%d uploads accepted", n)
			}
		})
	}
}

func pngPartSized(t *testing.T, w int) *filePart {
	t.Helper()
	return &filePart{field: "source", name: "p.png", ctype: "image/png", data: pngBytes(t, w, 4)}
}

func TestFloodWindowSlides(t *testing.T) {
	now := fixedNow()
	clock := func() time.Time { return now }
	s := NewTB(t, Options{Key: testKey, FloodLimit: 1, Now: clock})
	if code, _, b := do(t, s, withKey(pngPart(t), nil)); code != 200 {
		t.Fatalf("first upload: %d %s", code, b)
	}
	code, _, b := do(t, s, withKey(pngPart(t), nil))
	wantErr(t, code, b, "Flooding detected. You can only upload 1 images per minute", 130)
	s.SetOptions(func(o *Options) { o.Now = func() time.Time { return now.Add(61 * time.Second) } })
	if code, _, b := do(t, s, withKey(pngPart(t), nil)); code != 200 {
		t.Errorf("a minute later: %d %s, want accepted", code, b)
	}
}

func TestFloodExactUnderConcurrency(t *testing.T) {
	s := NewTB(t, Options{Key: testKey, FloodLimit: 3})
	var wg sync.WaitGroup
	for i := range 8 {
		rq := withKey(pngPartSized(t, 3+i), nil)
		body, ct := multipartBody(t, rq.fields, rq.file)
		hr, err := http.NewRequest(http.MethodPost, s.Endpoint(), body)
		if err != nil {
			t.Fatal(err)
		}
		hr.Header.Set("Content-Type", ct)
		hr.Header.Set("X-API-Key", testKey)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := client().Do(hr); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if n, fails := s.Stats(); n != 3 || fails != 5 {
		t.Errorf("Stats() = %d, %d; want exactly 3 accepted and 5 refused", n, fails)
	}
}

func TestTextAndRedirectFormats(t *testing.T) {
	tests := []struct {
		name, format string
		opts         Options
		rq           func(t *testing.T) req
		status       int
		check        func(t *testing.T, s *Server, hdr http.Header, body string)
	}{
		{"txt success", "txt", Options{}, func(t *testing.T) req { return withKey(pngPart(t), nil) }, 200,
			func(t *testing.T, s *Server, _ http.Header, body string) {
				if want := s.URL() + "/images/"; !strings.HasPrefix(body, want) || !strings.HasSuffix(body, "/small.png") {
					t.Errorf("body %q, want the bare direct URL", body)
				}
			}},
		{"txt error", "txt", Options{}, func(*testing.T) req { return withKey(nil, nil) }, 200,
			func(t *testing.T, _ *Server, _ http.Header, body string) {
				if body != "Empty upload source" {
					t.Errorf("body %q, want the bare message", body)
				}
			}},
		{"redirect error", "redirect", Options{}, func(*testing.T) req { return req{} }, 200,
			func(t *testing.T, _ *Server, _ http.Header, body string) {
				if body != "No key provided" {
					t.Errorf("body %q, want the bare message", body)
				}
			}},
		{"redirect v4", "redirect", Options{}, func(t *testing.T) req { return withKey(pngPart(t), nil) }, 302,
			func(t *testing.T, s *Server, hdr http.Header, _ string) {
				if loc := hdr.Get("Location"); loc != "/image/small."+s.Uploads()[0].ID {
					t.Errorf("Location %q, want the relative viewer path", loc)
				}
			}},
		{"redirect v3", "redirect", Options{V3: true}, func(t *testing.T) req { return withKey(pngPart(t), nil) }, 302,
			func(t *testing.T, s *Server, hdr http.Header, _ string) {
				if loc := hdr.Get("Location"); loc != s.URL()+"/image/small."+s.Uploads()[0].ID {
					t.Errorf("Location %q, want the absolute viewer URL", loc)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Key = testKey
			s := NewTB(t, tt.opts)
			rq := tt.rq(t)
			if rq.fields == nil {
				rq.fields = map[string]string{}
			}
			rq.fields["format"] = tt.format
			code, hdr, body := do(t, s, rq)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %s", code, tt.status, body)
			}
			tt.check(t, s, hdr, string(body))
		})
	}
}
