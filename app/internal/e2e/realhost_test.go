//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The real Chevereto 4.2.0 of shared/realhost (README.md there): set up on
// loopback the first time a test of this run asks for it, once per run,
// and stopped and removed by TestMain. The `--free` edition, which only the
// denial test needs, is a second instance made the same way.

// realHost is one running instance.
type realHost struct {
	URL, Key, Dir  string
	dbPort, dbPass string
}

// realHosts holds this run's instances (one per setup.sh flag set).
type realHosts struct {
	mu    sync.Mutex
	byArg map[string]*realSetup
}

type realSetup struct {
	once sync.Once
	host *realHost
	err  error
}

var fixtures = &realHosts{byArg: map[string]*realSetup{}}

func TestMain(m *testing.M) {
	if dir, why := realhostDir(); dir == "" {
		fmt.Fprintf(os.Stderr, "\n*** e2e: the real Chevereto fixture is ABSENT (%s): every TestRealHost* test is SKIPPED ***\n\n", why)
	}
	code := m.Run()
	fixtures.stopAll()
	stopSway()
	os.Exit(code)
}

// realhostDir finds the fixture: $UPSHOT_REALHOST, else shared/realhost in
// the repository's parent or any folder above it (CI clones the repository
// somewhere with shared/ beside it). why says where it looked.
func realhostDir() (dir, why string) {
	if d := os.Getenv("UPSHOT_REALHOST"); d != "" {
		return d, "" // named: setup fails loudly if it is not there
	}
	root := moduleRoot()
	for d := filepath.Dir(root); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "shared", "realhost", "setup.sh")); err == nil {
			return filepath.Join(d, "shared", "realhost"), ""
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	return "", "UPSHOT_REALHOST is unset and no shared/realhost/setup.sh is in a parent of " + root
}

// moduleRoot is the folder holding go.mod (tests run in the package's).
func moduleRoot() string {
	wd, _ := os.Getwd()
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if d == filepath.Dir(d) {
			return wd
		}
	}
}

// needRealHost returns the running instance for setup.sh's args (none: the
// patched one that takes API uploads; "--free": the stock free edition).
// It skips when the fixture is absent and fails when it is present but
// does not come up.
func needRealHost(t *testing.T, args ...string) *realHost {
	t.Helper()
	dir, why := realhostDir()
	if dir == "" {
		t.Skip("real Chevereto fixture absent: " + why)
	}
	key := strings.Join(args, " ")
	fixtures.mu.Lock()
	s := fixtures.byArg[key]
	if s == nil {
		s = &realSetup{}
		fixtures.byArg[key] = s
	}
	fixtures.mu.Unlock()
	s.once.Do(func() { s.host, s.err = setupRealHost(dir, args...) })
	if s.err != nil {
		t.Fatalf("the real Chevereto fixture in %s is present but did not start: %v", dir, s.err)
	}
	return s.host
}

// setupRealHost runs setup.sh into a new /tmp folder (it must be reachable
// by www-data and mysql: not a t.TempDir) and reads the instance's file.
func setupRealHost(dir string, args ...string) (*realHost, error) {
	cmd := exec.Command(filepath.Join(dir, "setup.sh"), args...)
	var progress bytes.Buffer
	cmd.Stderr = &progress
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("setup.sh %s: %v\n%s", strings.Join(args, " "), err, progress.String())
	}
	h := &realHost{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && k == "CHEVERETO_DIR" {
			h.Dir = v
		}
	}
	if h.Dir == "" {
		return nil, fmt.Errorf("setup.sh printed no CHEVERETO_DIR: %q\n%s", out, progress.String())
	}
	fixtures.mu.Lock()
	fixtures.byArg["dir:"+h.Dir] = &realSetup{host: h} // stopAll finds it even if parsing fails below
	fixtures.mu.Unlock()
	env, err := os.ReadFile(filepath.Join(h.Dir, "instance.env"))
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(string(env), "\n") {
		k, v, _ := strings.Cut(l, "=")
		v = strings.Trim(v, "'")
		switch k {
		case "CHEVERETO_URL":
			h.URL = v
		case "CHEVERETO_KEY":
			h.Key = v
		case "CHEVERETO_DB_PORT":
			h.dbPort = v
		case "CHEVERETO_DB_PASSWORD":
			h.dbPass = v
		}
	}
	if h.URL == "" || h.Key == "" {
		return nil, fmt.Errorf("%s/instance.env lacks the URL or the key", h.Dir)
	}
	return h, nil
}

// stopAll stops and removes every instance this run made.
func (r *realHosts) stopAll() {
	dir, _ := realhostDir()
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, s := range r.byArg {
		if !strings.HasPrefix(k, "dir:") || s.host == nil || dir == "" {
			continue
		}
		stop := exec.Command(filepath.Join(dir, "stop.sh"), s.host.Dir)
		if out, err := stop.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: stop.sh %s: %v\n%s", s.host.Dir, err, out)
			continue // kept for inspection
		}
		_ = os.RemoveAll(s.host.Dir)
	}
}

// sql runs a query on the instance's database and returns its rows, tab
// separated: what the server really stored.
func (h *realHost) sql(t *testing.T, query string) []string {
	t.Helper()
	cmd := exec.Command("mysql", "-h127.0.0.1", "-P"+h.dbPort, "-uchevereto", "-p"+h.dbPass, "-N", "-B", "chevereto", "-e", query)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sql %q: %v\n%s", query, err, out)
	}
	return lines(string(out))
}
