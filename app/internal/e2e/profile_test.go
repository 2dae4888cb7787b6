//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const secretKey = "chv_e2e_Secret_0123456789abcdef"

// TestProfilesHistoryAndSecrets: a profile with a key, uploads through it,
// history lists them, and the key is nowhere on disk or in the output. No
// session bus here, so the key goes to the 0600 fallback file with a
// warning; TestKeyringHoldsTheKey covers the real keyring. The Windows
// build under Wine keeps the key in the Credential Manager, without one.
func TestProfilesHistoryAndSecrets(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", secretKey)
	var all strings.Builder
	run := func(stdin string, args ...string) result {
		r := h.run(stdin, args...)
		all.WriteString(r.stdout + r.stderr)
		return r
	}
	r := run(secretKey+"\n", "profile", "add", "home", "--host", site, "--key-stdin", "--max-size", "5MB", "--default")
	switch {
	case r.code != 0:
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	case onWindows() && strings.Contains(r.stderr, "keyring"):
		t.Errorf("the key went to a file although Windows has the Credential Manager: %q", r.stderr)
	case !onWindows() && !strings.Contains(r.stderr, "keyring"):
		t.Errorf("no warning that the key went to a file: %q", r.stderr)
	}
	run("", "profile", "add", "other", "--host", site+"/sub/", "--key", "wrong")
	if r := run("", "profile", "list"); !strings.Contains(r.stdout, "home") || !strings.Contains(r.stdout, "5 MB") {
		t.Errorf("profile list:\n%s", r.stdout)
	}
	if r := run("", "profile", "test", "home"); r.code != 0 || !strings.Contains(r.stdout, "key works") {
		t.Errorf("profile test home: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run("", "profile", "test", "other"); r.code != 1 {
		t.Errorf("profile test other (bad key, wrong path): exit %d, want 1: %q %q", r.code, r.stdout, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "holiday.png", 40, 30)
	up := run("", "upload", img)
	if up.code != 0 || !strings.HasPrefix(up.stdout, site) {
		t.Fatalf("upload via default profile: %d %q %q", up.code, up.stdout, up.stderr)
	}
	hist := run("", "history", "--json", "--search", "holiday")
	var e map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(hist.stdout)), &e); err != nil {
		t.Fatalf("history --json: %v in %q", err, hist.stdout)
	}
	for _, k := range []string{"id", "time", "source", "url", "viewer", "thumb", "delete"} {
		if _, ok := e[k]; !ok {
			t.Errorf("history entry lacks %q: %v", k, e)
		}
	}
	if e["url"] != strings.TrimSpace(up.stdout) {
		t.Errorf("history url %v, upload printed %q", e["url"], up.stdout)
	}
	if r := run("", "profile", "default", "other"); r.code != 0 {
		t.Errorf("profile default: %d %s", r.code, r.stderr)
	}
	if r := run("", "profile", "remove", "other"); r.code != 0 {
		t.Errorf("profile remove: %d %s", r.code, r.stderr)
	}
	cfg := filepath.Join(h.dir, "config", "upshot", "config.toml")
	assertNoSecret(t, cfg, filepath.Join(h.dir, "data"))
	keys := filepath.Join(h.dir, "config", "upshot", "keys.toml")
	if onWindows() { // the upload above used the key: the Credential Manager has it
		if _, err := os.Stat(keys); err == nil {
			t.Errorf("a key file %s exists although the Credential Manager holds the key", keys)
		}
	} else if st, err := os.Stat(keys); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("fallback key file %s: %v %v, want mode 0600", keys, st, err)
	}
	if strings.Contains(all.String(), secretKey) {
		t.Error("the key appears in the CLI's output")
	}
}

// assertNoSecret fails if the key is in the config file or anywhere in dir.
func assertNoSecret(t *testing.T, cfg string, dirs ...string) {
	t.Helper()
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if strings.Contains(string(data), secretKey) {
		t.Errorf("the key is in the config file %s", cfg)
	}
	for _, d := range dirs {
		filepath.Walk(d, func(p string, info os.FileInfo, err error) error {
			if err != nil || !info.Mode().IsRegular() {
				return nil
			}
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), secretKey) {
				t.Errorf("the key is in %s", p)
			}
			return nil
		})
	}
}

// TestKeyringHoldsTheKey: with a Secret Service on the session bus the key
// goes to the keyring, and neither config nor any file holds it.
func TestKeyringHoldsTheKey(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run under dbus-run-session (make e2e does)")
	}
	h := newHome(t)
	startKeyring(t, h)
	site := h.testHost("--key", secretKey)
	withBus := h.without("DISPLAY")
	r := h.runEnv(withBus, secretKey+"\n", "profile", "add", "vault", "--host", site, "--key-stdin", "--default")
	if r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "keyring found") {
		t.Fatalf("fell back to a file although a keyring runs: %s", r.stderr)
	}
	img := writePNG(t, t.TempDir(), "k.png", 8, 8)
	if up := h.runEnv(withBus, "", "upload", img); up.code != 0 {
		t.Fatalf("upload with the keyring's key: %d %s", up.code, up.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "config", "upshot", "keys.toml")); err == nil {
		t.Error("a key file exists although the keyring holds the key")
	}
	assertNoSecret(t, filepath.Join(h.dir, "config", "upshot", "config.toml"), filepath.Join(h.dir, "config"), filepath.Join(h.dir, "data"))
}

// startKeyring runs an unlocked GNOME Keyring (Secret Service) on the test's
// session bus until the test ends.
func startKeyring(t *testing.T, h *home) {
	t.Helper()
	kr := exec.Command("gnome-keyring-daemon", "--replace", "--foreground", "--unlock", "--components=secrets")
	kr.Env = h.env
	kr.Stdin = strings.NewReader("e2e-password")
	if err := kr.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() { kr.Process.Signal(syscall.SIGTERM); kr.Wait() })
	time.Sleep(500 * time.Millisecond) // let it claim org.freedesktop.secrets
}
