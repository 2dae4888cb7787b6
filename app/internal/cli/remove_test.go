package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader/profile"
)

// genericSXCU is a custom uploader with two credentials (a header and an
// argument) that import files in the key store.
const genericSXCU = `{"Version":"15.0.0","DestinationType":"ImageUploader","RequestMethod":"POST",
	"RequestURL":"https://files.example/api/upload","Headers":{"Authorization":"Bearer tok_rm"},
	"Arguments":{"api_token":"tok_arg","album":"x"},"Body":"MultipartFormData",
	"FileFormName":"file","URL":"{json:data.link}"}`

// TestProfileRemoveDeletesAllSecrets: removing a profile deletes every
// key-store entry it owns and nothing of the other profiles.
func TestProfileRemoveDeletesAllSecrets(t *testing.T) {
	tests := []struct {
		name   string
		remove string   // the name as typed
		gone   []string // the entries that must be deleted
	}{
		{"custom uploader", "files", []string{"files#arg:api_token", "files#header:Authorization"}},
		{"custom uploader, other case", "FILES", []string{"files#arg:api_token", "files#header:Authorization"}},
		{"chevereto", "chev", []string{"chev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli, secrets := testEnv(t)
			mustRun(t, cli("", "profile", "import", writeSXCU(t, "files.sxcu", genericSXCU), "--name", "files"))
			mustRun(t, cli(testKey+"\n", "profile", "add", "chev", "--host", "https://img.example", "--key-stdin"))
			mustRun(t, cli("", "profile", "add", "other", "--host", "https://other.example", "--key", "k_other"))
			var want []string // what must stay
			for _, n := range secretNames(secrets) {
				if !slices.Contains(tt.gone, n) {
					want = append(want, n)
				}
			}
			if len(want)+len(tt.gone) != len(secrets) {
				t.Fatalf("setup: the key store %v lacks some of %v", secretNames(secrets), tt.gone)
			}
			mustRun(t, cli("", "profile", "remove", tt.remove))
			if got := secretNames(secrets); !slices.Equal(got, want) {
				t.Errorf("key store after removing %q: %v, want %v", tt.remove, got, want)
			}
		})
	}
}

// TestProfileRemoveWarnsWhenDeleteFails: the profile is removed, and a key
// store that refuses to delete is reported with the entry's name.
func TestProfileRemoveWarnsWhenDeleteFails(t *testing.T) {
	cli, secrets := testEnv(t)
	mustRun(t, cli("", "profile", "import", writeSXCU(t, "files.sxcu", genericSXCU), "--name", "files"))
	// The same user (config dir) as cli, with a key store that fails.
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Version: "test",
		Getenv: func(k string) string {
			if k == "XDG_CONFIG_HOME" { // set by testEnv
				return os.Getenv(k)
			}
			return ""
		},
		Secrets: func(string) (profile.Secrets, bool, error) { return failingDelete{secrets}, false, nil }}
	r := run{Run(context.Background(), []string{"profile", "remove", "files"}, env), out.String(), errb.String()}
	if r.code != ExitOK || !strings.Contains(r.stderr, `"files#header:Authorization"`) {
		t.Fatalf("remove: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "tok_rm") || strings.Contains(r.stderr, "tok_arg") {
		t.Errorf("a secret reached the message: %q", r.stderr)
	}
	if cfg := configText(t); strings.Contains(cfg, "files.example") {
		t.Errorf("the profile is still in the config:\n%s", cfg)
	}
}

func mustRun(t *testing.T, r run) {
	t.Helper()
	if r.code != ExitOK {
		t.Fatalf("exit %d: %q %q", r.code, r.stdout, r.stderr)
	}
}

func secretNames(m memSecrets) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// failingDelete is a key store whose Delete fails for entries that exist.
type failingDelete struct{ memSecrets }

func (f failingDelete) Delete(n string) error {
	if _, ok := f.memSecrets[n]; ok {
		return fmt.Errorf("delete %q: %w", n, errors.New("keyring locked"))
	}
	return nil
}
