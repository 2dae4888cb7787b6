// Package ipc keeps Upshot to one instance per user and lets a second
// launch (the CLI, a desktop shortcut) hand its work to the running one.
//
// On Linux the running instance listens on a Unix socket at
// $XDG_RUNTIME_DIR/upshot/upshot.sock (else <tmp>/upshot-<uid>/upshot.sock)
// in a directory only the user may enter; the socket is 0600 and both ends
// check the peer's uid. On Windows it is a named pipe whose name carries
// the user's SID and a hash of %APPDATA% (the data the instance owns),
// which only that user may open, and both ends check that the process at
// the other end runs as the same user (pipe_windows.go).
// One request and one response per connection, each a JSON line carrying
// the protocol version.
package ipc

import (
	"errors"
	"time"
)

// Version is the protocol version; both ends must speak the same one.
const Version = 1

// Commands a running instance understands.
const (
	CmdCapture   = "capture"
	CmdUpload    = "upload"
	CmdShow      = "show"
	CmdClipboard = "clipboard"
	// CmdRecord starts a recording (Args: `upshot record`'s words).
	CmdRecord = "record"
	// CmdRecordStop stops the recording that runs, which then uploads.
	CmdRecordStop = "record-stop"
	// CmdRecordWait answers once the recording under way (else the last
	// one) has uploaded, with its link: a handed `upshot record` asks it
	// after CmdRecord.
	CmdRecordWait = "record-wait"
	CmdEdit       = "edit" // open the editor on a file; answers once it uploaded or closed
)

// DefaultTimeout bounds Send when its context has no deadline. Give Send a
// context with a later deadline for requests that wait for uploads.
const DefaultTimeout = time.Minute

// Errors callers branch on.
var (
	// ErrRunning is returned by Listen when another instance holds the socket.
	ErrRunning = errors.New("upshot is already running")
	// ErrNotRunning is returned by Send when no instance listens.
	ErrNotRunning = errors.New("upshot is not running")
)

// Request asks the running instance to do something.
type Request struct {
	Command string   `json:"command"`
	Args    []string `json:"args,omitempty"`
	Cwd     string   `json:"cwd,omitempty"` // the sender's working directory, for relative paths
}

// Response is the running instance's answer.
type Response struct {
	OK    bool     `json:"ok"`
	Lines []string `json:"lines,omitempty"` // for the sender to print
	Error string   `json:"error,omitempty"`
	Exit  int      `json:"exit"` // the sender's exit status
}

// wireRequest and wireResponse are the JSON lines: the message plus "v".
type wireRequest struct {
	V int `json:"v"`
	Request
}

type wireResponse struct {
	V int `json:"v"`
	Response
}

// maxLine bounds a request or response line.
const maxLine = 1 << 20
