package keyring

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader/profile"
)

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

// memRing is an in-memory keyring; failSet makes Set fail.
type memRing struct {
	mu      sync.Mutex
	keys    map[string]string
	calls   int
	failSet error
}

func newMemRing() *memRing { return &memRing{keys: map[string]string{}} }

func (m *memRing) Get(_ context.Context, name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	k, ok := m.keys[name]
	if !ok {
		return "", profile.ErrNoKey
	}
	return k, nil
}

func (m *memRing) Set(_ context.Context, name, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.failSet != nil {
		return m.failSet
	}
	m.keys[name] = key
	return nil
}

func (m *memRing) Delete(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	delete(m.keys, name)
	return nil
}

// refusingRing fails the test on any call: the keyring must not be asked.
type refusingRing struct{ t *testing.T }

func (r refusingRing) Get(context.Context, string) (string, error) {
	r.t.Error("the keyring was asked for a key that is in the file")
	return "", errors.New("refused")
}

func (r refusingRing) Set(context.Context, string, string) error {
	r.t.Error("the keyring was asked to store a key")
	return errors.New("refused")
}

func (r refusingRing) Delete(context.Context, string) error { return nil }

func newStore(t *testing.T, ring backend) (*store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "upshot", "keys.toml")
	return &store{ctx: context.Background(), file: &fileStore{path: path}, ring: ring}, path
}

func TestStoreContract(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		s, path := newStore(t, nil)
		exerciseStore(t, s)
		for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			st, err := os.Stat(p)
			if err != nil || st.Mode().Perm() != mode {
				t.Errorf("%s: %v (err %v), want mode %v", p, st, err, mode)
			}
		}
		// A second process (here: a second store) sees the same keys.
		other := &store{ctx: context.Background(), file: &fileStore{path: path}}
		if k, err := other.Get("imgapi"); err != nil || k != "chv_key_2" {
			t.Errorf("second store: %q, %v", k, err)
		}
	})
	t.Run("keyring", func(t *testing.T) {
		ring := newMemRing()
		s, path := newStore(t, ring)
		exerciseStore(t, s)
		if ring.keys["imgapi"] != "chv_key_2" {
			t.Errorf("keyring holds %v", ring.keys)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("a key file was written although the keyring holds every key")
		}
	})
}

// A key kept in the file (stored when no keyring was reachable) is read
// from the file, and the keyring is not asked at all: it may hang or
// prompt, and the key is not there anyway.
func TestKeyInFileIsReadWithoutKeyring(t *testing.T) {
	fileOnly, path := newStore(t, nil)
	if err := fileOnly.Set("cron", "chv_from_file"); err != nil {
		t.Fatal(err)
	}
	s := &store{ctx: context.Background(), file: &fileStore{path: path}, ring: refusingRing{t}}
	if k, err := s.Get("cron"); err != nil || k != "chv_from_file" {
		t.Errorf("Get = %q, %v; want the file's key", k, err)
	}
}

// Setting a key with a keyring at hand moves it there: the file's copy is
// removed, or it would still be read first.
func TestSetMovesKeyIntoKeyring(t *testing.T) {
	fileOnly, path := newStore(t, nil)
	if err := fileOnly.Set("p", "old"); err != nil {
		t.Fatal(err)
	}
	ring := newMemRing()
	s := &store{ctx: context.Background(), file: &fileStore{path: path}, ring: ring}
	if err := s.Set("p", "new"); err != nil {
		t.Fatal(err)
	}
	if k, err := s.Get("p"); err != nil || k != "new" || ring.keys["p"] != "new" {
		t.Errorf("Get = %q, %v; keyring %v", k, err, ring.keys)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "old") {
		t.Errorf("the file still holds the old key: %s", data)
	}
}

// A keyring that fails is reported; the key never goes to the plaintext
// file instead.
func TestKeyringFailureIsNotBypassed(t *testing.T) {
	ring := newMemRing()
	ring.failSet = &Error{msg: "the keyring is locked"}
	s, path := newStore(t, ring)
	if err := s.Set("p", "chv_secret"); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("Set: %v, want the keyring's error", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the key went to the file when the keyring failed")
	}
}

func TestFileStoreRepairsModeAndReportsDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.toml")
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

func TestCallErrorSaysWhatHappened(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	late, cancel2 := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel2()
	<-late.Done()
	tests := []struct {
		ctx  context.Context
		err  error
		want string
		is   error
	}{
		{canceled, errors.New("connection closed"), "interrupted", context.Canceled},
		{late, errors.New("connection closed"), "did not answer within 5s", context.DeadlineExceeded},
		{context.Background(), errors.New("boom"), "the keyring failed (boom) — check", nil},
	}
	for _, tt := range tests {
		err := callError(tt.ctx, tt.err, 5*time.Second)
		if !strings.Contains(err.Error(), tt.want) || tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("callError(%v) = %v, want %q (is %v)", tt.err, err, tt.want, tt.is)
		}
	}
}
