package uploader_test

import (
	"bytes"
	"context"
	"errors"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// ctFile writes a file of the given kind ("png", "gif", "mp4", "text") and
// returns it as the client would get it from Inspect, or a hand-made File
// when the kind cannot pass Inspect ("text" is sent as if it were a PNG).
func ctFile(t *testing.T, kind string, w, h int) *uploader.File {
	t.Helper()
	img := noiseImage(w, h, 1)
	var buf bytes.Buffer
	name := "pic." + kind
	switch kind {
	case "png":
		_ = png.Encode(&buf, img)
	case "gif":
		_ = gif.Encode(&buf, img, nil)
	case "mp4":
		buf.Write([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08free"))
		buf.Write(make([]byte, 512))
	case "text":
		buf.WriteString("this is not a picture at all\n")
		p := filepath.Join(t.TempDir(), "fake.png")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return &uploader.File{Path: p, Name: "fake.png", Size: int64(buf.Len()), Mime: "image/png"}
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ctClient is a client of the fake host with fast test timings.
func ctClient(t *testing.T, endpoint string, tweak func(*uploader.ClientConfig)) *uploader.Client {
	t.Helper()
	cfg := uploader.ClientConfig{Endpoint: endpoint, Key: testKey, Retries: 2, Backoff: time.Millisecond,
		StallTimeout: 5 * time.Second, ConnectTimeout: 2 * time.Second}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := uploader.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ctCase is one row of the error table of chevereto-api.md, played
// against the fake host.
type ctCase struct {
	name   string
	host   chevtest.Options
	client func(*uploader.ClientConfig)
	file   func(t *testing.T) *uploader.File
	opts   uploader.Options
	before int // uploads made first (flood, duplicate)
	kind   uploader.Kind
	want   string // in the error message
	reqs   int    // API requests the host must have seen in total (0 = don't check)
}

func TestChevtestErrorTable(t *testing.T) {
	png := func(t *testing.T) *uploader.File { return ctFile(t, "png", 64, 48) }
	tests := []ctCase{
		{name: "bad key", host: chevtest.Options{Key: "other"}, file: png, kind: uploader.KindBadKey,
			want: "host says: Invalid API key. — check the API key of this profile", reqs: 1},
		{name: "no key", host: chevtest.Options{Key: testKey}, client: func(c *uploader.ClientConfig) { c.Key = "" }, file: png,
			kind: uploader.KindBadKey, want: "No key provided", reqs: 1},
		{name: "denied", host: chevtest.Options{Key: testKey, Denied: true}, file: png, kind: uploader.KindDenied,
			want: "host says: Request denied — this host does not accept API uploads now", reqs: 1},
		{name: "flood", host: chevtest.Options{Key: testKey, FloodLimit: 1}, file: png, before: 1, kind: uploader.KindRateLimited,
			want: "Flooding detected", reqs: 2},
		{name: "too big on the host", host: chevtest.Options{Key: testKey, MaxSize: 100}, file: png, kind: uploader.KindTooBig,
			want: "host says: File too big - max", reqs: 1},
		{name: "body over post_max_size", host: chevtest.Options{Key: testKey, PostMaxSize: 100}, file: png, kind: uploader.KindTooBig,
			want: "Empty upload source", reqs: 1},
		{name: "disabled format", host: chevtest.Options{Key: testKey, DisabledFormats: []string{"gif"}},
			file: func(t *testing.T) *uploader.File { return ctFile(t, "gif", 8, 8) }, kind: uploader.KindUnsupported,
			want: "Disabled image format (gif)", reqs: 1},
		{name: "not an image", host: chevtest.Options{Key: testKey},
			file: func(t *testing.T) *uploader.File { return ctFile(t, "text", 0, 0) }, kind: uploader.KindUnsupported,
			want: "Can't get target upload source info", reqs: 1},
		{name: "mp4 without a video type", host: chevtest.Options{Key: testKey},
			file: func(t *testing.T) *uploader.File {
				f := ctFile(t, "mp4", 0, 0)
				f.Mime = "application/octet-stream"
				return f
			}, kind: uploader.KindUnsupported, want: "Can't get target upload source info", reqs: 1},
		{name: "width over the image, unknown locally", host: chevtest.Options{Key: testKey},
			file: func(t *testing.T) *uploader.File {
				f := png(t)
				f.Width = 0
				return f
			}, opts: uploader.Options{Width: 500}, kind: uploader.KindInvalid, want: "Target width is greater", reqs: 1},
		{name: "width over the image, caught locally", host: chevtest.Options{Key: testKey}, file: png,
			opts: uploader.Options{Width: 500}, kind: uploader.KindInvalid, want: "width 500 is larger than the image (64 px wide)", reqs: -1},
		{name: "duplicate", host: chevtest.Options{Key: testKey, Duplicates: true}, file: png, before: 1,
			kind: uploader.KindDuplicate, want: "Duplicated upload", reqs: 2},
		{name: "500 html retried then failing", host: chevtest.Options{Key: testKey, Faults: chevtest.Faults{HTML500: 1}}, file: png,
			kind: uploader.KindServer, want: "host answered HTTP 500 with a web page instead of JSON: \"", reqs: 3},
		{name: "dropped every time", host: chevtest.Options{Key: testKey, Faults: chevtest.Faults{Drop: 1}}, file: png,
			kind: uploader.KindNetwork, want: "", reqs: 3},
		{name: "stall", host: chevtest.Options{Key: testKey, Faults: chevtest.Faults{Stall: 3 * time.Second}},
			client: func(c *uploader.ClientConfig) { c.StallTimeout = 200 * time.Millisecond; c.Retries = -1 }, file: png,
			kind: uploader.KindNetwork, want: "stalled: no data moved for 200ms", reqs: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { ctRun(t, tt) })
	}
}

// ctRun plays one row.
func ctRun(t *testing.T, tt ctCase) {
	t.Helper()
	host := chevtest.NewTB(t, tt.host)
	c := ctClient(t, host.Endpoint(), tt.client)
	f := tt.file(t)
	for i := 0; i < tt.before; i++ {
		if _, err := c.Upload(context.Background(), f, tt.opts, nil); err != nil {
			t.Fatalf("upload before the test: %v", err)
		}
	}
	res, err := c.Upload(context.Background(), f, tt.opts, nil)
	if err == nil {
		t.Fatalf("upload succeeded: %+v", res)
	}
	if k := uploader.KindOf(err); k != tt.kind {
		t.Fatalf("kind %v, want %v: %v", k, tt.kind, err)
	}
	if !strings.Contains(err.Error(), tt.want) {
		t.Errorf("error %q does not contain %q", err, tt.want)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("the error contains the key: %q", err)
	}
	var ae *uploader.APIError
	if tt.reqs > 0 && (!errors.As(err, &ae) || ae.Attempts != tt.reqs-tt.before) {
		t.Errorf("attempts = %+v, want %d", ae, tt.reqs-tt.before)
	}
	switch n := apiRequests(host, tt.reqs); {
	case tt.reqs > 0 && n != tt.reqs:
		t.Errorf("host saw %d API requests, want %d", n, tt.reqs)
	case tt.reqs < 0 && n != 0:
		t.Errorf("host saw %d API requests, want none (checked locally)", n)
	}
}

func TestChevtestUploadOK(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey})
	c := ctClient(t, host.Endpoint(), nil)
	f := ctFile(t, "png", 64, 48)
	var sent atomic.Int64
	opts := uploader.Options{Title: strings.Repeat("t", 120), Tags: []string{"cat", "a/b"}, Expiration: "PT1M", NSFW: true}
	res, err := c.Upload(context.Background(), f, opts, &sent)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if res.ID == "" || res.Width != 64 || res.Height != 48 || res.Type != "image" || res.Moderated || res.Expiration.IsZero() ||
		!strings.HasPrefix(res.URL, host.URL()) || res.Thumb == "" || res.Delete == "" {
		t.Errorf("result = %+v", res)
	}
	got := ctGet(t, res.URL)
	want, _ := os.ReadFile(f.Path)
	if !bytes.Equal(got, want) {
		t.Error("the file served back differs from the one sent")
	}
	up := host.Uploads()[0]
	if up.Fields["title"] != strings.Repeat("t", 100) || up.Fields["tags"] != "cat" || up.Fields["expiration"] != "PT5M" ||
		up.Fields["nsfw"] != "1" || up.Fields["format"] != "json" {
		t.Errorf("fields = %v", up.Fields)
	}
	reqs := host.Requests()
	for i, r := range reqs[:2] {
		switch {
		case r.Method != http.MethodPost || r.RawQuery != "" || strings.Contains(r.Path, testKey):
			t.Errorf("request %d: %s %s?%s", i, r.Method, r.Path, r.RawQuery)
		case r.Header.Get("X-API-Key") != testKey || r.Fields["key"] != testKey:
			t.Errorf("request %d: key header %q, field %q", i, r.Header.Get("X-API-Key"), r.Fields["key"])
		case r.Header.Get("Cookie") != "":
			t.Errorf("request %d sent a cookie back: %q", i, r.Header.Get("Cookie"))
		case r.FileField != "source" || r.FileName != "pic.png" || r.FileType != "image/png" || r.FileSize != f.Size:
			t.Errorf("request %d file part %q %q %q %d", i, r.FileField, r.FileName, r.FileType, r.FileSize)
		}
	}
	if sent.Load() <= f.Size {
		t.Errorf("sent = %d, want the whole body", sent.Load())
	}
}

func TestChevtestVariants(t *testing.T) {
	tests := []struct {
		name  string
		host  chevtest.Options
		key   string
		file  string
		check func(t *testing.T, r *uploader.Result)
	}{
		{"mp4 as video", chevtest.Options{Key: testKey}, testKey, "mp4", func(t *testing.T, r *uploader.Result) {
			if r.Type != "video" || r.Mime != "video/mp4" {
				t.Errorf("video result %+v", r)
			}
		}},
		{"moderation falls back to the viewer", chevtest.Options{Key: testKey, Moderation: true}, testKey, "png", func(t *testing.T, r *uploader.Result) {
			if !r.Moderated || r.URL != r.Viewer || r.URL == "" || r.Thumb != "" {
				t.Errorf("moderated result %+v", r)
			}
		}},
		{"V3 string numbers", chevtest.Options{Key: testKey, V3: true}, testKey, "png", func(t *testing.T, r *uploader.Result) {
			if r.Width != 64 || r.Height != 48 || r.Size == 0 {
				t.Errorf("V3 result %+v", r)
			}
		}},
		{"guest", chevtest.Options{Guest: true}, "", "gif", func(t *testing.T, r *uploader.Result) {
			if r.Mime != "image/gif" {
				t.Errorf("guest result %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := chevtest.NewTB(t, tt.host)
			c := ctClient(t, host.Endpoint(), func(cfg *uploader.ClientConfig) { cfg.Key = tt.key })
			r, err := c.Upload(context.Background(), ctFile(t, tt.file, 64, 48), uploader.Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

// rewrite is a transport that bends the request URL the way a
// misconfigured proxy or a pasted URL would, so that the fake host's 301
// canonicalisation can be tested (NormalizeEndpoint never produces one).
type rewrite struct{ suffix string }

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	u := *r.URL
	if strings.HasPrefix(rw.suffix, "?") {
		u.RawQuery = rw.suffix[1:]
	} else {
		u.Path += rw.suffix
	}
	r2.URL = &u
	return http.DefaultTransport.RoundTrip(r2)
}

func TestChevtestRedirectNeverFollowed(t *testing.T) {
	for _, suffix := range []string{"/", "?a=b"} {
		t.Run(suffix, func(t *testing.T) {
			host := chevtest.NewTB(t, chevtest.Options{Key: testKey})
			c := ctClient(t, host.Endpoint(), func(cfg *uploader.ClientConfig) { cfg.Transport = rewrite{suffix} })
			_, err := c.Upload(context.Background(), ctFile(t, "png", 8, 8), uploader.Options{}, nil)
			if uploader.KindOf(err) != uploader.KindRedirected || !strings.Contains(err.Error(), "the host redirected the upload to "+host.URL()+"/api/1/upload") ||
				!strings.Contains(err.Error(), "check the host URL (http→https?)") {
				t.Fatalf("err = %v (%v)", err, uploader.KindOf(err))
			}
			var ae *uploader.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusMovedPermanently || !strings.HasPrefix(ae.Location, host.URL()) {
				t.Errorf("APIError %+v", ae)
			}
			if reqs := host.Requests(); len(reqs) != 1 || reqs[0].Method != http.MethodPost || len(host.Uploads()) != 0 {
				t.Errorf("host saw %d requests: the redirect was followed", len(reqs))
			}
		})
	}
}

// TestChevtestRecovers: a fault on the first attempt only; the retry
// (with a rebuilt body) succeeds.
func TestChevtestRecovers(t *testing.T) {
	for _, faults := range []chevtest.Faults{{HTML500: 1}, {Drop: 1}} {
		host := chevtest.NewTB(t, chevtest.Options{Key: testKey, Faults: faults})
		var first error
		c := ctClient(t, host.Endpoint(), func(cfg *uploader.ClientConfig) {
			cfg.OnRetry = func(_ int, err error) {
				first = err
				host.SetOptions(func(o *chevtest.Options) { o.Faults = chevtest.Faults{} })
			}
		})
		f := ctFile(t, "png", 32, 32)
		if _, err := c.Upload(context.Background(), f, uploader.Options{}, nil); err != nil {
			t.Fatalf("faults %+v: %v", faults, err)
		}
		want := map[bool]uploader.Kind{true: uploader.KindServer, false: uploader.KindNetwork}[faults.HTML500 > 0]
		if uploader.KindOf(first) != want || len(host.Uploads()) != 1 || host.Uploads()[0].Size != f.Size {
			t.Errorf("faults %+v: first failure %v, uploads %+v", faults, first, host.Uploads())
		}
	}
}

func TestChevtestCancel(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Key: testKey, Faults: chevtest.Faults{Delay: 10 * time.Second}})
	c := ctClient(t, host.Endpoint(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel) // any moment during the 10 s delay
	_, err := c.Upload(ctx, ctFile(t, "png", 8, 8), uploader.Options{}, nil)
	if uploader.KindOf(err) != uploader.KindCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v (%v)", err, uploader.KindOf(err))
	}
	if n := len(host.Requests()); n > 1 {
		t.Errorf("%d requests: a canceled upload was retried", n)
	}
}

func TestChevtestCheckKey(t *testing.T) {
	tests := []struct {
		name string
		host chevtest.Options
		key  string
		want uploader.KeyStatus
	}{
		{"works", chevtest.Options{Key: testKey}, testKey, uploader.KeyOK},
		{"bad", chevtest.Options{Key: testKey}, "wrong", uploader.KeyBad},
		{"missing", chevtest.Options{Key: testKey}, "", uploader.KeyBad},
		{"denied", chevtest.Options{Key: testKey, Denied: true}, testKey, uploader.KeyDenied},
		{"V3 works", chevtest.Options{Key: testKey, V3: true}, testKey, uploader.KeyOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := chevtest.NewTB(t, tt.host)
			c := ctClient(t, host.Endpoint(), func(cfg *uploader.ClientConfig) { cfg.Key = tt.key })
			got, err := c.CheckKey(context.Background())
			if got != tt.want || err != nil {
				t.Errorf("CheckKey = %v, %v; want %v", got, err, tt.want)
			}
			if len(host.Uploads()) != 0 {
				t.Error("a key check stored an upload")
			}
		})
	}
}

// ctGet downloads a URL from the fake host.
func ctGet(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return b
}
