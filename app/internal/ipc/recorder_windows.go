package ipc

import "context"

// recorderPipe is the pipe a command-line recording listens on.
func recorderPipe() string { return PipeName() + "-record" }

// ListenRecorder serves the requests for a recording that `upshot record`
// runs without the app (CmdRecordStop from `upshot record stop` in another
// console). It returns ErrRunning when another command line records.
func ListenRecorder(handler func(Request) Response) (*Server, error) {
	return listenPipe(recorderPipe(), handler, readTimeout)
}

// SendRecorder hands req to the command-line recording; ErrNotRunning when
// none runs.
func SendRecorder(ctx context.Context, req Request) (Response, error) {
	return sendPipe(ctx, recorderPipe(), req)
}
