//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUploadOrderAndFailures: links on stdout in input order, one stderr
// line per failure naming the source, exit status 1, and a file the client
// can reject never reaches the host.
func TestUploadOrderAndFailures(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", "k3y-secret")
	src := t.TempDir()
	a := writePNG(t, src, "a.png", 64, 48)
	text := filepath.Join(src, "notes.png")
	os.WriteFile(text, []byte("just text, not a picture\n"), 0o644)
	empty := filepath.Join(src, "empty.png")
	os.WriteFile(empty, nil, 0o644)
	dir := filepath.Join(src, "shots")
	os.Mkdir(dir, 0o755)
	writePNG(t, dir, "2.png", 20, 10)
	writePNG(t, dir, "1.png", 10, 20)
	os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("skip me"), 0o644)

	r := h.run("", "upload", "--host", site, "--key", "k3y-secret", a, text, dir, empty, filepath.Join(src, "missing.png"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:%s\nstderr:%s", r.code, r.stdout, r.stderr)
	}
	got := lines(r.stdout)
	if len(got) != 3 {
		t.Fatalf("stdout has %d lines, want 3 links (a.png, shots/1.png, shots/2.png):\n%s", len(got), r.stdout)
	}
	for i, want := range []string{"a", "1", "2"} {
		if !strings.Contains(got[i], "/"+want) || !strings.HasPrefix(got[i], site) {
			t.Errorf("link %d = %q, want the %s.png link on %s", i, got[i], want, site)
		}
		assertServes(t, got[i])
	}
	for _, bad := range []string{text, empty, "missing.png"} {
		if !strings.Contains(r.stderr, "upshot: ") || !strings.Contains(r.stderr, filepath.Base(bad)) {
			t.Errorf("stderr does not name %s:\n%s", bad, r.stderr)
		}
	}
	if n := countFiles(t, filepath.Join(h.dir, "hostfiles")); n != 3 {
		t.Errorf("host stored %d files, want 3 (rejected files must not be sent)", n)
	}
	if strings.Contains(r.stderr+r.stdout, "k3y-secret") {
		t.Error("the API key appears in the output")
	}
}

// TestUploadUsageErrorsSendNothing: exit status 2 and no request for junk
// flags, a junk expiration, or no host at all.
func TestUploadUsageErrorsSendNothing(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	img := writePNG(t, t.TempDir(), "x.png", 8, 8)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"junk expiration", []string{"upload", "--host", site, "--expiration", "soon", img}, "expiration"},
		{"no host", []string{"upload", img}, "no host"},
		{"bad flag", []string{"upload", "--host", site, "--frobnicate", img}, "frobnicate"},
		{"bad output", []string{"upload", "--host", site, "--output", "pdf", img}, "output"},
		{"no sources", []string{"upload", "--host", site}, "nothing to upload"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.run("", c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q does not mention %q", r.stderr, c.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
		})
	}
	if n := countFiles(t, filepath.Join(h.dir, "hostfiles")); n != 0 {
		t.Errorf("host stored %d files after usage errors, want 0", n)
	}
}

// TestUploadJSONAndStdin: --output json has one object per source,
// failures included; "-" reads stdin.
func TestUploadJSONAndStdin(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	img := writePNG(t, dir, "pic.png", 30, 20)
	data, _ := os.ReadFile(img)
	bad := filepath.Join(dir, "bad.gif")
	os.WriteFile(bad, []byte("GIF? no"), 0o644)

	cmd := exec.Command(bin(t), "upload", "--host", site, "--output", "json", "-", bad, img)
	cmd.Env = h.without("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
	cmd.Stdin = bytes.NewReader(data)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit %d (%v), want 1; stderr %s", code, err, errb.String())
	}
	var objs []map[string]any
	for _, l := range lines(out.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		objs = append(objs, m)
	}
	if len(objs) != 3 {
		t.Fatalf("%d JSON lines, want 3:\n%s", len(objs), out.String())
	}
	wantSrc := []string{"-", bad, img}
	for i, m := range objs {
		if m["source"] != wantSrc[i] {
			t.Errorf("line %d source = %v, want %s", i, m["source"], wantSrc[i])
		}
	}
	if objs[0]["error"] != nil || objs[2]["error"] != nil || objs[1]["error"] == nil {
		t.Errorf("errors wrong: %v / %v / %v", objs[0]["error"], objs[1]["error"], objs[2]["error"])
	}
	if w, _ := objs[2]["width"].(float64); w != 30 {
		t.Errorf("width = %v, want 30", objs[2]["width"])
	}
	for _, k := range []string{"url", "viewer", "short", "thumb", "delete", "height", "size"} {
		if _, ok := objs[0][k]; !ok {
			t.Errorf("json line lacks %q", k)
		}
	}
}

// TestLargeFileStreams uploads 300 MB with --max-size 0 and checks the
// client's peak memory does not grow with the file (compared with 1 MB).
func TestLargeFileStreams(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	dir := t.TempDir()
	small := videoFile(t, dir, "small.mp4", 1<<20)
	big := videoFile(t, dir, "big.mp4", 300<<20)
	rs := h.run("", "upload", "--host", site, "--max-size", "0", small)
	rb := h.run("", "upload", "--host", site, "--max-size", "0", big)
	if rs.code != 0 || rb.code != 0 {
		t.Fatalf("exit %d / %d; stderr: %s %s", rs.code, rb.code, rs.stderr, rb.stderr)
	}
	t.Logf("peak RSS: 1 MB upload %d KB, 300 MB upload %d KB", rs.maxRSSKB, rb.maxRSSKB)
	if rb.maxRSSKB > rs.maxRSSKB+40*1024 {
		t.Errorf("peak RSS grew with the file: %d KB for 300 MB vs %d KB for 1 MB", rb.maxRSSKB, rs.maxRSSKB)
	}
	resp, err := http.Head(strings.TrimSpace(rb.stdout))
	if err != nil || resp.ContentLength != 300<<20 {
		t.Errorf("host serves %v bytes (%v), want %d", resp, err, 300<<20)
	}
}

// videoFile writes an MP4-looking file of n bytes (ftyp box + zeros).
func videoFile(t *testing.T, dir, name string, n int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
	return p
}

func assertServes(t *testing.T, url string) {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Errorf("GET %s: %v", url, err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || len(body) == 0 {
		t.Errorf("GET %s: %d, %d bytes", url, resp.StatusCode, len(body))
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && !strings.Contains(filepath.Base(p), ".th.") {
			n++
		}
		return nil
	})
	return n
}
