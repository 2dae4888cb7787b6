package main

import (
	"io"
	"os"

	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/record"
)

// recorder is the screen recorder of the session the app decided on.
func recorder(session platform.Session) *record.Recorder {
	kind := record.SessionNone
	switch session.Kind {
	case platform.X11:
		kind = record.SessionX11
	case platform.Wayland:
		kind = record.SessionWayland
	}
	return record.New(kind, os.Getenv)
}

// listenRecorder is cli.Env.ListenRecorder: ipc.ListenRecorder as a
// closer.
func listenRecorder(handler func(ipc.Request) ipc.Response) (io.Closer, error) {
	srv, err := ipc.ListenRecorder(handler)
	if err != nil {
		return nil, err
	}
	return srv, nil
}
