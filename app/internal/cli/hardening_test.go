package cli

// The API key never leaves the request: whichever way it is given (stored
// with the profile, --key, UPSHOT_API_KEY) and however the upload ends
// (done, bad key, a 500 page that echoes it, a redirect whose Location
// holds it, connection refused), it must not appear in any output, in any
// file Upshot writes (config, history, journal, spool) or in any URL a
// host was asked for.

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

// hdKey is the secret of these tests; it must be found nowhere.
const hdKey = "chv_hardening_SECRET_5f3a9c"

// hdUser is an isolated user (own config, data and key store) whose every
// output is kept for the final search. Safe for parallel subtests: nothing
// is taken from the process environment.
type hdUser struct {
	t       *testing.T
	dir     string
	vars    map[string]string
	secrets memSecrets
	mu      sync.Mutex // guards outputs: a profile test may run beside the upload
	outputs []string
	bg      sync.WaitGroup // commands still running in the background
}

func newHDUser(t *testing.T) *hdUser {
	t.Helper()
	dir := t.TempDir()
	return &hdUser{t: t, dir: dir, secrets: memSecrets{}, vars: map[string]string{
		"UPSHOT_CONFIG": filepath.Join(dir, "config", "upshot", "config.toml"),
		"XDG_DATA_HOME": filepath.Join(dir, "data"),
		"HOME":          filepath.Join(dir, "home"),
	}}
}

// run runs one command line and keeps its stdout and stderr.
func (u *hdUser) run(stdin string, args ...string) run {
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return u.vars[k] },
		Version: "test",
		Secrets: func(string) (profile.Secrets, bool, error) { return u.secrets, false, nil },
	}
	r := run{Run(context.Background(), args, env), out.String(), errb.String()}
	u.mu.Lock()
	u.outputs = append(u.outputs, r.stdout, r.stderr)
	u.mu.Unlock()
	return r
}

// search fails the test if the key is in any output or in any file under
// the user's directories, and returns how many files it read.
func (u *hdUser) search() int {
	u.t.Helper()
	for i, o := range u.outputs {
		if strings.Contains(o, hdKey) {
			u.t.Errorf("output %d holds the key: %q", i, o)
		}
	}
	files := 0
	err := filepath.WalkDir(u.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if bytes.Contains(data, []byte(hdKey)) {
			u.t.Errorf("%s holds the key", strings.TrimPrefix(p, u.dir))
		}
		return nil
	})
	if err != nil {
		u.t.Fatal(err)
	}
	return files
}

// hdHost is a host of the test with what it saw: request URLs and the keys
// that came in the X-API-Key header.
type hdHost struct {
	url  string
	mu   sync.Mutex
	urls []string
	keys []string
}

func (h *hdHost) saw(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.urls = append(h.urls, r.URL.String())
	h.keys = append(h.keys, r.Header.Get("X-API-Key"))
}

// seen returns the recorded URLs and keys (chevtest's own record when chev is set).
func (h *hdHost) seen(chev *chevtest.Server) (urls, keys []string) {
	if chev != nil {
		for _, r := range chev.Requests() {
			urls = append(urls, r.Path+"?"+r.RawQuery)
			keys = append(keys, r.Header.Get("X-API-Key"))
		}
		return urls, keys
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.urls...), append([]string(nil), h.keys...)
}

