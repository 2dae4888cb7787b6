// Package localhost is a Chevereto-compatible host that runs on this
// computer: the built-in host of the first run (uploads stay on the
// machine until the user adds a real one) and `upshot testhost`. It answers
// POST <site>/api/1/upload the way a real Chevereto 4.2.0 (or, with
// Options.V3, a V3/Free 1.x) server does, stores what it receives on disk,
// serves it back, and records every request it saw. Faults (HTML 500 pages,
// dropped connections, delays, stalled bodies) can be injected with a
// seeded RNG, so that `upshot testhost --fail-rate …` shows how the app
// copes with a bad host; the runs are reproducible.
//
// Tests use it through uploader/chevtest, which adds the httptest-style
// helpers; the product imports only this package.
//
// The behaviour follows /work/shared/chevereto-api.md; where it is silent the
// host picks the simplest faithful answer.
package localhost

import (
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Options configure the host. The zero value is a normal V4 host on
// which every key is invalid; set Key to accept one.
type Options struct {
	Key             string   // the valid API key ("" = every key is invalid except when Guest is true)
	Guest           bool     // accept uploads with no key at all (guest uploads on)
	Dir             string   // where received files are stored ("" = a temp dir removed on Close)
	MaxSize         int64    // bytes; over it → 400 "File too big - max N MB" (1000-based units); 0 = no limit
	PostMaxSize     int64    // bytes; a larger body arrives empty, as with PHP's post_max_size; 0 = none
	Moderation      bool     // success responses omit url, display_url, thumb.url, medium.url
	Denied          bool     // every accepted key (and guests) gets 401-code "Request denied" (HTTP 400)
	FloodLimit      int      // > 0: at most N uploads per sliding minute, then "Flooding detected…" (code 130)
	DisabledFormats []string // e.g. {"gif"} → 614 "Disabled image format (gif)"
	V3              bool     // key only from the `key` field, numbers as strings, error.context, "image uploaded"
	Duplicates      bool     // refuse the same md5 from the same client within a day: "Duplicated upload" (101)
	Faults          Faults
	Now             func() time.Time // clock for dates, expiration and flood counting (nil = time.Now)
}

// Faults inject failures into API requests, decided per request with a
// seeded RNG so that a test sees the same sequence on every run.
type Faults struct {
	HTML500 float64       // fraction answered HTTP 500 with an HTML error page
	Drop    float64       // fraction whose connection is closed (reset) without an answer
	Delay   time.Duration // wait before answering each API request
	Stall   time.Duration // after the request headers, stop reading the body for this long
	Seed    int64
}

// Request is one request the server received, as the server saw it.
type Request struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Fields                 map[string]string // multipart/urlencoded/query text fields (key included)
	FileField              string            // "source" or "image" or ""
	FileName, FileType     string            // the file part's filename and Content-Type
	FileSize               int64             // bytes of the file part received
	Status                 int               // HTTP status answered; 0 when the connection was dropped
}

// Upload is one file the server accepted.
type Upload struct {
	ID, Name, Mime string // Name is the stored file name with extension, e.g. "small.png"
	Size           int64
	Width, Height  int
	MD5            string
	Path           string // where stored on disk
	Fields         map[string]string
	Deleted        bool
}

// Server is a running local Chevereto host. Its methods are safe for
// concurrent use.
type Server struct {
	mu       sync.Mutex
	opts     Options
	rng      *rand.Rand
	seed     int64
	base     string
	dir      string
	ownDir   bool
	reqs     []Request
	uploads  []*stored
	byID     map[string]*stored
	files    map[string]fileRef // URL path → stored file
	nextID   int64
	flood    []time.Time
	fails    int
	dupes    map[string]time.Time // client+md5 → upload time
	ln       net.Listener
	srv      *http.Server
	wg       sync.WaitGroup
	done     chan struct{}
	closeOne sync.Once
	closed   bool
}

// Start serves a host on addr ("127.0.0.1:0" for any free loopback port)
// until Close. Its URLs use the address it listens on.
func Start(addr string, opts Options) (*Server, error) {
	s, h, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.removeDir()
		return nil, fmt.Errorf("local host: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.SetBaseURL("http://" + ln.Addr().String())
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Handler returns the server state and its http.Handler without listening,
// for callers that serve it themselves. They must call SetBaseURL with the
// address they serve on before the first upload. It panics when it cannot
// create its temporary directory (Options.Dir unset), like httptest.
func Handler(opts Options) (*Server, http.Handler) {
	s, h, err := newServer(opts)
	if err != nil {
		panic(err.Error())
	}
	return s, h
}

func newServer(opts Options) (*Server, http.Handler, error) {
	s := &Server{
		opts:   opts,
		seed:   opts.Faults.Seed,
		rng:    rand.New(rand.NewSource(opts.Faults.Seed)),
		byID:   map[string]*stored{},
		files:  map[string]fileRef{},
		dupes:  map[string]time.Time{},
		nextID: 1000,
		done:   make(chan struct{}),
		dir:    opts.Dir,
	}
	if s.dir == "" {
		d, err := os.MkdirTemp("", "upshot-localhost-")
		if err != nil {
			return nil, nil, fmt.Errorf("local host: temp dir: %w", err)
		}
		s.dir, s.ownDir = d, true
	}
	return s, http.HandlerFunc(s.serveHTTP), nil
}

// removeDir deletes the temporary directory the server made, if any.
func (s *Server) removeDir() {
	if s.ownDir {
		_ = os.RemoveAll(s.dir)
	}
}

// SetBaseURL sets the site base used to build every URL in responses.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = strings.TrimRight(u, "/")
}

// URL is the site base, e.g. "http://127.0.0.1:43121" (no trailing slash).
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// Endpoint is the upload endpoint, URL() + "/api/1/upload".
func (s *Server) Endpoint() string { return s.URL() + "/api/1/upload" }

// Close stops the server, ends stalled or delayed handlers at once, waits
// for running handlers and removes the temporary directory if it made one.
func (s *Server) Close() {
	s.closeOne.Do(func() {
		s.mu.Lock()
		s.closed = true // no handler may start once Wait may run
		s.mu.Unlock()
		close(s.done)
		if s.srv != nil {
			_ = s.srv.Close()
		}
		s.wg.Wait()
		s.removeDir()
	})
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Uploads returns the accepted uploads, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Upload, len(s.uploads))
	for i, u := range s.uploads {
		out[i] = u.Upload
	}
	return out
}

// Stats counts accepted uploads and failed API requests (error answers,
// injected 500s and dropped connections; redirects are not counted).
func (s *Server) Stats() (uploads, failures int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.uploads), s.fails
}

// SetOptions changes the behaviour for the following requests. Changing
// Faults.Seed restarts the fault sequence.
func (s *Server) SetOptions(f func(*Options)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.opts)
	if s.opts.Faults.Seed != s.seed {
		s.seed = s.opts.Faults.Seed
		s.rng = rand.New(rand.NewSource(s.seed))
	}
}

// snapshot returns the options for one request, so that SetOptions in the
// middle of a request does not mix behaviours.
func (s *Server) snapshot() Options {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.opts
	o.DisabledFormats = append([]string(nil), o.DisabledFormats...)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r)
}
