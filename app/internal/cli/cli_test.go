package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

const testKey = "chv_cli_test_Key_42"

// memSecrets is an in-memory key store.
type memSecrets map[string]string

func (m memSecrets) Get(n string) (string, error) {
	if k, ok := m[n]; ok {
		return k, nil
	}
	return "", profile.ErrNoKey
}
func (m memSecrets) Set(n, k string) error { m[n] = k; return nil }
func (m memSecrets) Delete(n string) error { delete(m, n); return nil }

type run struct {
	code           int
	stdout, stderr string
}

// testEnv is an isolated user with its own config and data dirs.
func testEnv(t *testing.T) (func(stdin string, args ...string) run, memSecrets) {
	t.Helper()
	dir := t.TempDir()
	vars := map[string]string{
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_DATA_HOME":   filepath.Join(dir, "data"),
	}
	t.Setenv("XDG_CONFIG_HOME", vars["XDG_CONFIG_HOME"])
	secrets := memSecrets{}
	return func(stdin string, args ...string) run {
		var out, errb bytes.Buffer
		env := Env{
			Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
			Getenv:  func(k string) string { return vars[k] },
			Version: "test",
			Secrets: func(string) (profile.Secrets, bool, error) { return secrets, false, nil },
		}
		code := Run(context.Background(), args, env)
		return run{code, out.String(), errb.String()}
	}, secrets
}

func writePNG(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUploadContract(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Key: testKey})
	cli, _ := testEnv(t)
	dir := t.TempDir()
	a := writePNG(t, dir, "a.png", 30, 20)
	b := writePNG(t, dir, "b.png", 10, 10)
	junk := filepath.Join(dir, "junk.png")
	os.WriteFile(junk, []byte("<html>no</html>"), 0o644)

	r := cli("", "upload", "--host", srv.URL(), a, "--key", testKey, junk, b)
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want %d; stderr %s", r.code, ExitFailed, r.stderr)
	}
	got := strings.Split(strings.TrimSpace(r.stdout), "\n")
	ups := srv.Uploads()
	if len(got) != 2 || len(ups) != 2 {
		t.Fatalf("stdout %q, host got %d uploads; want 2 and 2", r.stdout, len(ups))
	}
	if !strings.Contains(got[0], "/a") || !strings.Contains(got[1], "/b") {
		t.Errorf("links not in input order: %q", got)
	}
	if want := "upshot: " + junk + ": "; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q lacks %q", r.stderr, want)
	}
	for _, req := range srv.Requests() {
		if strings.Contains(req.RawQuery, testKey) || strings.Contains(req.Path, testKey) {
			t.Errorf("key in the URL: %s?%s", req.Path, req.RawQuery)
		}
		if req.Method == "POST" && (req.Header.Get("X-API-Key") != testKey || req.Fields["key"] != testKey) {
			t.Errorf("key not sent in both header and field")
		}
	}
	if strings.Contains(r.stderr+r.stdout, testKey) {
		t.Error("key printed")
	}
}

