//go:build e2e

package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

// upLine is one line of `upshot upload --output json`.
type upLine struct {
	Source, URL, Viewer, Delete, Error string
	Width, Height                      int
	Size                               int64
}

// uploadJSON runs `upshot upload --output json` against h and decodes the
// lines, one per source.
func uploadJSON(t *testing.T, hm *home, rh *realHost, args ...string) ([]upLine, result) {
	t.Helper()
	r := hm.run("", append([]string{"upload", "--host", rh.URL, "--key", rh.Key, "--output", "json"}, args...)...)
	var out []upLine
	for _, l := range lines(r.stdout) {
		var u upLine
		if err := json.Unmarshal([]byte(l), &u); err != nil {
			t.Fatalf("line %q is not JSON: %v (stderr %s)", l, err, r.stderr)
		}
		out = append(out, u)
	}
	return out, r
}

// download fetches url and returns its status and body.
func download(t *testing.T, url string) (int, []byte) {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// noisy is a w×h picture of random colours, so that no two test files are
// alike (Chevereto may refuse duplicates).
func noisy(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	_, _ = rand.Read(img.Pix)
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	return img
}

func writeFile(t *testing.T, dir, name string, encode func(io.Writer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := encode(&buf); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// convertTo writes a PNG and converts it with ImageMagick (WebP), or makes
// a one-second clip with ffmpeg (MP4): both in `.ci/deps.sh test`.
func convertTo(t *testing.T, dir, name string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	var cmd *exec.Cmd
	switch filepath.Ext(name) {
	case ".webp":
		src := writeFile(t, dir, "src-"+name+".png", func(w io.Writer) error { return png.Encode(w, noisy(40, 30)) })
		cmd = exec.Command("convert", src, out)
	case ".mp4":
		cmd = exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "1",
			"-pix_fmt", "yuv420p", "-y", out)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, b)
	}
	return out
}

// TestRealHostUploadEachType: every format Upshot sends reaches a real
// Chevereto 4.2 and downloads byte-identical; BMP comes back as PNG.
func TestRealHostUploadEachType(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	dir := t.TempDir()
	pal := image.NewPaletted(image.Rect(0, 0, 20, 10), color.Palette{color.Black, color.White, color.NRGBA{R: 200, A: 255}})
	_, _ = rand.Read(pal.Pix)
	for i := range pal.Pix {
		pal.Pix[i] %= 3
	}
	files := []string{
		writeFile(t, dir, "a.png", func(w io.Writer) error { return png.Encode(w, noisy(30, 20)) }),
		writeFile(t, dir, "b.jpg", func(w io.Writer) error { return jpeg.Encode(w, noisy(32, 24), nil) }),
		writeFile(t, dir, "c.gif", func(w io.Writer) error { return gif.Encode(w, pal, nil) }),
		convertTo(t, dir, "d.webp"),
		writeFile(t, dir, "e.bmp", func(w io.Writer) error { return bmp.Encode(w, noisy(16, 12)) }),
		convertTo(t, dir, "f.mp4"),
	}
	got, r := uploadJSON(t, hm, rh, files...)
	if r.code != 0 || len(got) != len(files) {
		t.Fatalf("exit %d, %d lines for %d files; stderr %s", r.code, len(got), len(files), r.stderr)
	}
	for i, u := range got {
		if u.Error != "" || !strings.HasPrefix(u.URL, rh.URL+"/images/") {
			t.Errorf("%s: %+v", files[i], u)
			continue
		}
		code, body := download(t, u.URL)
		want, _ := os.ReadFile(files[i])
		switch {
		case code != 200:
			t.Errorf("%s: GET %s = %d", files[i], u.URL, code)
		case strings.HasSuffix(files[i], ".bmp"):
			img, err := png.Decode(bytes.NewReader(body))
			if !strings.HasSuffix(u.URL, ".png") || err != nil || img.Bounds().Dx() != 16 {
				t.Errorf("BMP: %s is not the 16-pixel-wide PNG the host makes of it (%v)", u.URL, err)
			}
		case !bytes.Equal(body, want):
			t.Errorf("%s: %s serves %d bytes that differ from the %d sent", files[i], u.URL, len(body), len(want))
		}
	}
}

// TestRealHostFields: what the flags set is what the server stores (read
// from its database): title, description, tags, category, expiration,
// NSFW, and a resize to --width.
func TestRealHostFields(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	rh.sql(t, "INSERT INTO chv_categories (category_name, category_url_key) VALUES ('E2E', 'e2e-"+time.Now().Format("150405.000")+"')")
	cat := rh.sql(t, "SELECT MAX(category_id) FROM chv_categories")[0]
	title := "Upshot fields " + time.Now().Format("15:04:05.000")
	img := writeFile(t, t.TempDir(), "fields.png", func(w io.Writer) error { return png.Encode(w, noisy(64, 48)) })
	got, r := uploadJSON(t, hm, rh, "--title", title, "--description", "Läuft — on a real host", "--tags", "alpha,beta",
		"--category", cat, "--expiration", "PT10M", "--nsfw", "--width", "32", img)
	if r.code != 0 || len(got) != 1 || got[0].Width != 32 {
		t.Fatalf("exit %d, %+v; stderr %s", r.code, got, r.stderr)
	}
	_, body := download(t, got[0].URL)
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(body)); err != nil || cfg.Width != 32 || cfg.Height != 24 {
		t.Errorf("the stored file is %dx%d (%v), want 32x24", cfg.Width, cfg.Height, err)
	}
	rows := rh.sql(t, "SELECT image_id, image_description, image_nsfw, image_category_id, "+
		"TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), image_expiration_date_gmt) FROM chv_images WHERE image_title = '"+title+"'")
	if len(rows) != 1 {
		t.Fatalf("%d images titled %q in the database, want 1", len(rows), title)
	}
	f := strings.Split(rows[0], "\t")
	if f[1] != "Läuft — on a real host" || f[2] != "1" || f[3] != cat {
		t.Errorf("stored description %q, nsfw %s, category %s; want the flags' (category %s)", f[1], f[2], f[3], cat)
	}
	if secs := atoi(f[4]); secs < 8*60 || secs > 10*60 {
		t.Errorf("expires in %s s, want about 600 (PT10M)", f[4])
	}
	tags := rh.sql(t, "SELECT t.tag_name FROM chv_tags t JOIN chv_tags_files f ON f.tag_file_tag_id = t.tag_id "+
		"WHERE f.tag_file_file_id = "+f[0]+" ORDER BY t.tag_name")
	if strings.Join(tags, ",") != "alpha,beta" {
		t.Errorf("stored tags %q, want alpha,beta", tags)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// TestRealHostErrors: the real server's refusals reach the user as one
// clear line and exit status 1 — a wrong key, a file over the host's 2 MB
// limit — and a good file in the same batch still uploads.
func TestRealHostErrors(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	dir := t.TempDir()
	img := writeFile(t, dir, "ok.png", func(w io.Writer) error { return png.Encode(w, noisy(20, 20)) })
	r := hm.run("", "upload", "--host", rh.URL, "--key", "chv_not_a_real_key", img)
	if r.code != 1 || !strings.Contains(r.stderr, img+": ") || !strings.Contains(r.stderr, "Invalid API key") {
		t.Errorf("bad key: exit %d, stderr %q; want 1 and the host's \"Invalid API key\" for %s", r.code, r.stderr, img)
	}
	big := filepath.Join(dir, "big.png")
	data := bytes.Repeat([]byte{0}, 3<<20) // 3 MB, over the host's 2 MB
	copy(data, mustRead(t, writeFile(t, dir, "head.png", func(w io.Writer) error { return png.Encode(w, noisy(8, 8)) })))
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, r := uploadJSON(t, hm, rh, big, img)
	if r.code != 1 || len(got) != 2 || got[1].Error != "" || got[1].URL == "" {
		t.Fatalf("big + ok: exit %d, %+v; stderr %s", r.code, got, r.stderr)
	}
	if !strings.Contains(r.stderr, big+": ") || !strings.Contains(r.stderr, "File too big - max 2 MB") {
		t.Errorf("stderr %q does not give the host's size limit for %s", r.stderr, big)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRealHostFreeEditionDenies: the stock free edition of Chevereto 4.2
// refuses every API upload with "Request denied" even for a good key;
// Upshot says the host does not accept API uploads (not "bad key"), in
// uploads and in `profile test`.
func TestRealHostFreeEditionDenies(t *testing.T) {
	rh := needRealHost(t, "--free")
	hm := newHome(t)
	img := writeFile(t, t.TempDir(), "denied.png", func(w io.Writer) error { return png.Encode(w, noisy(10, 10)) })
	r := hm.run("", "upload", "--host", rh.URL, "--key", rh.Key, img)
	if r.code != 1 || !strings.Contains(r.stderr, "Request denied") || !strings.Contains(r.stderr, "does not accept API uploads") {
		t.Errorf("upload to the free edition: exit %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "check the API key") {
		t.Errorf("a good key is blamed: %q", r.stderr)
	}
	if p := hm.run(rh.Key+"\n", "profile", "add", "free", "--host", rh.URL, "--key-stdin"); p.code != 0 {
		t.Fatalf("profile add: %d %s", p.code, p.stderr)
	}
	p := hm.run("", "profile", "test", "free")
	if p.code != 1 || !strings.Contains(p.stdout, "free: host denies API uploads") {
		t.Errorf("profile test on the free edition: exit %d, stdout %q, stderr %q", p.code, p.stdout, p.stderr)
	}
}
