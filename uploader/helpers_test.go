package uploader_test

// Helpers shared by the tests of the public API (client_chevtest_test.go,
// faults_test.go, hardening_test.go).

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// testKey is the fake host's valid key; no error may ever contain it.
const testKey = "chv_SECRET_chevtest_key_0123456789"

// noiseImage is a w×h gray image of noise from seed: it does not compress
// away, and different seeds give different files (different md5s).
func noiseImage(w, h int, seed uint64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	return img
}

// noisePNG encodes noiseImage(w, h, seed) as a PNG.
func noisePNG(t *testing.T, w, h int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, noiseImage(w, h, seed)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes data to dir/name with mode perm and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil {
		t.Fatal(err)
	}
	return p
}

// apiRequests counts the upload API requests the host recorded, waiting a
// little for want of them: the fake records a dropped connection only
// after closing it, so the client may see the failure first.
func apiRequests(host *chevtest.Server, want int) int {
	for i := 0; ; i++ {
		n := 0
		for _, r := range host.Requests() {
			if strings.HasSuffix(r.Path, "/api/1/upload") {
				n++
			}
		}
		if n >= want || i == 100 {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkErr asserts that err is an *APIError of kind whose message holds
// every part, and what every message must be: free of the key and of
// markup, with a short snippet. name starts each complaint.
func checkErr(t *testing.T, name string, err error, kind uploader.Kind, parts ...string) {
	t.Helper()
	var ae *uploader.APIError
	if !errors.As(err, &ae) {
		t.Errorf("%s: err = %v (%T), want an *APIError %v %q", name, err, err, kind, parts)
		return
	}
	msg := err.Error()
	if ae.Kind != kind {
		t.Errorf("%s: kind %v, want %v: %s", name, ae.Kind, kind, msg)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: message %q lacks %q", name, msg, p)
		}
	}
	if strings.Contains(msg, testKey) || strings.ContainsAny(ae.Snippet, "<>") || utf8.RuneCountInString(ae.Snippet) > 200 {
		t.Errorf("%s: message leaks the key or markup, or the snippet is long (%d chars): %s", name, utf8.RuneCountInString(ae.Snippet), msg)
	}
}
