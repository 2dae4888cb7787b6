// Package chevtest is a fake Chevereto host for tests, in the spirit of
// net/http/httptest: New starts a server on 127.0.0.1 that answers
// POST <site>/api/1/upload the way a real Chevereto 4.2.0 (or, with
// Options.V3, a V3/Free 1.x) server does, stores what it receives, and
// records every request so tests can assert what a client sent. Faults
// (HTML 500 pages, dropped connections, delays, stalled bodies) are injected
// with a seeded RNG so runs are reproducible.
//
// The host itself is uploader/localhost, which the product runs as its
// built-in host; this package adds what only tests want (a panic instead of
// an error, Cleanup through testing.TB) and must be imported by tests only:
// .ci/imports.sh checks that the app does not link it.
package chevtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/upshot-app/upshot/uploader/localhost"
)

// The host's types, under the names the tests know.
type (
	// Server is a running fake host.
	Server = localhost.Server
	// Options configure it; the zero value is a V4 host on which every key
	// is invalid.
	Options = localhost.Options
	// Faults inject failures into API requests.
	Faults = localhost.Faults
	// Request is one request the server received.
	Request = localhost.Request
	// Upload is one file the server accepted.
	Upload = localhost.Upload
)

// New starts a fake host on 127.0.0.1 with a random port. It panics when it
// cannot listen or create its directory, like httptest.NewServer.
func New(opts Options) *Server {
	s, err := localhost.Start("127.0.0.1:0", opts)
	if err != nil {
		panic(fmt.Sprintf("chevtest: %v", err))
	}
	return s
}

// NewTB is New with tb.Cleanup(Close).
func NewTB(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := New(opts)
	tb.Cleanup(s.Close)
	return s
}

// Handler returns the server state and its http.Handler without listening;
// see localhost.Handler.
func Handler(opts Options) (*Server, http.Handler) { return localhost.Handler(opts) }
