package cli

import (
	"context"
	"io"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
)

// sessionEnv gives env a transport when it has none, so that what the
// command does before its upload (a capture's pre-connect) and the upload
// share connections.
func sessionEnv(env Env) Env {
	if env.Transport == nil {
		env.Transport = uploader.NewTransport(uploader.TransportConfig{})
	}
	return env
}

// preconnect starts the connection to the host that `upshot upload` with
// the flags upload would use, so that a capture's upload finds it ready;
// env must be the one the upload runs with (same Transport). It finds the
// host only: the upload itself reports what is wrong with the flags or
// the configuration.
func preconnect(ctx context.Context, env Env, upload []string) {
	env.Stderr = io.Discard
	var f uploadFlags
	fs := newFlags("upload", env)
	f.hostFlags.register(fs)
	f.register(fs)
	if _, err := parse(fs, upload); err != nil {
		return
	}
	t, err := service.OpenTargets(env.paths(f.config), f.spec(), env.deps(), nil)
	if err != nil {
		return
	}
	_ = t.Preconnect(ctx, "")
}