// hdEcho answers like a debug page or a bad proxy: status, with the key
// it received in the body (500) or in the Location it redirects to (301).
func hdEcho(t *testing.T, status int) (*hdHost, *chevtest.Server) {
	h := &hdHost{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.saw(r)
		_ = r.ParseMultipartForm(1 << 20)
		key := r.Header.Get("X-API-Key") + " / " + r.FormValue("key")
		if status == http.StatusMovedPermanently {
			http.Redirect(w, r, "https://"+r.Host+"/api/1/upload?key="+r.FormValue("key"), status)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><body><h1>Fatal error</h1><pre>$_POST key = %s</pre></body></html>", key)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h, nil
}

// hdHosts are the hosts of the test: one that works and four ways to fail.
var hdHosts = []struct {
	name  string
	ok    bool
	start func(t *testing.T) (*hdHost, *chevtest.Server)
}{
	{"ok", true, func(t *testing.T) (*hdHost, *chevtest.Server) {
		s := chevtest.NewTB(t, chevtest.Options{Key: hdKey})
		return &hdHost{url: s.URL()}, s
	}},
	{"bad key", false, func(t *testing.T) (*hdHost, *chevtest.Server) {
		s := chevtest.NewTB(t, chevtest.Options{Key: "some_other_key"})
		return &hdHost{url: s.URL()}, s
	}},
	{"500 page echoing the key", false, func(t *testing.T) (*hdHost, *chevtest.Server) { return hdEcho(t, 500) }},
	{"redirect with the key in Location", false, func(t *testing.T) (*hdHost, *chevtest.Server) { return hdEcho(t, 301) }},
	{"connection refused", false, func(t *testing.T) (*hdHost, *chevtest.Server) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln.Close()
		return &hdHost{url: "http://" + ln.Addr().String()}, nil
	}},
}

// hdKeyWays are the three ways to give the key; each prepares the user
// (profile, environment) and returns the upload command line for host.
// It runs off the test goroutine, so it reports with Errorf only.
var hdKeyWays = []struct {
	name  string
	setup func(t *testing.T, u *hdUser, host string) []string
}{
	{"stored with the profile", func(t *testing.T, u *hdUser, host string) []string {
		if r := u.run(hdKey+"\n", "profile", "add", "main", "--host", host, "--key-stdin"); r.code != ExitOK {
			t.Errorf("profile add: %d %s", r.code, r.stderr)
		}
		u.run("", "profile", "list")
		u.bg.Add(1)
		go func() { // beside the upload: on a failing host both wait out retries
			defer u.bg.Done()
			u.run("", "profile", "test", "main")
		}()
		return []string{"upload", "--profile", "main"}
	}},
	{"--key flag", func(_ *testing.T, _ *hdUser, host string) []string {
		return []string{"upload", "--host", host, "--key", hdKey}
	}},
	{"UPSHOT_API_KEY", func(_ *testing.T, u *hdUser, host string) []string {
		u.vars["UPSHOT_API_KEY"] = hdKey
		return []string{"upload", "--host", host}
	}},
}

// hdCase is one key way against one host.
type hdCase struct {
	name string
	ok   bool
	host *hdHost
	chev *chevtest.Server
	user *hdUser
	img  string
}

// TestHardeningKeyNeverLeaks: every way of giving the key × every outcome.
// The cases run at once in goroutines (the failing hosts spend seconds in
// the client's retry backoff, and t.Parallel is capped at GOMAXPROCS);
// the searches run afterwards on the test goroutine.
func TestHardeningKeyNeverLeaks(t *testing.T) {
	var cases []*hdCase
	for _, way := range hdKeyWays {
		for _, hh := range hdHosts {
			host, chev := hh.start(t)
			cases = append(cases, &hdCase{name: way.name + "/" + hh.name, ok: hh.ok, host: host, chev: chev,
				user: newHDUser(t), img: writePNG(t, t.TempDir(), "shot.png", 6, 4)})
		}
	}
	var wg sync.WaitGroup
	for i, c := range cases {
		way := hdKeyWays[i/len(hdHosts)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := append(way.setup(t, c.user, c.host.url), "--output", "json", c.img)
			if r := c.user.run("", args...); c.ok != (r.code == ExitOK) {
				t.Errorf("%s: exit %d; stdout %q stderr %q", c.name, r.code, r.stdout, r.stderr)
			}
			c.user.run("", "history", "--json")
			c.user.bg.Wait()
		}()
	}
	wg.Wait()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.user.t = t
			hdCheckHost(t, c.host, c.chev, !strings.HasSuffix(c.name, "/connection refused"))
			files := c.user.search()
			if _, err := os.Stat(filepath.Join(c.user.dir, "data", "upshot", "history.db")); c.ok && err != nil {
				t.Errorf("no history written (%v): the search would prove nothing", err)
			}
			if files == 0 {
				t.Error("no file written at all: the search proves nothing")
			}
		})
	}
}

// hdCheckHost asserts that the key reached the host only as a header (so
// the test is not vacuous) and never in a requested URL. A reachable host
// must have seen at least one request.
func hdCheckHost(t *testing.T, host *hdHost, chev *chevtest.Server, reachable bool) {
	t.Helper()
	urls, keys := host.seen(chev)
	if reachable && len(urls) == 0 {
		t.Error("the host saw no request: nothing was checked")
	}
	for i, u := range urls {
		if strings.Contains(u, hdKey) {
			t.Errorf("request URL %q holds the key", u)
		}
		if keys[i] != hdKey {
			t.Errorf("request %d carried X-API-Key %q, want the test key", i, keys[i])
		}
	}
}
