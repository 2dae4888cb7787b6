package keyring

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/upshot-app/upshot/uploader/profile"
)

// With no D-Bus session to talk to, the real keyring probe fails and New
// falls back to the key file.
func TestNewFallsBackToFile(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	path := filepath.Join(t.TempDir(), "upshot", "keys.json")
	s, usingFile, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	if !usingFile {
		t.Fatal("usingFile = false without a keyring")
	}
	exerciseStore(t, s)

	for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (err %v), want %v", p, st.Mode().Perm(), err, mode)
		}
	}
	// A second process (here: a second store) sees the same keys.
	other, _, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := other.Get("imgapi"); err != nil || k != "chv_key_2" {
		t.Errorf("second store: %q, %v", k, err)
	}
}

// exerciseStore runs the Secrets contract against s.
func exerciseStore(t *testing.T, s profile.Secrets) {
	t.Helper()
	if _, err := s.Get("imgapi"); !errors.Is(err, profile.ErrNoKey) {
		t.Errorf("Get of a missing key: err = %v, want ErrNoKey", err)
	}
	for _, step := range []struct{ name, key string }{{"imgapi", "chv_key_1"}, {"imgapi", "chv_key_2"}, {"mine", "m"}} {
		if err := s.Set(step.name, step.key); err != nil {
			t.Fatal(err)
		}
	}
	if k, err := s.Get("imgapi"); err != nil || k != "chv_key_2" {
		t.Errorf("Get = %q, %v; want the last key set", k, err)
	}
	if err := s.Delete("mine"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("mine"); !errors.Is(err, profile.ErrNoKey) {
		t.Errorf("Get after Delete: err = %v", err)
	}
	if err := s.Delete("never-set"); err != nil {
		t.Errorf("Delete of a missing key: %v", err)
	}
}

func TestFileStoreRepairsModeAndReportsDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte(`{"keys":{"a":"k"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &fileStore{path: path}
	if k, err := s.Get("a"); err != nil || k != "k" {
		t.Fatalf("Get = %q, %v", k, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after reading, want 0600", st.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte(`{"keys": chv_SECRET`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get("a")
	if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("damaged file: err = %v, want one naming the file and not quoting it", err)
	}
}

// fakeRing is an in-memory keyring; probeErr and block shape the probe.
type fakeRing struct {
	mu       sync.Mutex
	keys     map[string]string
	probeErr error
	block    chan struct{} // when not nil, Get waits on it
}

func (f *fakeRing) Get(service, user string) (string, error) {
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if user == probeUser && f.probeErr != nil {
		return "", f.probeErr
	}
	k, ok := f.keys[service+"/"+user]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return k, nil
}

func (f *fakeRing) Set(service, user, password string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys[service+"/"+user] = password
	return nil
}

func (f *fakeRing) Delete(service, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.keys[service+"/"+user]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(f.keys, service+"/"+user)
	return nil
}

func TestProbeDecides(t *testing.T) {
	tests := []struct {
		name     string
		ring     *fakeRing
		wantFile bool
	}{
		{"keyring answers not found", &fakeRing{keys: map[string]string{}}, false},
		{"no secret service", &fakeRing{keys: map[string]string{}, probeErr: errors.New("The name org.freedesktop.secrets was not provided")}, true},
		{"locked keyring waits for the user", &fakeRing{keys: map[string]string{}, block: make(chan struct{})}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keys.json")
			s, usingFile, err := newWith(tt.ring, path, 50*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if usingFile != tt.wantFile {
				t.Fatalf("usingFile = %v, want %v", usingFile, tt.wantFile)
			}
			if tt.ring.block != nil {
				close(tt.ring.block) // the user unlocked it
			}
			exerciseStore(t, s)
			if _, err := os.Stat(path); (err == nil) != tt.wantFile {
				t.Errorf("key file exists = %v, want %v", err == nil, tt.wantFile)
			}
			if !tt.wantFile && tt.ring.keys[service+"/imgapi"] != "chv_key_2" {
				t.Errorf("keyring holds %v", tt.ring.keys)
			}
		})
	}
}

func TestRingTimesOut(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	r := &ring{b: &fakeRing{keys: map[string]string{}, block: block}, wait: 20 * time.Millisecond}
	_, err := r.Get("imgapi")
	var te *timeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "unlock") {
		t.Errorf("err = %v, want a timeout asking to unlock", err)
	}
}
