//go:build !linux

package keyring

import (
	"context"
	"errors"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/upshot-app/upshot/uploader/profile"
)

// probeName is looked up (never stored) to find out whether a keyring answers.
const probeName = "upshot-keyring-probe"

// goKeyring is the system keyring through go-keyring (Credential Manager
// on Windows, Keychain on macOS), which starts no bus there.
type goKeyring struct{ wait time.Duration }

// openRing returns the system keyring when one answers the probe. One that
// does not answer in time is taken to wait for its user (a locked
// Keychain), so it counts as there.
func openRing(ctx context.Context, o options) (backend, error) {
	r := goKeyring{wait: o.callWait}
	_, err := r.Get(ctx, probeName)
	switch {
	case err == nil || errors.Is(err, profile.ErrNoKey) || errors.Is(err, context.DeadlineExceeded):
		return r, nil
	case errors.Is(err, context.Canceled):
		return nil, err
	}
	return nil, nil
}

func (r goKeyring) Get(ctx context.Context, name string) (string, error) {
	var key string
	err := r.call(ctx, func() error {
		var err error
		key, err = gokeyring.Get(service, name)
		return err
	})
	if errors.Is(err, gokeyring.ErrNotFound) {
		return "", profile.ErrNoKey
	}
	return key, err
}

func (r goKeyring) Set(ctx context.Context, name, key string) error {
	return r.call(ctx, func() error { return gokeyring.Set(service, name, key) })
}

func (r goKeyring) Delete(ctx context.Context, name string) error {
	err := r.call(ctx, func() error { return gokeyring.Delete(service, name) })
	if errors.Is(err, gokeyring.ErrNotFound) {
		return nil
	}
	return err
}

// call runs fn, giving up after r.wait or when ctx ends. go-keyring takes
// no context, so a call that never returns leaves its goroutine behind;
// the caller goes on (or the process exits) regardless.
func (r goKeyring) call(ctx context.Context, fn func() error) error {
	ctx, cancel := context.WithTimeout(ctx, r.wait)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, gokeyring.ErrNotFound) {
			return &Error{msg: "the keyring failed (" + err.Error() + ") — check it, then try again", err: err}
		}
		return err
	case <-ctx.Done():
		return callError(ctx, ctx.Err(), r.wait)
	}
}
