package localhost

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

const testKey = "chv_test_key_0123456789"

// fixedNow is the clock of most tests: 2026-11-23 06:40:06 UTC.
func fixedNow() time.Time { return time.Date(2026, 11, 23, 6, 40, 6, 0, time.UTC) }

// filePart is one file part of a test request.
type filePart struct {
	field, name, ctype string
	data               []byte
}

// req describes a test request to the API.
type req struct {
	method string            // default POST
	path   string            // default "/api/1/upload"
	header map[string]string // e.g. X-API-Key
	fields map[string]string
	file   *filePart
}

// client never follows redirects and keeps no cookie jar, like Upshot's.
func client() *http.Client {
	return &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// multipartBody builds a small multipart body in memory.
func multipartBody(t *testing.T, fields map[string]string, fp *filePart) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fp != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+fp.field+`"; filename="`+fp.name+`"`)
		h.Set("Content-Type", fp.ctype)
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(fp.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

// do sends rq to the server and returns the status, headers and body.
func do(t *testing.T, s *Server, rq req) (int, http.Header, []byte) {
	t.Helper()
	method, path := rq.method, rq.path
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = "/api/1/upload"
	}
	var body io.Reader
	ctype := ""
	if method == http.MethodPost {
		b, ct := multipartBody(t, rq.fields, rq.file)
		body, ctype = b, ct
	}
	hr, err := http.NewRequest(method, s.URL()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		hr.Header.Set("Content-Type", ctype)
	}
	for k, v := range rq.header {
		hr.Header[http.CanonicalHeaderKey(k)] = []string{v} // keeps empty values
	}
	return send(t, hr)
}

func send(t *testing.T, hr *http.Request) (int, http.Header, []byte) {
	t.Helper()
	resp, err := client().Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", hr.Method, hr.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// get fetches a URL and returns status and body.
func get(t *testing.T, u string) (int, []byte) {
	t.Helper()
	hr, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	code, _, b := send(t, hr)
	return code, b
}

// decode parses a JSON body into a generic map.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, b)
	}
	return m
}

// withKey is a request with the key in the header and the field.
func withKey(fp *filePart, fields map[string]string) req {
	f := map[string]string{"key": testKey}
	for k, v := range fields {
		f[k] = v
	}
	return req{header: map[string]string{"X-API-Key": testKey}, fields: f, file: fp}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gifBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, 8, 6), []color.Color{color.Black, color.White})
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func bmpBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 10, 7))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mp4Bytes is an ISO-BMFF header followed by filler: enough for the host.
func mp4Bytes(brand string, n int) []byte {
	b := make([]byte, n)
	copy(b, append([]byte{0, 0, 0, 0x18}, []byte("ftyp"+brand+"\x00\x00\x02\x00isomiso2")...))
	return b
}

func pngPart(t *testing.T) *filePart {
	t.Helper()
	return &filePart{field: "source", name: "small.png", ctype: "image/png", data: pngBytes(t, 64, 48)}
}

// listen opens a loopback listener for tests that serve Handler themselves.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// New starts a host on a free loopback port, or panics (the tests' httptest
// idiom; uploader/chevtest offers the same to other packages).
func New(opts Options) *Server {
	s, err := Start("127.0.0.1:0", opts)
	if err != nil {
		panic(err)
	}
	return s
}

// NewTB is New with tb.Cleanup(Close).
func NewTB(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := New(opts)
	tb.Cleanup(s.Close)
	return s
}
