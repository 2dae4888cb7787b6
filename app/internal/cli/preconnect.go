package cli

import (
	"context"
	"io"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
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

// openUploadTargets parses the upload flags of a capture or a recording
// and opens the targets they choose, as `upshot upload` with them would.
func openUploadTargets(env Env, upload []string) (uploadFlags, *service.Targets, error) {
	env.Stderr = io.Discard
	var f uploadFlags
	fs := newFlags("upload", env)
	f.hostFlags.register(fs)
	f.register(fs)
	if _, err := parse(fs, upload); err != nil {
		return f, nil, err
	}
	if err := f.check(); err != nil {
		return f, nil, err
	}
	t, err := service.OpenTargets(env.paths(f.config), f.spec(), env.deps(), nil)
	return f, t, err
}

// preconnect starts the connection to the host that `upshot upload` with
// the flags upload would use, so that a capture's upload finds it ready;
// env must be the one the upload runs with (same Transport). It finds the
// host only: the upload itself reports what is wrong with the flags or
// the configuration.
func preconnect(ctx context.Context, env Env, upload []string) {
	_, t, err := openUploadTargets(env, upload)
	if err != nil {
		return
	}
	_ = t.PreconnectUpload(ctx, "", false) // the process ends after this upload
}

// recordTarget is what a recording needs to know of where it will upload.
type recordTarget struct {
	limit    int64 // the host's size limit (--max-size, else the profile's); 0: none
	settings profile.Settings
	config   string // --config
}

// uploadTarget checks the upload flags before recording — a mistake in
// them must not cost the user a clip — and finds the size limit the
// recording is to fit.
func uploadTarget(env Env, upload []string) (recordTarget, error) {
	f, t, err := openUploadTargets(env, upload)
	if err != nil {
		return recordTarget{}, err
	}
	rt := recordTarget{settings: t.Config().Settings, config: f.config}
	if f.maxSize != "" {
		rt.limit, _ = uploader.ParseSize(f.maxSize) // checked
		return rt, nil
	}
	tg, err := t.Resolve("")
	if err != nil {
		return recordTarget{}, usagef("%v", err)
	}
	rt.limit = tg.MaxSize
	return rt, nil
}
