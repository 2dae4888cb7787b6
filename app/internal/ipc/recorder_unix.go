//go:build unix

package ipc

import (
	"context"
	"os"
	"path/filepath"
)

// RecorderSocketPath is where a command-line recording listens.
func RecorderSocketPath() string { return filepath.Join(Dir(), "record.sock") }

// ListenRecorder serves the requests for a recording that `upshot record`
// runs without the app (CmdRecordStop from `upshot record stop` in another
// terminal). It returns ErrRunning when another command line records.
func ListenRecorder(handler func(Request) Response) (*Server, error) {
	return listenNamed(Dir(), "record", handler, peerPolicy{uid: os.Getuid(), readTimeout: readTimeout})
}

// SendRecorder hands req to the command-line recording; ErrNotRunning when
// none runs.
func SendRecorder(ctx context.Context, req Request) (Response, error) {
	return send(ctx, RecorderSocketPath(), req, os.Getuid())
}
