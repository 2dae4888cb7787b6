package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"

	"github.com/upshot-app/upshot/app/internal/keyring/sstest"
	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
	"github.com/upshot-app/upshot/uploader/profile"
)

// testWait bounds every test: a test that hangs fails here instead.
const testWait = 30 * time.Second

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	t.Cleanup(cancel)
	return ctx
}

// env is a getenv over a fixed set of variables.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

// trapDBusLaunch puts a dbus-launch first on PATH that records each call,
// removes DBUS_SESSION_BUS_ADDRESS and points XDG_RUNTIME_DIR at an empty
// directory, like an SSH login or cron on a desktop machine. It returns
// the record's path.
func trapDBusLaunch(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	record := filepath.Join(dir, "dbus-launch.calls")
	script := fmt.Sprintf("#!/bin/sh\necho \"dbus-launch $*\" >> %q\nexit 1\n", record)
	if err := os.WriteFile(filepath.Join(dir, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	os.Unsetenv("DBUS_SESSION_BUS_ADDRESS")
	return record
}

// Without a session bus the real key store (os.Getenv, the real backend)
// keeps keys in the file and never runs dbus-launch. Fails on the old code,
// where go-keyring's godbus session bus ran it on every probe.
func TestNoBusNeverLaunchesOne(t *testing.T) {
	record := trapDBusLaunch(t)
	path := filepath.Join(t.TempDir(), "keys.toml")
	s, usingFile, err := Open(testCtx(t), path)
	if err != nil {
		t.Fatal(err)
	}
	if !usingFile {
		t.Error("usingFile = false without a session bus")
	}
	exerciseStore(t, s)
	if calls, err := os.ReadFile(record); err == nil {
		t.Errorf("dbus-launch was run: %s", calls)
	}
	// The trap works: godbus's own session bus lookup does run it here
	// (unless this machine has a systemd user bus, which godbus tries first).
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err != nil {
		if conn, err := dbus.SessionBusPrivate(); err == nil {
			conn.Close()
		}
		if _, err := os.ReadFile(record); err != nil {
			t.Error("the dbus-launch trap did not catch godbus's autolaunch")
		}
	}
}

// A bus address with nothing behind it is no keyring either.
func TestDeadBusFallsBackToFile(t *testing.T) {
	o := defaultOptions()
	o.getenv = env("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	_, usingFile, err := openWith(testCtx(t), filepath.Join(t.TempDir(), "keys.toml"), o)
	if err != nil || !usingFile {
		t.Errorf("usingFile = %v, err = %v; want the key file", usingFile, err)
	}
}

// userBus starts a private bus at $XDG_RUNTIME_DIR/bus and returns the
// runtime dir and the bus address.
func userBus(t *testing.T) (runtime, addr string) {
	t.Helper()
	runtime = t.TempDir()
	return runtime, portaltest.StartBus(t, "unix:path="+filepath.Join(runtime, "bus"))
}

// With no DBUS_SESSION_BUS_ADDRESS the user bus at $XDG_RUNTIME_DIR/bus is
// used, and the key goes to the keyring there, not to the file. Fails on
// the old code: godbus looks at /run/user/UID/bus, not $XDG_RUNTIME_DIR.
func TestUserBusKeyring(t *testing.T) {
	runtime, addr := userBus(t)
	k := sstest.Serve(t, addr)
	o := defaultOptions()
	o.getenv = env("XDG_RUNTIME_DIR", runtime)
	path := filepath.Join(t.TempDir(), "keys.toml")
	s, usingFile, err := openWith(testCtx(t), path, o)
	if err != nil || usingFile {
		t.Fatalf("usingFile = %v, err = %v; want the keyring", usingFile, err)
	}
	exerciseStore(t, s)
	if got := k.Values(); got["imgapi"] != "chv_key_2" || len(got) != 1 {
		t.Errorf("keyring holds %v", got)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a key file was written although the keyring holds the keys")
	}
}

// A bus without a Secret Service is no keyring: the file is used.
func TestBusWithoutSecretService(t *testing.T) {
	runtime, _ := userBus(t)
	o := defaultOptions()
	o.getenv = env("XDG_RUNTIME_DIR", runtime)
	_, usingFile, err := openWith(testCtx(t), filepath.Join(t.TempDir(), "keys.toml"), o)
	if err != nil || !usingFile {
		t.Errorf("usingFile = %v, err = %v; want the key file", usingFile, err)
	}
}

// ringOn is the Secret Service client for the bus at addr.
func ringOn(addr string, interactive bool) *secretService {
	return &secretService{addr: addr, interactive: interactive, wait: 2 * time.Second, promptWait: testWait}
}

func TestLockedKeyring(t *testing.T) {
	attrs := map[string]string{"service": service, "username": "p"}
	t.Run("unlocked through the prompt", func(t *testing.T) {
		_, addr := userBus(t)
		k := sstest.Serve(t, addr)
		k.Put(attrs, "chv_locked")
		k.Lock(false, false)
		key, err := ringOn(addr, true).Get(testCtx(t), "p")
		if err != nil || key != "chv_locked" {
			t.Errorf("Get = %q, %v", key, err)
		}
		if err := ringOn(addr, true).Set(testCtx(t), "q", "chv_new"); err != nil || k.Values()["q"] != "chv_new" {
			t.Errorf("Set: %v, keyring %v", err, k.Values())
		}
	})
	t.Run("prompt dismissed", func(t *testing.T) {
		_, addr := userBus(t)
		k := sstest.Serve(t, addr)
		k.Put(attrs, "chv_locked")
		k.Lock(true, false)
		_, err := ringOn(addr, true).Get(testCtx(t), "p")
		if err == nil || !strings.Contains(err.Error(), "dismissed") {
			t.Errorf("Get: %v, want the dismissed prompt explained", err)
		}
	})
	t.Run("no display", func(t *testing.T) {
		_, addr := userBus(t)
		k := sstest.Serve(t, addr)
		k.Put(attrs, "chv_locked")
		k.Lock(false, false)
		_, err := ringOn(addr, false).Get(testCtx(t), "p")
		if err == nil || !strings.Contains(err.Error(), "no display") {
			t.Errorf("Get: %v, want a locked keyring without a display explained", err)
		}
		for _, c := range k.Calls() {
			if c == "Prompt" {
				t.Error("a prompt was shown with no display to show it on")
			}
		}
	})
	t.Run("nobody answers", func(t *testing.T) {
		_, addr := userBus(t)
		k := sstest.Serve(t, addr)
		k.Put(attrs, "chv_locked")
		k.Lock(false, true)
		r := ringOn(addr, true)
		r.promptWait = 200 * time.Millisecond
		_, err := r.Get(testCtx(t), "p")
		if err == nil || !strings.Contains(err.Error(), "nobody answered") {
			t.Errorf("Get: %v, want the unanswered prompt explained", err)
		}
		<-k.Prompted // shown
		select {
		case got := <-k.Prompted:
			if !strings.HasPrefix(got, "dismissed:") {
				t.Errorf("after the wait: %q, want the prompt dismissed", got)
			}
		case <-testCtx(t).Done():
			t.Error("the unanswered prompt was left on the screen")
		}
	})
}

// A keyring that never answers costs the call's bound, not minutes, and
// cancelling the context (SIGTERM in the CLI) ends the wait at once.
// Fails on the old code, whose calls waited 2 minutes and took no context.
func TestStuckKeyring(t *testing.T) {
	runtime, addr := userBus(t)
	seen := sstest.Stuck(t, addr)
	o := defaultOptions()
	o.getenv = env("XDG_RUNTIME_DIR", runtime)
	o.callWait = 300 * time.Millisecond
	s, usingFile, err := openWith(testCtx(t), filepath.Join(t.TempDir(), "keys.toml"), o)
	if err != nil || usingFile {
		t.Fatalf("usingFile = %v, err = %v; a stuck keyring is still a keyring", usingFile, err)
	}
	_, err = s.Get("p")
	if err == nil || !strings.Contains(err.Error(), "did not answer within 300ms") {
		t.Errorf("Get: %v, want a timeout", err)
	}

	ctx, cancel := context.WithCancel(testCtx(t))
	o.callWait = time.Hour
	s, _, err = openWith(ctx, filepath.Join(t.TempDir(), "keys.toml"), o)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Set("p", "k") }()
	<-seen // the call is stuck in the keyring
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("Set after cancel: %v", err)
		}
	case <-testCtx(t).Done():
		t.Fatal("cancelling did not end the keyring call")
	}
}

