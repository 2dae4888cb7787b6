//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/keyring/sstest"
	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// hangWait is far more than any of these commands needs; a command still
// running after it hangs, and fails its test.
const hangWait = 60 * time.Second

// trapDBusLaunch returns the environment of an SSH login or a cron job on
// a desktop machine: no DBUS_SESSION_BUS_ADDRESS, no display, and a
// dbus-launch first on PATH that records each call. It returns the
// environment and the record's path.
func trapDBusLaunch(h *home, extra ...string) ([]string, string) {
	h.t.Helper()
	dir := filepath.Join(h.dir, "trap")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		h.t.Fatal(err)
	}
	record := filepath.Join(dir, "dbus-launch.calls")
	script := fmt.Sprintf("#!/bin/sh\necho \"dbus-launch $*\" >> %q\nexit 1\n", record)
	if err := os.WriteFile(filepath.Join(dir, "dbus-launch"), []byte(script), 0o755); err != nil {
		h.t.Fatal(err)
	}
	var env []string
	for _, kv := range h.without("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS") {
		if strings.HasPrefix(kv, "PATH=") {
			kv = "PATH=" + dir + ":" + strings.TrimPrefix(kv, "PATH=")
		}
		env = append(env, kv)
	}
	return append(env, extra...), record
}

// noLaunch fails the test if dbus-launch was run.
func noLaunch(t *testing.T, record string) {
	t.Helper()
	if calls, err := os.ReadFile(record); err == nil {
		t.Errorf("dbus-launch was run (a session bus started and left behind):\n%s", calls)
	}
}

// runBounded runs the CLI and fails the test if it has not finished within
// hangWait.
func runBounded(h *home, env []string, stdin string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin(h.t), args...)
	cmd.Env, cmd.Dir, cmd.Stdin = env, h.dir, strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		h.t.Fatalf("upshot %v hung (killed after %v): %s", args, hangWait, errb.String())
	}
	if err != nil && cmd.ProcessState == nil {
		h.t.Fatalf("run %v: %v", args, err)
	}
	return result{stdout: out.String(), stderr: errb.String(), code: cmd.ProcessState.ExitCode()}
}

// TestKeyStoreWithoutBus: over SSH or in cron (no session bus) every
// command that touches a key finishes, keeps the key in the key file with
// one warning, and never runs dbus-launch. Fails on the old code, which
// ran it on every such command.
func TestKeyStoreWithoutBus(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", secretKey)
	env, record := trapDBusLaunch(h)
	r := runBounded(h, env, secretKey+"\n", "profile", "add", "x", "--host", site, "--key-stdin")
	if r.code != 0 || strings.Count(r.stderr, "no OS keyring found") != 1 {
		t.Fatalf("profile add: %d %q, want one warning that the key is in the file", r.code, r.stderr)
	}
	if r := runBounded(h, env, "", "profile", "test", "x"); r.code != 0 || !strings.Contains(r.stdout, "key works") {
		t.Errorf("profile test: %d %q %q", r.code, r.stdout, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "a.png", 8, 8)
	if r := runBounded(h, env, "", "upload", "--profile", "x", img); r.code != 0 || !strings.HasPrefix(r.stdout, site) {
		t.Errorf("upload --profile: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runBounded(h, env, "", "profile", "export", "x", "--with-key"); r.code != 0 || !strings.Contains(r.stdout, secretKey) {
		t.Errorf("export --with-key: %d %q", r.code, r.stderr)
	}
	r = runBounded(h, env, "", "upload", "--host", site, "--key", "chv_wrong", img)
	if r.code != 1 || !strings.Contains(r.stderr, "given with --key") || strings.Contains(r.stderr, "this profile") {
		t.Errorf("upload with a wrong --key: %d %q, want the --key named", r.code, r.stderr)
	}
	if r := runBounded(h, env, "", "profile", "remove", "x"); r.code != 0 {
		t.Errorf("profile remove: %d %q", r.code, r.stderr)
	}
	noLaunch(t, record)
}

// TestKeyStoreOnUserBus: without DBUS_SESSION_BUS_ADDRESS the user bus at
// $XDG_RUNTIME_DIR/bus is found and the key goes to the keyring on it (no
// key file). Fails on the old code, which only knew /run/user/UID/bus and
// fell back to dbus-launch and then to the file.
func TestKeyStoreOnUserBus(t *testing.T) {
	h := newHome(t)
	runtime := filepath.Join(h.dir, "runtime")
	addr := portaltest.StartBus(t, "unix:path="+filepath.Join(runtime, "bus"))
	startKeyringOn(t, h, addr)
	site := h.testHost("--key", secretKey)
	env, record := trapDBusLaunch(h)
	r := runBounded(h, env, secretKey+"\n", "profile", "add", "vault", "--host", site, "--key-stdin", "--default")
	if r.code != 0 || strings.Contains(r.stderr, "keyring found") {
		t.Fatalf("profile add: %d %q, want the key in the keyring", r.code, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "k.png", 8, 8)
	if up := runBounded(h, env, "", "upload", img); up.code != 0 {
		t.Errorf("upload with the keyring's key: %d %s", up.code, up.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "config", "upshot", "keys.toml")); err == nil {
		t.Error("a key file exists although the keyring holds the key")
	}
	if n := keyringEntries(t, addr, "vault"); n != 1 {
		t.Errorf("the keyring holds %d entries for the profile, want 1", n)
	}
	assertNoSecret(t, filepath.Join(h.dir, "config", "upshot", "config.toml"), filepath.Join(h.dir, "config"), filepath.Join(h.dir, "data"))
	noLaunch(t, record)
}

// startKeyringOn runs an unlocked GNOME Keyring on the bus at addr until
// the test ends, and waits until it owns the Secret Service's name.
func startKeyringOn(t *testing.T, h *home, addr string) {
	t.Helper()
	kr := exec.Command("gnome-keyring-daemon", "--replace", "--foreground", "--unlock", "--components=secrets")
	kr.Env = append(h.without("DBUS_SESSION_BUS_ADDRESS", "DISPLAY"), "DBUS_SESSION_BUS_ADDRESS="+addr)
	kr.Stdin = strings.NewReader("e2e-password")
	if err := kr.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() { kr.Process.Signal(syscall.SIGTERM); kr.Wait() })
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(hangWait); ; time.Sleep(20 * time.Millisecond) {
		var has bool
		if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, sstest.Name).Store(&has); err != nil || time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon did not take %s: %v", sstest.Name, err)
		}
		if has {
			return
		}
	}
}

