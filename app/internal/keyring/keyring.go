// Package keyring stores Upshot's API keys in the operating system's
// keyring (Secret Service over D-Bus on Linux, Credential Manager on
// Windows, Keychain on macOS), and in a private file when the system has
// no keyring.
//
// On Linux it talks to the Secret Service itself (secretservice_linux.go)
// on a session bus it finds but never starts; elsewhere it goes through
// zalando/go-keyring. Every keyring call is bounded and ends when the
// caller's context does, so Ctrl+C and SIGTERM are never held up by it.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/upshot-app/upshot/uploader/profile"
)

// service is the keyring entry's service name; the user is the profile name.
const service = "upshot"

// Bounds. A keyring call answers in milliseconds, or after starting the
// keyring daemon in a second or two; one that takes longer is stuck and
// must not hold up the command. An unlock prompt waits for a person to
// type a password, so it alone gets longer (and only where a display can
// show it).
const (
	callWait   = 5 * time.Second
	promptWait = time.Minute
)

// backend is the system keyring: keys by entry name, each call bounded by
// ctx. Get answers profile.ErrNoKey when the entry is not there; Delete of
// a missing entry is no error.
type backend interface {
	Get(ctx context.Context, name string) (string, error)
	Set(ctx context.Context, name, key string) error
	Delete(ctx context.Context, name string) error
}

// options are what Open takes from the process.
type options struct {
	getenv     func(string) string
	callWait   time.Duration
	promptWait time.Duration
}

func defaultOptions() options {
	return options{getenv: os.Getenv, callWait: callWait, promptWait: promptWait}
}

// Open returns the key store: keys found in the key file at fallbackPath
// are read from it; other keys live in the system keyring. usingFile is
// true when no keyring is reachable: new keys then go to the file (mode
// 0600), and the caller tells the user so. Every keyring call of the store
// ends when ctx does (the command line's signal context).
func Open(ctx context.Context, fallbackPath string) (s profile.Secrets, usingFile bool, err error) {
	return openWith(ctx, fallbackPath, defaultOptions())
}

// New is Open for a caller with no context of its own (the GUI).
func New(fallbackPath string) (profile.Secrets, bool, error) {
	return Open(context.Background(), fallbackPath)
}

func openWith(ctx context.Context, fallbackPath string, o options) (profile.Secrets, bool, error) {
	if fallbackPath == "" {
		return nil, false, errors.New("no key file path")
	}
	ring, err := openRing(ctx, o)
	if err != nil {
		return nil, false, err
	}
	return &store{ctx: ctx, file: &fileStore{path: fallbackPath}, ring: ring}, ring == nil, nil
}

// store is profile.Secrets over the key file and the keyring. Where a key
// was stored decides where it is read: a key in the file is read from the
// file without asking the keyring, so a key kept there because a command
// once ran without a keyring is never looked for in one (which may hang,
// or prompt).
type store struct {
	ctx  context.Context
	file *fileStore
	ring backend // nil: no keyring reachable; keys go to the file
}

func (s *store) Get(name string) (string, error) {
	key, err := s.file.Get(name)
	if err == nil || !errors.Is(err, profile.ErrNoKey) || s.ring == nil {
		return key, err
	}
	return s.ring.Get(s.ctx, name)
}

// Set stores the key in the keyring when there is one, and removes a copy
// left in the file (which would otherwise be read instead); without a
// keyring it goes to the file. A keyring that fails is reported, never
// bypassed: the key does not go to a plaintext file behind its back.
func (s *store) Set(name, key string) error {
	if s.ring == nil {
		return s.file.Set(name, key)
	}
	if err := s.ring.Set(s.ctx, name, key); err != nil {
		return err
	}
	return s.file.Delete(name)
}

// Delete removes the key from the file and the keyring; a key that is not
// there is no error.
func (s *store) Delete(name string) error {
	if err := s.file.Delete(name); err != nil {
		return err
	}
	if s.ring == nil {
		return nil
	}
	return s.ring.Delete(s.ctx, name)
}

// Error is a keyring failure; its text says what the keyring did and what
// to do, and callers add which profile it was about.
type Error struct {
	msg string
	err error // the cause: a context error, a D-Bus error; may be nil
}

func (e *Error) Error() string { return e.msg }

// Unwrap gives errors.Is access to context.Canceled and the D-Bus error.
func (e *Error) Unwrap() error { return e.err }

// callError explains a keyring call that failed under ctx (the call's own
// context, bounded by wait).
func callError(ctx context.Context, err error, wait time.Duration) error {
	if cerr := ctx.Err(); cerr != nil {
		err = cerr // a connection closed by the context says less
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{msg: "interrupted while waiting for the keyring", err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{msg: fmt.Sprintf("the keyring did not answer within %v — check that it (GNOME Keyring, KWallet, KeePassXC) is running and unlocked, then try again", wait), err: err}
	}
	return &Error{msg: fmt.Sprintf("the keyring failed (%v) — check that it is running and unlocked, then try again", err), err: err}
}