func TestUsageErrorsExit2WithoutRequests(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	cli, _ := testEnv(t)
	img := writePNG(t, t.TempDir(), "x.png", 4, 4)
	for _, args := range [][]string{
		{"upload", "--host", srv.URL(), "--expiration", "tomorrow-ish", img},
		{"upload", img},
		{"upload", "--host", srv.URL(), "--jobs", "0", img},
		{"upload", "--host", "ftp://example.com", img},
		{"upload", "--host", srv.URL(), "--max-size", "huge", img},
		{"frobnicate"},
	} {
		if r := cli("", args...); r.code != ExitUsage || r.stderr == "" {
			t.Errorf("%v: exit %d stderr %q, want exit 2 with a message", args, r.code, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent on usage errors", n)
	}
}

func TestJSONOutputEverySource(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	cli, _ := testEnv(t)
	dir := t.TempDir()
	a := writePNG(t, dir, "a.png", 12, 8)
	r := cli("", "upload", "--host", srv.URL(), "--output", "json", filepath.Join(dir, "nope.png"), a)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != ExitFailed || len(lines) != 2 {
		t.Fatalf("exit %d, %d lines: %s / %s", r.code, len(lines), r.stdout, r.stderr)
	}
	type jsonLine struct { // the documented --output json fields
		Source, URL, Viewer, Short, Thumb, Delete, Error string
		Width, Height                                    int
		Size                                             int64
	}
	var first, second jsonLine
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.Error == "" || first.URL != "" || second.Error != "" || second.Width != 12 || second.Height != 8 {
		t.Errorf("json lines wrong: %+v / %+v", first, second)
	}
}

func TestProfileFlowAndHistory(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Key: testKey})
	cli, secrets := testEnv(t)
	if r := cli(testKey+"\n", "profile", "add", "mine", "--host", srv.URL()+"/", "--key-stdin", "--max-size", "1MB"); r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	if secrets["mine"] != testKey {
		t.Fatalf("key not in the key store: %v", secrets)
	}
	if r := cli("", "profile", "test", "mine"); r.code != 0 || !strings.Contains(r.stdout, "key works") {
		t.Errorf("profile test: %d %q %q", r.code, r.stdout, r.stderr)
	}
	secrets["mine"] = "wrong"
	if r := cli("", "profile", "test", "mine"); r.code != 1 || !strings.Contains(r.stdout, "bad key") {
		t.Errorf("profile test with a bad key: %d %q %q", r.code, r.stdout, r.stderr)
	}
	secrets["mine"] = testKey
	img := writePNG(t, t.TempDir(), "hist.png", 5, 5)
	up := cli("", "upload", img)
	if up.code != 0 {
		t.Fatalf("upload via default profile: %d %s", up.code, up.stderr)
	}
	h := cli("", "history", "--json")
	var e historyLine
	if err := json.Unmarshal([]byte(strings.TrimSpace(h.stdout)), &e); err != nil || e.URL != strings.TrimSpace(up.stdout) || e.Delete == "" {
		t.Fatalf("history: %v %+v (upload printed %q)", err, e, up.stdout)
	}
	cfg, err := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "upshot", "config.toml"))
	if err != nil || strings.Contains(string(cfg), testKey) {
		t.Errorf("config %v, contains key: %v", err, strings.Contains(string(cfg), testKey))
	}
	if r := cli("", "history", "delete", "1", "--from-host"); r.code != 0 {
		t.Errorf("history delete --from-host: %d %s", r.code, r.stderr)
	}
	if ups := srv.Uploads(); len(ups) != 1 || !ups[0].Deleted {
		t.Errorf("file not deleted on the host: %+v", ups)
	}
}

func TestHistoryFiltersAndClear(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	cli, _ := testEnv(t)
	dir := t.TempDir()
	for _, n := range []string{"cat.png", "dog.png"} {
		if r := cli("", "upload", "--host", srv.URL(), writePNG(t, dir, n, 3, 3)); r.code != 0 {
			t.Fatalf("upload %s: %d %s", n, r.code, r.stderr)
		}
	}
	count := func(args ...string) int {
		r := cli("", append([]string{"history", "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("history %v: %d %s", args, r.code, r.stderr)
		}
		return len(strings.Fields(r.stdout))
	}
	today := time.Now().Format("2006-01-02")
	tomorrow := time.Now().Add(24 * time.Hour).Format("2006-01-02")
	if n := count("--search", "cat"); n != 1 {
		t.Errorf("--search cat: %d entries, want 1", n)
	}
	if n := count("--since", today, "--until", today); n != 2 {
		t.Errorf("today: %d entries, want 2", n)
	}
	if n := count("--since", tomorrow); n != 0 {
		t.Errorf("--since tomorrow: %d entries, want 0", n)
	}
	if r := cli("", "history", "--since", "last week"); r.code != ExitUsage {
		t.Errorf("junk date: exit %d, want 2", r.code)
	}
	if r := cli("", "history", "clear"); r.code != ExitUsage {
		t.Errorf("clear without --yes: exit %d, want 2", r.code)
	}
	if r := cli("", "history", "clear", "--yes"); r.code != 0 || count() != 0 {
		t.Errorf("clear --yes: exit %d, %d entries left", r.code, count())
	}
}

func TestUploadHandsOffOnlyPortableBatches(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	dir := t.TempDir()
	img := writePNG(t, dir, "h.png", 4, 4)
	var handed [][]string
	if err := os.MkdirAll(filepath.Join(dir, "upshot"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "upshot", "config.toml"),
		[]byte("default = \"p\"\n[[profile]]\nname = \"p\"\nhost = \""+srv.URL()+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	vars := map[string]string{"XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data")}
	run := func(args ...string) int {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
			Getenv:  func(k string) string { return vars[k] },
			Handoff: func(_ context.Context, a []string) (int, bool) { handed = append(handed, a); return 7, true },
		}
		return Run(context.Background(), args, env)
	}
	if code := run("upload", "--output", "markdown", img); code != 7 || len(handed) != 1 {
		t.Fatalf("portable batch: exit %d, handed %v; want the running app's 7", code, handed)
	}
	for _, args := range [][]string{
		{"upload", "--host", srv.URL(), img},
		{"upload", "--jobs", "5", img},
		{"upload", "-"},
	} {
		if code := run(args...); code == 7 {
			t.Errorf("%v was handed off; it names its own host, parallelism or stdin", args)
		}
	}
	if len(handed) != 1 {
		t.Errorf("handed %d batches, want 1", len(handed))
	}
}
