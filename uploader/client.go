package uploader

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
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
	cfg      ClientConfig
	endpoint string
	rc       *resty.Client
}

// NewClient checks and completes cfg. Redirects are never followed (a POST
// that follows a 301 arrives as a bodiless GET), no cookie jar is kept, and
// TLS certificates are always verified.
func NewClient(cfg ClientConfig) (*Client, error) {
	ep, err := NormalizeEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
	tr := cfg.Transport
	if tr == nil {
		tr = newTransport(cfg.ConnectTimeout)
	}
	rc := resty.NewWithClient(&http.Client{Transport: tr}).
		SetCookieJar(nil).
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		})).
		SetDoNotParseResponse(true).
		SetDisableWarn(true).
		SetLogger(quietLogger{}).
		SetHeader("User-Agent", cfg.UserAgent).
		SetHeader("Accept", "application/json").
		SetPreRequestHook(func(_ *resty.Client, req *http.Request) error {
			if b, ok := req.Context().Value(bodyKey{}).(*streamBody); ok {
				attach(req, b)
			}
			return nil
		})
	return &Client{cfg: cfg, endpoint: ep, rc: rc}, nil
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

// newTransport is a keep-alive transport sized for parallel uploads to one
// host, with the connect timeout on dialing and the TLS handshake.
func newTransport(connect time.Duration) *http.Transport {
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

// CloseIdleConnections closes the kept-alive connections (e.g. when the
// profile that used this client is changed or removed).
func (c *Client) CloseIdleConnections() {
	c.rc.GetClient().CloseIdleConnections()
}

// MaxAttempts is 1 + the configured retries.
func (c *Client) MaxAttempts() int { return 1 + c.cfg.Retries }

// Upload sends one prepared file with opts (checked again here: a junk
// expiration would silently become 5 minutes on the host) and returns what
// the host stored. sent follows the body bytes handed to the network and
// restarts from 0 on each retry. It implements Uploader.
func (c *Client) Upload(ctx context.Context, f *File, opts Options, sent *atomic.Int64) (*Result, error) {
	if f == nil || f.Path == "" {
		return nil, invalidf(KindInvalid, "nothing to upload: no file was given")
	}
	checked, _, err := opts.Check(f)
	if err != nil {
		return nil, err
	}
	if sent == nil {
		sent = new(atomic.Int64)
	}
	if f.Mime == "" {
		f2 := *f
		f2.Mime = "application/octet-stream"
		f = &f2
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

// bodyKey carries an attempt's streamBody to the pre-request hook.
type bodyKey struct{}

// retryKey carries a per-call retry callback (see WithRetryNotify).
type retryKey struct{}

// WithRetryNotify returns a context whose uploads call fn before each
// retry, like ClientConfig.OnRetry but for one call (one queue item).
func WithRetryNotify(ctx context.Context, fn func(attempt int, err error)) context.Context {
	return context.WithValue(ctx, retryKey{}, fn)
}

// do sends the Chevereto form fm, retrying as retryLoop says.
func (c *Client) do(ctx context.Context, fm *form, sent *atomic.Int64) (*Result, error) {
	return c.retryLoop(ctx, sent, func() (*Result, *APIError) { return c.attempt(ctx, fm, sent) })
}

// retryLoop runs attempts until one succeeds, a failure is final, the
// retries run out or ctx ends; sent restarts from 0 on each attempt. The
// Chevereto client and Sender both retry through it.
func (c *Client) retryLoop(ctx context.Context, sent *atomic.Int64, attempt func() (*Result, *APIError)) (*Result, error) {
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return nil, canceled(ctx, n-1)
		}
		sent.Store(0)
		res, ae := attempt()
		if ae == nil {
			return res, nil
		}
		ae.Attempts = n
		wait, ok := c.retryWait(ae, n)
		if !ok {
			return nil, ae
		}
		c.notify(ctx, n, ae)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, canceled(ctx, n)
		case <-t.C:
		}
	}
}

// retryWait decides whether a failed attempt is retried and after how long:
// network failures, HTTP 5xx and HTTP 429 only, never a handled error.
func (c *Client) retryWait(ae *APIError, attempt int) (time.Duration, bool) {
	if attempt > c.cfg.Retries || !retryable(ae) {
		return 0, false
	}
	d := c.cfg.Backoff << (attempt - 1)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	d = d/2 + rand.N(d) // jitter: parallel uploads do not retry in step
	if ae.HTTPStatus == http.StatusTooManyRequests && ae.RetryAfter > 0 {
		if ae.RetryAfter > maxInlineWait {
			return 0, false // long pause: the queue pauses the host instead
		}
		d = max(d, ae.RetryAfter)
	}
	return d, true
}

