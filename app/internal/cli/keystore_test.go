package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

// stuckSecrets is a key store whose keyring fails every read, as a hung
// or locked keyring does.
type stuckSecrets struct{ memSecrets }

const keyringSays = "the keyring did not answer within 5s — check that it is running and unlocked, then try again"

func (stuckSecrets) Get(string) (string, error) { return "", errors.New(keyringSays) }

// runWith runs a command line for the user in dir with the key store s.
func runWith(dir string, s profile.Secrets, vars map[string]string, args ...string) run {
	var out, errb bytes.Buffer
	all := map[string]string{"UPSHOT_CONFIG": filepath.Join(dir, "config", "config.toml"), "XDG_DATA_HOME": filepath.Join(dir, "data")}
	for k, v := range vars {
		all[k] = v
	}
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return all[k] },
		Version: "test",
		Secrets: func(string) (profile.Secrets, bool, error) { return s, false, nil },
	}
	code := Run(context.Background(), args, env)
	return run{code, out.String(), errb.String()}
}

// A key store that fails gets one sentence per failure: the file once,
// which profile, what the key store said. Fails on the old code, which
// printed `a.png: a.png: profile "" cannot be used: …`.
func TestKeyStoreFailureIsOneSentence(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Key: testKey})
	dir := t.TempDir()
	s := stuckSecrets{memSecrets{}}
	if r := runWith(dir, s, nil, "profile", "add", "x", "--host", srv.URL()); r.code != ExitOK {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	img := writePNG(t, t.TempDir(), "a.png", 4, 4)
	want := `upshot: ` + img + `: read the API key of profile "x": ` + keyringSays + "\n"
	for _, args := range [][]string{{"upload", img}, {"upload", "--profile", "x", img}} {
		r := runWith(dir, s, nil, args...)
		if r.code != ExitFailed || r.stderr != want {
			t.Errorf("%v: exit %d, stderr\n%q\nwant\n%q", args, r.code, r.stderr, want)
		}
	}
	want = `upshot: read the API key of profile "x": ` + keyringSays + "\n"
	for _, args := range [][]string{{"profile", "test", "x"}, {"profile", "export", "x", "--with-key"}} {
		r := runWith(dir, s, nil, args...)
		if r.code != ExitFailed || r.stderr != want {
			t.Errorf("%v: exit %d, stderr\n%q\nwant\n%q", args, r.code, r.stderr, want)
		}
	}
	if n := len(srv.Uploads()); n != 0 {
		t.Errorf("the host got %d uploads without a key", n)
	}
}

// A refused key given on the command line is not called the profile's.
// Fails on the old code ("check the API key of this profile").
func TestRefusedKeySaysWhereItCameFrom(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Key: testKey})
	dir := t.TempDir()
	img := writePNG(t, t.TempDir(), "a.png", 4, 4)
	s := memSecrets{"x": "chv_wrong_stored"}
	if r := runWith(dir, s, nil, "profile", "add", "x", "--host", srv.URL()); r.code != ExitOK {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"--key", nil, []string{"upload", "--host", srv.URL(), "--key", "chv_wrong", img}, "check the API key given with --key"},
		{"--key over a profile", nil, []string{"upload", "--profile", "x", "--key", "chv_wrong", img}, "check the API key given with --key"},
		{"UPSHOT_API_KEY", map[string]string{"UPSHOT_HOST": srv.URL(), "UPSHOT_API_KEY": "chv_wrong"}, []string{"upload", img}, "check the API key in UPSHOT_API_KEY"},
		{"the profile's key", nil, []string{"upload", "--profile", "x", img}, "check the API key of this profile"},
	}
	for _, tt := range tests {
		r := runWith(dir, s, tt.vars, tt.args...)
		if r.code != ExitFailed || !strings.Contains(r.stderr, "Invalid API key") || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want %q", tt.name, r.code, r.stderr, tt.want)
		}
		if tt.name != "the profile's key" && strings.Contains(r.stderr, "this profile") {
			t.Errorf("%s: a key from the command line called the profile's: %q", tt.name, r.stderr)
		}
	}
}
