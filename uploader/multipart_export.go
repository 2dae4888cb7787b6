package uploader

// This file lets uploaders other than the Chevereto client — the ShareX
// custom uploaders of package sxcu — send a file with the same transport
// rules as Client: the multipart body streamed from disk through a pipe
// and counted as it goes out, the stall timeout, redirects never followed,
// no cookie jar, TLS always verified, the same retries and the same
// explanation of network failures. Only what differs per host (URL,
// headers, field names, how to read the answer) is the caller's.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// MultipartRequest is one upload to an arbitrary HTTP endpoint: the text
// fields, then the file part, as multipart/form-data.
type MultipartRequest struct {
	Method    string      // "" = POST
	URL       string      // the full request URL, query included
	Header    http.Header // extra headers; Content-Type and Content-Length are set by Send
	Fields    []FormField // sent in this order, before the file
	FileField string      // name of the file part
	File      *File
	// Secrets are values (keys, tokens) scrubbed from every error, since a
	// host may echo them in an error page or a redirect.
	Secrets []string
}

// HTTPResponse is a non-redirect answer to a MultipartRequest.
type HTTPResponse struct {
	Status int
	Header http.Header
	Body   []byte // at most 1 MiB
	URL    string // the request URL (redirects are never followed)
}

// Sender sends MultipartRequests. It is safe for concurrent use.
type Sender struct {
	cfg ClientConfig
	hc  *http.Client
}

// NewSender completes cfg with the defaults of ClientConfig; its Endpoint
// and Key are not used (each request brings its own URL and headers).
func NewSender(cfg ClientConfig) *Sender {
	cfg = withDefaults(cfg)
	tr := cfg.Transport
	if tr == nil {
		tr = newTransport(cfg.ConnectTimeout)
	}
	hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // a POST that follows a 301 arrives as a bodiless GET
	}}
	return &Sender{cfg: cfg, hc: hc}
}

// Send uploads req.File and lets parse read each answer that is not a
// redirect. A failed attempt is retried like Client retries (network
// failures, HTTP 5xx and 429, by the HTTPStatus of parse's error), with
// the body rebuilt from the file and sent reset to 0.
func (s *Sender) Send(ctx context.Context, req *MultipartRequest, sent *atomic.Int64,
	parse func(*HTTPResponse) (*Result, *APIError)) (*Result, error) {
	if req.File == nil || req.File.Path == "" {
		return nil, invalidf(KindInvalid, "nothing to upload: no file was given")
	}
	if sent == nil {
		sent = new(atomic.Int64)
	}
	f := *req.File
	if f.Mime == "" {
		f.Mime = "application/octet-stream"
	}
	fm := &form{fields: req.Fields, field: req.FileField, file: &f, boundary: newBoundary()}
	// A Client value carries the shared rules (retry policy, redirect and
	// network-failure messages); its endpoint is this request's URL.
	c := &Client{cfg: s.cfg, endpoint: req.URL}
	return c.retryLoop(ctx, sent, func() (*Result, *APIError) {
		res, ae := s.attempt(ctx, c, req, fm, sent, parse)
		return res, redactAll(ae, req.Secrets)
	})
}

// attempt makes one request and hands a non-redirect answer to parse.
func (s *Sender) attempt(ctx context.Context, c *Client, req *MultipartRequest, fm *form,
	sent *atomic.Int64, parse func(*HTTPResponse) (*Result, *APIError)) (*Result, *APIError) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newStallWatch(s.cfg.StallTimeout, func() { cancel(errStalled) })
	defer watch.stop()
	method := req.Method
	if method == "" {
		method = http.MethodPost
	}
	hr, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, watch.trace()), method, req.URL, nil)
	if err != nil {
		return nil, invalidf(KindEndpoint, "the upload URL is not valid: %v — check the custom uploader's RequestURL", plainNetError(err))
	}
	body, err := fm.openBody(sent, watch)
	if err != nil {
		return nil, fileFailure(err)
	}
	hr.Header = s.header(req, fm)
	attach(hr, body)
	resp, err := s.hc.Do(hr)
	if resp != nil {
		defer resp.Body.Close()
	}
	if ferr := body.finish(); ferr != nil && ctx.Err() == nil {
		return nil, fileFailure(ferr)
	}
	if err != nil {
		return nil, c.netFailure(ctx, actx, err)
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, c.redirected(resp)
	}
	data, err := io.ReadAll(io.LimitReader(watch.reader(resp.Body), maxResponse))
	if err != nil {
		return nil, c.netFailure(ctx, actx, err)
	}
	return parse(&HTTPResponse{Status: resp.StatusCode, Header: resp.Header, Body: data, URL: req.URL})
}

// header is the request's headers with the body's type and, unless the
// request has its own, Upshot's user agent.
func (s *Sender) header(req *MultipartRequest, fm *form) http.Header {
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", s.cfg.UserAgent)
	}
	h.Set("Content-Type", fm.contentType())
	return h
}

// redactAll replaces every secret (and its URL-escaped form) in the
// texts of ae that may quote the host.
func redactAll(ae *APIError, secrets []string) *APIError {
	if ae == nil {
		return nil
	}
	var pairs []string
	for _, s := range secrets {
		if s != "" {
			pairs = append(pairs, s, "[secret]", url.QueryEscape(s), "[secret]", url.PathEscape(s), "[secret]")
		}
	}
	if len(pairs) == 0 {
		return ae
	}
	r := strings.NewReplacer(pairs...)
	ae.Message, ae.Snippet, ae.Location = r.Replace(ae.Message), r.Replace(ae.Snippet), r.Replace(ae.Location)
	return ae
}

// Snippet is a short plain-text excerpt of an answer for an error message
// (tags stripped, whitespace folded, at most 200 characters).
func Snippet(body []byte) string { return snippet(body) }

// RetryAfter reads a Retry-After header (seconds or an HTTP date); 0 if
// there is none.
func RetryAfter(h http.Header) time.Duration { return retryAfter(h) }
