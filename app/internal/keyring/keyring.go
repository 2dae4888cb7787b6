// Package keyring stores Upshot's API keys in the operating system's
// keyring (Secret Service over D-Bus on Linux, Keychain on macOS,
// Credential Manager on Windows) through zalando/go-keyring, and in a
// private file when the system has no keyring.
package keyring

import (
	"errors"
	"fmt"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/upshot-app/upshot/uploader/profile"
)

// service is the keyring entry's service name; the user is the profile name.
const service = "upshot"

// probeUser is looked up (never stored) to find out whether a keyring answers.
const probeUser = "upshot-keyring-probe"

// Timeouts. A keyring that is locked shows an unlock prompt and waits for
// the user, which is slow but fine; one that never answers must not hang
// the app.
const (
	probeTimeout = 10 * time.Second
	opTimeout    = 2 * time.Minute
)

// backend is the keyring API, replaced in tests.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// osBackend is the system keyring.
type osBackend struct{}

func (osBackend) Get(s, u string) (string, error) { return gokeyring.Get(s, u) }
func (osBackend) Set(s, u, p string) error        { return gokeyring.Set(s, u, p) }
func (osBackend) Delete(s, u string) error        { return gokeyring.Delete(s, u) }

// New returns the system keyring when one answers, else a key file at
// fallbackPath (mode 0600) with usingFile true: the caller then tells the
// user that keys are kept in that file.
func New(fallbackPath string) (s profile.Secrets, usingFile bool, err error) {
	return newWith(osBackend{}, fallbackPath, probeTimeout)
}

func newWith(b backend, fallbackPath string, wait time.Duration) (profile.Secrets, bool, error) {
	if keyringWorks(b, wait) {
		return &ring{b: b, wait: opTimeout}, false, nil
	}
	if fallbackPath == "" {
		return nil, false, errors.New("no system keyring and no key file path")
	}
	return &fileStore{path: fallbackPath}, true, nil
}

// keyringWorks looks up a key that does not exist. "Not found" proves the
// keyring works; any other error (no D-Bus session, no Secret Service)
// means there is none. No answer within wait means the keyring is there
// but waits for the user to unlock it, so it counts as working.
func keyringWorks(b backend, wait time.Duration) bool {
	err := call(wait, func() error {
		_, err := b.Get(service, probeUser)
		return err
	})
	var late *timeoutError
	return err == nil || errors.Is(err, gokeyring.ErrNotFound) || errors.As(err, &late)
}

// ring is profile.Secrets on the system keyring.
type ring struct {
	b    backend
	wait time.Duration
}

func (r *ring) Get(name string) (string, error) {
	var key string
	err := call(r.wait, func() error {
		var err error
		key, err = r.b.Get(service, name)
		return err
	})
	if errors.Is(err, gokeyring.ErrNotFound) {
		return "", profile.ErrNoKey
	}
	if err != nil {
		return "", fmt.Errorf("read the key of profile %q from the keyring: %w", name, err)
	}
	return key, nil
}

func (r *ring) Set(name, key string) error {
	err := call(r.wait, func() error { return r.b.Set(service, name, key) })
	if err != nil {
		return fmt.Errorf("store the key of profile %q in the keyring: %w", name, err)
	}
	return nil
}

// Delete removes the key; a key that is not there is no error.
func (r *ring) Delete(name string) error {
	err := call(r.wait, func() error { return r.b.Delete(service, name) })
	if err != nil && !errors.Is(err, gokeyring.ErrNotFound) {
		return fmt.Errorf("delete the key of profile %q from the keyring: %w", name, err)
	}
	return nil
}

// timeoutError says the keyring did not answer in time.
type timeoutError struct{ wait time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("the keyring did not answer within %v — unlock it and try again", e.wait)
}

// call runs fn, giving up after wait. The keyring library has no context,
// so a call that never returns leaves its goroutine blocked; that happens
// at most once per stuck keyring call.
func call(wait time.Duration, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return &timeoutError{wait}
	}
}
