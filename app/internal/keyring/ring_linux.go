package keyring

import (
	"context"
	"errors"

	"github.com/upshot-app/upshot/app/internal/sessionbus"
)

// openRing returns the Secret Service on the session bus, or nil when
// there is none to ask: no bus address (SSH, cron), no bus behind it, or
// no Secret Service on it. Only a cancelled ctx is an error.
func openRing(ctx context.Context, o options) (backend, error) {
	addr := sessionbus.Address(o.getenv)
	if addr == "" {
		return nil, nil
	}
	s := &secretService{
		addr:        addr,
		interactive: o.getenv("DISPLAY") != "" || o.getenv("WAYLAND_DISPLAY") != "",
		wait:        o.callWait,
		promptWait:  o.promptWait,
	}
	ok, err := s.present(ctx)
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return nil, callError(ctx, context.Canceled, o.callWait)
	}
	if !ok {
		return nil, nil
	}
	return s, nil
}
