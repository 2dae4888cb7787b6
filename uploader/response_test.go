package uploader

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// realBody is the real Chevereto 4.2.0 answer for a 64×48 PNG.
const realBody = `{"status_code":200,"success":{"message":"file uploaded","code":200},"image":{"name":"small","extension":"png","size":160,"width":64,"height":48,"date":"2026-11-23 03:40:06","date_gmt":"2026-11-23 06:40:06","title":"small","description":null,"nsfw":0,"storage_mode":"datefolder","md5":"0f3717b7e605a8dd2fb37f0de25269bf","source_md5":null,"original_filename":"small.png","original_exifdata":null,"views":0,"category_id":null,"chain":5,"thumb_size":335,"medium_size":0,"frame_size":0,"expiration_date_gmt":null,"likes":0,"is_animated":0,"is_approved":1,"is_360":0,"duration":0,"type":"image","tags":[],"tags_string":"","file":{"resource":{"type":"path"}},"id_encoded":"mq","filename":"small.png","mime":"image/png","url":"http://127.0.0.1:8080/images/2026/11/23/small.png","ratio":1.3333333333333333,"size_formatted":"160 B","image":{"filename":"small.png","name":"small","mime":"image/png","extension":"png","url":"http://127.0.0.1:8080/images/2026/11/23/small.png","size":160},"thumb":{"filename":"small.th.png","name":"small.th","mime":"image/png","extension":"png","url":"http://127.0.0.1:8080/images/2026/11/23/small.th.png","size":335},"url_frame":"","medium":{"filename":null,"name":null,"mime":null,"extension":null,"url":null},"duration_time":"","url_viewer":"http://127.0.0.1:8080/image/small.mq","path_viewer":"/image/small.mq","url_short":"http://127.0.0.1:8080/image/mq","display_url":"http://127.0.0.1:8080/images/2026/11/23/small.png","display_width":64,"display_height":48,"views_label":"views","likes_label":"likes","how_long_ago":"moments ago","date_fixed_peer":"2026-11-23 06:40:06","title_truncated":"small","title_truncated_html":"small","is_use_loader":false,"display_title":"small","delete_url":"http://127.0.0.1:8080/image/mq/delete/f437c30f95544b3125671c08044d5c65af8be5c970d807da"},"status_txt":"OK"}`

// moderatedBody has no url, display_url, thumb.url or medium.url.
const moderatedBody = `{"status_code":200,"success":{"message":"file uploaded","code":200},"image":{"id_encoded":"Ab","filename":"m.jpg","mime":"image/jpeg","type":"image","size":1000,"width":10,"height":20,"thumb":{"filename":"m.th.jpg"},"medium":{},"url_viewer":"https://h/image/m.Ab","url_short":"https://h/image/Ab","delete_url":"https://h/image/Ab/delete/x","expiration_date_gmt":"2026-11-23 07:40:06"},"status_txt":"OK"}`

// v3Body sends numbers as strings and says "image uploaded".
const v3Body = `{"status_code":"200","success":{"message":"image uploaded","code":"200"},"image":{"id_encoded":"Z9","filename":"v.gif","name":"v","extension":"gif","mime":"image/gif","size":"2048","width":"30","height":"40","nsfw":"0","title":17,"url":"https://old/images/v.gif","url_viewer":"https://old/image/Z9","thumb":{"url":"https://old/images/v.th.gif"},"medium":{"url":"https://old/images/v.md.gif"},"delete_url":"https://old/del"},"status_txt":"OK"}`

