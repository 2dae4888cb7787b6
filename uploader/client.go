package uploader

import (
	"context"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// ClientConfig configures a Client. Zero values take the defaults.
type ClientConfig struct {
	Endpoint       string            // normalised or not; NewClient normalises
	Key            string            // sent as X-API-Key header AND `key` field ("" = guest upload)
	ConnectTimeout time.Duration     // default 10s
	StallTimeout   time.Duration     // default 30s: fail when no byte moves (upload or response) for this long
	Retries        int               // default 3 (total attempts = 1+Retries); negative = no retries
	Backoff        time.Duration     // base backoff, default 500ms, doubled each retry, jittered
	UserAgent      string            // default "Upshot/<version>"
	Transport      http.RoundTripper // optional (tests); default a cloned http.DefaultTransport with keep-alive

	// OnRetry, when set, is called before each retry with the number of the
	// attempt that failed (1-based) and its error, e.g. to show
	// "retry 1/3 after: host answered HTTP 500". See also WithRetryNotify.
	OnRetry func(attempt int, err error)

	// KeySource names Key in the advice about a refused key, e.g. "the API
	// key given with --key"; "" means a profile's stored key ("the API key
	// of this profile").
	KeySource string
}

// Defaults of ClientConfig.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultStallTimeout   = 30 * time.Second
	DefaultRetries        = 3
	DefaultBackoff        = 500 * time.Millisecond
)

// maxBackoff caps one wait between attempts; maxInlineWait is the longest
// Retry-After the client waits itself (longer: the queue pauses the host).
const (
	maxBackoff    = 30 * time.Second
	maxInlineWait = 30 * time.Second
)

// Client uploads files to one Chevereto endpoint. It is safe for concurrent
// use; connections are kept alive and reused between uploads.
type Client struct {
	*wire
	endpoint string
}

// NewClient checks and completes cfg. Redirects are never followed (a POST
// that follows a 301 arrives as a bodiless GET), no cookie jar is kept, and
// TLS certificates are always verified.
func NewClient(cfg ClientConfig) (*Client, error) {
	ep, err := NormalizeEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	return &Client{wire: newWire(cfg), endpoint: ep}, nil
}

// withDefaults fills the zero fields of cfg.
func withDefaults(cfg ClientConfig) ClientConfig {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.StallTimeout <= 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Upshot/" + buildVersion()
	}
	return cfg
}

// buildVersion is the main module's version, "dev" for local builds.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

// newHTTPTransport is a keep-alive transport sized for parallel uploads to one
// host, with the connect timeout on dialing and the TLS handshake.
func newHTTPTransport(connect time.Duration) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	t.DialContext = d.DialContext
	t.TLSHandshakeTimeout = connect
	t.MaxIdleConns = 64
	t.MaxIdleConnsPerHost = 16
	return t
}

// quietLogger keeps resty silent: nothing about a request is ever logged.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

// Endpoint is the normalised upload URL.
func (c *Client) Endpoint() string { return c.endpoint }

// MaxAttempts is 1 + the configured retries.
func (c *Client) MaxAttempts() int { return 1 + c.cfg.Retries }

// Upload sends one prepared file with opts (checked again here: a junk
// expiration would silently become 5 minutes on the host) and returns what
// the host stored. sent follows the body bytes handed to the network and
// restarts from 0 on each retry. It implements Uploader.
func (c *Client) Upload(ctx context.Context, f *File, opts Options, sent *atomic.Int64) (*Result, error) {
	f, err := sendable(f)
	if err != nil {
		return nil, err
	}
	checked, _, err := opts.Check(f)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, newForm(c.fields(checked), f), sent)
}

// fields are the text fields of an upload; empty ones are omitted (the
// host drops falsy values anyway) and format is always json.
func (c *Client) fields(o Options) []FormField {
	var ff []FormField
	add := func(name, value string) {
		if value != "" && value != "0" {
			ff = append(ff, FormField{name, value})
		}
	}
	add("key", c.cfg.Key)
	add("format", "json")
	add("title", o.Title)
	add("description", o.Description)
	add("tags", strings.Join(o.Tags, ","))
	add("album_id", o.AlbumID)
	add("category_id", strconv.Itoa(o.CategoryID))
	add("width", strconv.Itoa(o.Width))
	add("expiration", o.Expiration)
	if o.NSFW {
		add("nsfw", "1")
	}
	if o.UseFileDate {
		add("use_file_date", "1")
	}
	return ff
}

// retryKey carries a per-call retry callback (see WithRetryNotify).
type retryKey struct{}

// WithRetryNotify returns a context whose uploads call fn before each
// retry, like ClientConfig.OnRetry but for one call (one queue item).
func WithRetryNotify(ctx context.Context, fn func(attempt int, err error)) context.Context {
	return context.WithValue(ctx, retryKey{}, fn)
}

// do sends the Chevereto form fm to the endpoint. The key goes in the
// X-API-Key header as well as the form, and never into an error.
func (c *Client) do(ctx context.Context, fm *form, sent *atomic.Int64) (*Result, error) {
	key := c.cfg.Key
	req := &MultipartRequest{URL: c.endpoint, Header: http.Header{"Accept": {"application/json"}}, Secrets: []string{key}}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	return c.send(ctx, req, fm, sent, "[API key]", func(r *HTTPResponse) (*Result, *APIError) {
		res, ae := parseResponse(r.Status, r.Header, r.Body, key != "")
		ae.nameKey(c.cfg.KeySource)
		return res, ae
	})
}