// GNOME Keyring itself, as on a desktop: our client stores, reads and
// deletes, and finds the entries go-keyring (Upshot before this client)
// stored.
func TestGnomeKeyring(t *testing.T) {
	runtime, addr := userBus(t)
	startGnomeKeyring(t, addr, runtime)
	r := ringOn(addr, false)
	ctx := testCtx(t)
	if err := r.Set(ctx, "gk", "chv_gnome"); err != nil {
		t.Fatal(err)
	}
	if k, err := r.Get(ctx, "gk"); err != nil || k != "chv_gnome" {
		t.Errorf("Get = %q, %v", k, err)
	}
	if err := r.Set(ctx, "gk", "chv_gnome_2"); err != nil {
		t.Fatal(err)
	}
	if k, err := r.Get(ctx, "gk"); err != nil || k != "chv_gnome_2" {
		t.Errorf("Get after replacing = %q, %v", k, err)
	}
	if err := r.Delete(ctx, "gk"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, "gk"); !errors.Is(err, profile.ErrNoKey) {
		t.Errorf("Get after Delete: %v", err)
	}

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr) // go-keyring takes the bus from here
	if err := gokeyring.Set(service, "old", "chv_from_go_keyring"); err != nil {
		t.Fatalf("go-keyring: %v", err)
	}
	if k, err := r.Get(ctx, "old"); err != nil || k != "chv_from_go_keyring" {
		t.Errorf("an entry go-keyring stored: %q, %v", k, err)
	}
	if err := r.Delete(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	if _, err := gokeyring.Get(service, "old"); !errors.Is(err, gokeyring.ErrNotFound) {
		t.Errorf("go-keyring still finds the deleted entry: %v", err)
	}
}

// startGnomeKeyring runs an unlocked GNOME Keyring (secrets only) on the
// bus at addr until the test ends, and waits until it owns its name.
func startGnomeKeyring(t *testing.T, addr, runtime string) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command("gnome-keyring-daemon", "--replace", "--foreground", "--unlock", "--components=secrets")
	cmd.Env = []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_RUNTIME_DIR=" + runtime,
		"DBUS_SESSION_BUS_ADDRESS=" + addr, "PATH=" + os.Getenv("PATH")}
	cmd.Stdin = strings.NewReader("test-password")
	if err := cmd.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon is missing (run .ci/deps.sh test): %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := testCtx(t)
	for {
		var has bool
		if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, sstest.Name).Store(&has); err != nil {
			t.Fatalf("gnome-keyring-daemon did not start: %v", err)
		}
		if has {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