func TestParseResponseSuccess(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Result
	}{
		{"real 4.2.0", realBody, Result{ID: "mq", URL: "http://127.0.0.1:8080/images/2026/11/23/small.png",
			Viewer: "http://127.0.0.1:8080/image/small.mq", Short: "http://127.0.0.1:8080/image/mq",
			Thumb:  "http://127.0.0.1:8080/images/2026/11/23/small.th.png",
			Delete: "http://127.0.0.1:8080/image/mq/delete/f437c30f95544b3125671c08044d5c65af8be5c970d807da",
			Name:   "small.png", Title: "small", Mime: "image/png", Type: "image", Size: 160, Width: 64, Height: 48,
			MD5: "0f3717b7e605a8dd2fb37f0de25269bf"}},
		{"moderated falls back to the viewer", moderatedBody, Result{ID: "Ab", URL: "https://h/image/m.Ab", Viewer: "https://h/image/m.Ab",
			Short: "https://h/image/Ab", Delete: "https://h/image/Ab/delete/x", Name: "m.jpg", Mime: "image/jpeg", Type: "image",
			Size: 1000, Width: 10, Height: 20, Moderated: true, Expiration: time.Date(2026, 11, 23, 7, 40, 6, 0, time.UTC)}},
		{"V3 string numbers", v3Body, Result{ID: "Z9", URL: "https://old/images/v.gif", Viewer: "https://old/image/Z9",
			Thumb: "https://old/images/v.th.gif", Medium: "https://old/images/v.md.gif", Delete: "https://old/del",
			Name: "v.gif", Title: "17", Mime: "image/gif", Size: 2048, Width: 30, Height: 40}},
		{"ImgBB-style data", `{"data":{"url":"https://i/x.png","width":1.0e1}}`, Result{URL: "https://i/x.png", Width: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseResponse(200, http.Header{}, []byte(tt.body), true)
			if err != nil {
				t.Fatal(err)
			}
			if *r != tt.want {
				t.Errorf("got  %+v\nwant %+v", *r, tt.want)
			}
		})
	}
}

// TestParseResponseErrors covers every row of the error table in
// chevereto-api.md: HTTP 400 for all, classified by message.
func TestParseResponseErrors(t *testing.T) {
	tests := []struct {
		msg   string
		code  int
		kind  Kind
		parts string
	}{
		{"Invalid API key.", 100, KindBadKey, "host says: Invalid API key. — check the API key of this profile"},
		{"No key provided", 100, KindBadKey, "a key was sent but the host received none"},
		{"Request denied", 401, KindDenied, "does not accept API uploads now"},
		{"Invalid API version.", 110, KindEndpoint, "check the host URL"},
		{"Invalid API action", 120, KindEndpoint, "check the host URL"},
		{"Empty upload source", 130, KindTooBig, "received no file"},
		{"Empty source", 130, KindTooBig, "received no file"},
		{"Invalid base64 string", 120, KindUnknown, "host says: Invalid base64 string"},
		{"URL uploading is disabled", 403, KindUnsupported, "upload the file itself"},
		{"Flooding detected. You can only upload 5 images per minute", 130, KindRateLimited, "wait a minute"},
		{"Duplicated upload", 101, KindDuplicate, "already has this file"},
		{"File too big - max 2 MB", 400, KindTooBig, "host says: File too big - max 2 MB — make the file smaller"},
		{"File too big (UPLOAD_ERR_INI_SIZE)", 601, KindTooBig, "make the file smaller"},
		{"Can't get target upload source info", 610, KindUnsupported, "accepted: JPG"},
		{"Target width is greater than the original image width", 610, KindInvalid, "use a smaller width"},
		{"Unavailable image format", 613, KindUnsupported, "does not accept this file"},
		{"Disabled image format (gif)", 614, KindUnsupported, "turned this format off"},
		{"Invalid video file provided", 100, KindUnsupported, "does not accept"},
		{"Maximum number of uploads reached", 999, KindDenied, "plan"},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			body := `{"status_code":400,"error":{"message":` + jsonQuote(tt.msg) + `,"code":` + itoa(tt.code) + `},"status_txt":"Bad Request"}`
			r, err := parseResponse(400, http.Header{}, []byte(body), true)
			if r != nil || err == nil {
				t.Fatalf("got %v, %v", r, err)
			}
			fxKind(t, err, tt.kind, tt.parts)
			if err.Code != tt.code || err.HTTPStatus != 400 || err.Message != tt.msg {
				t.Errorf("err = %+v", err)
			}
			if tt.kind == KindRateLimited && err.RetryAfter != time.Minute {
				t.Errorf("flood RetryAfter = %v, want 1m", err.RetryAfter)
			}
		})
	}
	// V3: error.context and a string code
	_, err := parseResponse(400, http.Header{}, []byte(`{"status_code":"400","error":{"message":"Invalid API key.","code":"100","context":"Exception"}}`), true)
	if err == nil || err.Kind != KindBadKey || err.Code != 100 {
		t.Errorf("V3 error = %+v", err)
	}
}