// retryable: only failures that may pass on their own.
func retryable(ae *APIError) bool {
	switch {
	case ae.HTTPStatus == http.StatusTooManyRequests:
		return true
	case ae.Kind == KindNetwork:
		return !ae.final
	case ae.Kind == KindServer:
		return ae.HTTPStatus >= 500
	}
	return false
}

// notify tells the config's and the call's callbacks about a retry.
func (c *Client) notify(ctx context.Context, attempt int, err error) {
	if c.cfg.OnRetry != nil {
		c.cfg.OnRetry(attempt, err)
	}
	if fn, ok := ctx.Value(retryKey{}).(func(int, error)); ok && fn != nil {
		fn(attempt, err)
	}
}

// canceled is the error of a call stopped by its context.
func canceled(ctx context.Context, attempts int) *APIError {
	msg := "canceled"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = "timed out"
	}
	return &APIError{Kind: KindCanceled, Message: msg, Attempts: attempts, Err: ctx.Err(), hint: hintNone}
}

// errStalled is the cancel cause of an attempt whose bytes stopped moving.
var errStalled = errors.New("stalled")

// attempt makes one request and reads the answer.
func (c *Client) attempt(ctx context.Context, fm *form, sent *atomic.Int64) (*Result, *APIError) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newStallWatch(c.cfg.StallTimeout, func() { cancel(errStalled) })
	defer watch.stop()
	body, err := fm.openBody(sent, watch)
	if err != nil {
		return nil, fileFailure(err)
	}
	rctx := httptrace.WithClientTrace(context.WithValue(actx, bodyKey{}, body), watch.trace())
	req := c.rc.R().SetContext(rctx).SetHeader("Content-Type", fm.contentType())
	if c.cfg.Key != "" {
		req.SetHeader("X-API-Key", c.cfg.Key)
	}
	resp, err := req.Post(c.endpoint)
	var raw *http.Response
	if resp != nil {
		raw = resp.RawResponse
	}
	if raw != nil {
		defer raw.Body.Close()
	}
	if ferr := body.finish(); ferr != nil && ctx.Err() == nil {
		return nil, fileFailure(ferr)
	}
	if err != nil || raw == nil {
		return nil, c.netFailure(ctx, actx, err)
	}
	if raw.StatusCode >= 300 && raw.StatusCode < 400 {
		return nil, c.redact(c.redirected(raw))
	}
	data, err := io.ReadAll(io.LimitReader(watch.reader(raw.Body), maxResponse))
	if err != nil {
		return nil, c.netFailure(ctx, actx, err)
	}
	res, ae := parseResponse(raw.StatusCode, raw.Header, data, c.cfg.Key != "")
	return res, c.redact(ae)
}

// redact removes the key from whatever the host echoed into an error (a
// debug page, a message, a Location): the key never reaches a message.
func (c *Client) redact(ae *APIError) *APIError {
	if ae == nil || c.cfg.Key == "" {
		return ae
	}
	r := strings.NewReplacer(c.cfg.Key, "[API key]", url.QueryEscape(c.cfg.Key), "[API key]")
	ae.Message, ae.Snippet, ae.Location = r.Replace(ae.Message), r.Replace(ae.Snippet), r.Replace(ae.Location)
	return ae
}

// netFailure explains why an attempt got no answer: the caller canceled,
// the bytes stalled, or the network failed.
func (c *Client) netFailure(parent, actx context.Context, err error) *APIError {
	switch {
	case parent.Err() != nil:
		return canceled(parent, 0)
	case errors.Is(context.Cause(actx), errStalled):
		return &APIError{Kind: KindNetwork, Message: "stalled: no data moved for " + c.cfg.StallTimeout.String(),
			Err: errStalled, hint: "the connection or the host is stuck; try again later"}
	case err == nil:
		err = errors.New("no answer")
	}
	return networkError(err)
}

// redirected reports a 3xx without following it.
func (c *Client) redirected(raw *http.Response) *APIError {
	loc := raw.Header.Get("Location")
	if base, err := url.Parse(c.endpoint); err == nil {
		if u, err := base.Parse(loc); err == nil {
			loc = u.String()
		}
	}
	loc = clip(loc, 200)
	return &APIError{Kind: KindRedirected, HTTPStatus: raw.StatusCode, Location: loc,
		Message: "the host redirected the upload to " + loc, hint: "check the host URL (http→https?)"}
}