// keyringEntries counts Upshot's entries for name in the keyring on addr.
func keyringEntries(t *testing.T, addr, name string) int {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var unlocked, locked []dbus.ObjectPath
	err = conn.Object(sstest.Name, sstest.Path).Call("org.freedesktop.Secret.Service.SearchItems", 0,
		map[string]string{"service": "upshot", "username": name}).Store(&unlocked, &locked)
	if err != nil {
		t.Fatalf("search the keyring: %v", err)
	}
	return len(unlocked) + len(locked)
}

// stuckKeyring is the environment of a session whose keyring hangs: a
// Secret Service on the session bus that takes calls and never answers.
// It returns the environment and the calls the keyring sees.
func stuckKeyring(t *testing.T, h *home) ([]string, <-chan string, string) {
	t.Helper()
	addr := portaltest.StartBus(t, "unix:path="+filepath.Join(t.TempDir(), "bus"))
	seen := sstest.Stuck(t, addr)
	env, record := trapDBusLaunch(h, "DBUS_SESSION_BUS_ADDRESS="+addr)
	return env, seen, record
}

// TestKeyFileKeyWithStuckKeyring: a key kept in the key file is read from
// it without asking the keyring, so a keyring that hangs costs nothing.
// Fails on the old code, which asked the keyring first and hung in it.
func TestKeyFileKeyWithStuckKeyring(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", secretKey)
	noBus, _ := trapDBusLaunch(h)
	if r := runBounded(h, noBus, secretKey+"\n", "profile", "add", "x", "--host", site, "--key-stdin", "--default"); r.code != 0 {
		t.Fatalf("profile add without a bus: %d %s", r.code, r.stderr)
	}
	env, seen, record := stuckKeyring(t, h)
	if r := runBounded(h, env, "", "profile", "test", "x"); r.code != 0 || !strings.Contains(r.stdout, "key works") {
		t.Errorf("profile test: %d %q %q", r.code, r.stdout, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "a.png", 8, 8)
	if r := runBounded(h, env, "", "upload", img); r.code != 0 || !strings.HasPrefix(r.stdout, site) {
		t.Errorf("upload: %d %q %q", r.code, r.stdout, r.stderr)
	}
	select {
	case call := <-seen:
		t.Errorf("the keyring was asked (%s) for a key that is in the key file", call)
	default:
	}
	noLaunch(t, record)
}

// TestSIGTERMEndsStuckKeyringWait: SIGTERM while a command waits for a
// keyring that never answers ends it at once, with one sentence saying
// so. Fails on the old code, whose keyring wait ignored the signal for up
// to 2 minutes.
func TestSIGTERMEndsStuckKeyringWait(t *testing.T) {
	h := newHome(t)
	site := h.testHost("--key", secretKey)
	env, seen, record := stuckKeyring(t, h)
	if r := runBounded(h, env, "", "profile", "add", "x", "--host", site, "--default"); r.code != 0 {
		t.Fatalf("profile add (no key, so no keyring call): %d %s", r.code, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "a.png", 8, 8)
	for _, args := range [][]string{{"profile", "test", "x"}, {"upload", img}} {
		cmd := exec.Command(bin(t), args...)
		cmd.Env, cmd.Dir = env, h.dir
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-seen: // the command waits in the keyring now
		case err := <-done:
			t.Fatalf("%v ended before asking the keyring: %v %s", args, err, errb.String())
		case <-time.After(hangWait):
			cmd.Process.Kill()
			t.Fatalf("%v never asked the keyring", args)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
			if cmd.ProcessState.ExitCode() == 0 || !strings.Contains(errb.String(), "interrupted") {
				t.Errorf("%v after SIGTERM: exit %d, %q", args, cmd.ProcessState.ExitCode(), errb.String())
			}
		case <-time.After(hangWait):
			cmd.Process.Kill()
			<-done
			t.Errorf("%v still waited for the keyring after SIGTERM: %s", args, errb.String())
		}
	}
	noLaunch(t, record)
}