func TestParseResponseNonJSON(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>x</title><style>body{}</style></head><body><h1>Internal Server Error</h1>
		<script>alert(1)</script><p>The server   encountered &amp; an error.</p></body></html>`
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		kind   Kind
		want   string
	}{
		{"500 page", 500, nil, page, KindServer,
			`host answered HTTP 500 with a web page instead of JSON: "Internal Server Error The server encountered & an error." — the host has a problem, try again later`},
		{"502 empty", 502, nil, "", KindServer, "host answered HTTP 502 with an empty body instead of JSON"},
		{"413 proxy", 413, nil, "<h1>413 Request Entity Too Large</h1>", KindTooBig, "over the upload limit"},
		{"404", 404, nil, "<p>Not Found</p>", KindEndpoint, "check the host URL"},
		{"403 waf", 403, nil, "<b>blocked</b>", KindDenied, "firewall"},
		{"429 header", 429, http.Header{"Retry-After": {"7"}}, "slow down", KindRateLimited, "HTTP 429 with text"},
		{"429 json", 429, nil, `{"error":{"message":"Too many"}}`, KindRateLimited, "host says: Too many"},
		{"200 text", 200, nil, "Invalid API key.", KindUnknown, `host answered HTTP 200 with text instead of JSON: "Invalid API key."`},
		{"json without result", 200, nil, `{"status_code":200}`, KindUnknown, "neither a result nor an error"},
		{"json 503 without result", 503, nil, `{"x":1}`, KindServer, "HTTP 503 without a result"},
		{"success without any link", 200, nil, `{"image":{"id_encoded":"x"}}`, KindUnknown, "without a link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			_, err := parseResponse(tt.status, h, []byte(tt.body), true)
			fxKind(t, err, tt.kind, tt.want)
		})
	}
	_, err := parseResponse(429, http.Header{"Retry-After": {"7"}}, nil, true)
	if err.RetryAfter != 7*time.Second {
		t.Errorf("RetryAfter = %v, want 7s", err.RetryAfter)
	}
}

func TestSnippet(t *testing.T) {
	long := "<p>" + strings.Repeat("word ", 100) + "</p>"
	got := Snippet([]byte(long))
	if n := len([]rune(got)); n != 200 || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet length %d: %q", n, got)
	}
	if got := Snippet([]byte("a\x00\xffb <br/>\n\n c&lt;")); got != "a b c<" {
		t.Errorf("snippet = %q", got)
	}
}

// FuzzParseResponse: the parser never panics, and it always gives exactly
// one of a result (with a URL) or an error (with a message).
func FuzzParseResponse(f *testing.F) {
	for _, b := range []string{realBody, moderatedBody, v3Body, `{"error":{"message":"Invalid API key.","code":100}}`,
		`<html>oops</html>`, ``, `null`, `[]`, `{"image":"x"}`, `{"image":{"thumb":5,"size":"1e400"}}`, `{"error":{"message":{}}}`} {
		f.Add(200, b)
		f.Add(400, b)
	}
	f.Add(429, "")
	f.Add(503, "<b>x")
	f.Fuzz(func(t *testing.T, status int, body string) {
		h := http.Header{"Retry-After": {body[:min(len(body), 8)]}}
		r, err := parseResponse(status, h, []byte(body), status%2 == 0)
		switch {
		case (r == nil) == (err == nil):
			t.Fatalf("result %v and error %v", r, err)
		case r != nil && r.URL == "":
			t.Fatalf("result without URL: %+v", r)
		case err != nil && err.Error() == "":
			t.Fatal("empty error message")
		case err != nil && len(err.Snippet) > 3*200:
			t.Fatalf("snippet too long: %d", len(err.Snippet))
		}
	})
}

func jsonQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func itoa(n int) string { return strconv.Itoa(n) }
