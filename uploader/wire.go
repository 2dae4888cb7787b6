package uploader

import (
	"cmp"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// wire is what Client and Sender share: the completed config and the
// resty client that sends every upload. Redirects are never followed (a
// POST that follows a 301 arrives as a bodiless GET), no cookie jar is
// kept, TLS certificates are always verified, and the multipart body is
// streamed from disk through a pipe.
type wire struct {
	cfg ClientConfig
	rc  *resty.Client
}

// newWire completes cfg with the defaults and builds the resty client.
func newWire(cfg ClientConfig) *wire {
	cfg = withDefaults(cfg)
	tr := cfg.Transport
	if tr == nil {
		tr = newHTTPTransport(cfg.ConnectTimeout)
	}
	rc := resty.NewWithClient(&http.Client{Transport: tr}).
		SetCookieJar(nil).
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		})).
		SetDoNotParseResponse(true).
		SetDisableWarn(true).
		SetLogger(quietLogger{}).
		SetPreRequestHook(func(_ *resty.Client, req *http.Request) error {
			if b, ok := req.Context().Value(bodyKey{}).(*streamBody); ok {
				attach(req, b)
			}
			return nil
		})
	return &wire{cfg: cfg, rc: rc}
}

// bodyKey carries an attempt's streamBody to the pre-request hook.
type bodyKey struct{}

// sendable checks that f is a file to upload and gives it a type: a file
// without one goes as application/octet-stream.
func sendable(f *File) (*File, error) {
	if f == nil || f.Path == "" {
		return nil, invalidf(KindInvalid, "nothing to upload: no file was given")
	}
	if f.Mime == "" {
		f2 := *f
		f2.Mime = "application/octet-stream"
		f = &f2
	}
	return f, nil
}

// send makes attempts of req with the body fm (req's own Fields and File
// are not read) until one succeeds or retryLoop gives up. Every attempt
// streams fm afresh and hands an answer that is not a redirect to parse;
// the secrets of req are replaced by label in every error.
func (w *wire) send(ctx context.Context, req *MultipartRequest, fm *form, sent *atomic.Int64, label string,
	parse func(*HTTPResponse) (*Result, *APIError)) (*Result, error) {
	if sent == nil {
		sent = new(atomic.Int64)
	}
	return w.retryLoop(ctx, sent, func() (*Result, *APIError) {
		res, ae := w.attempt(ctx, req, fm, sent, parse)
		return res, redactAll(ae, label, req.Secrets...)
	})
}

// errStalled is the cancel cause of an attempt whose bytes stopped moving.
var errStalled = errors.New("stalled")

// attempt makes one request and reads the answer.
func (w *wire) attempt(ctx context.Context, req *MultipartRequest, fm *form, sent *atomic.Int64,
	parse func(*HTTPResponse) (*Result, *APIError)) (*Result, *APIError) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newStallWatch(w.cfg.StallTimeout, func() { cancel(errStalled) })
	defer watch.stop()
	body, err := fm.openBody(sent, watch)
	if err != nil {
		return nil, fileFailure(err)
	}
	rr := w.rc.R().SetContext(httptrace.WithClientTrace(context.WithValue(actx, bodyKey{}, body), watch.trace()))
	rr.Header = w.header(req, fm)
	resp, err := rr.Execute(cmp.Or(req.Method, http.MethodPost), req.URL)
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
		return nil, w.netFailure(ctx, actx, err)
	}
	if raw.StatusCode >= 300 && raw.StatusCode < 400 {
		return nil, redirected(req, raw)
	}
	data, err := io.ReadAll(io.LimitReader(watch.reader(raw.Body), maxResponse))
	if err != nil {
		return nil, w.netFailure(ctx, actx, err)
	}
	return parse(&HTTPResponse{Status: raw.StatusCode, Header: raw.Header, Body: data, URL: req.URL})
}

// header is the request's headers with the body's type and, unless the
// request has its own, Upshot's user agent. Host is dropped: resty would
// make it the request's virtual host.
func (w *wire) header(req *MultipartRequest, fm *form) http.Header {
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Host")
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", w.cfg.UserAgent)
	}
	h.Set("Content-Type", fm.contentType())
	return h
}

// retryLoop runs attempts until one succeeds, a failure is final, the
// retries run out or ctx ends; sent restarts from 0 on each attempt.
func (w *wire) retryLoop(ctx context.Context, sent *atomic.Int64, attempt func() (*Result, *APIError)) (*Result, error) {
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
		wait, ok := w.retryWait(ae, n)
		if !ok {
			return nil, ae
		}
		w.notify(ctx, n, ae)
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
func (w *wire) retryWait(ae *APIError, attempt int) (time.Duration, bool) {
	if attempt > w.cfg.Retries || !retryable(ae) {
		return 0, false
	}
	d := w.cfg.Backoff << (attempt - 1)
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
func (w *wire) notify(ctx context.Context, attempt int, err error) {
	if w.cfg.OnRetry != nil {
		w.cfg.OnRetry(attempt, err)
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

// netFailure explains why an attempt got no answer: the caller canceled,
// the bytes stalled, or the network failed.
func (w *wire) netFailure(parent, actx context.Context, err error) *APIError {
	switch {
	case parent.Err() != nil:
		return canceled(parent, 0)
	case errors.Is(context.Cause(actx), errStalled):
		return &APIError{Kind: KindNetwork, Message: "stalled: no data moved for " + w.cfg.StallTimeout.String(),
			Err: errStalled, hint: "the connection or the host is stuck; try again later"}
	case err == nil:
		err = errors.New("no answer")
	}
	return networkError(err)
}

// redirected reports a 3xx to req without following it; a Sender's
// request keeps the address for Sender.follow.
func redirected(req *MultipartRequest, raw *http.Response) *APIError {
	loc, next := raw.Header.Get("Location"), ""
	if base, err := url.Parse(req.URL); err == nil {
		if u, err := base.Parse(loc); err == nil {
			if loc != "" && req.follow {
				next = u.String()
			}
			loc = u.String()
		}
	}
	loc = Clip(loc, 200)
	return &APIError{Kind: KindRedirected, HTTPStatus: raw.StatusCode, Location: loc, next: next,
		Message: "the host redirected the upload to " + loc, hint: "check the host URL (http→https?)"}
}

// redactAll replaces every secret (and its URL-escaped forms) with label
// in the texts of ae that may quote the host: the key never reaches a
// message.
func redactAll(ae *APIError, label string, secrets ...string) *APIError {
	if ae == nil {
		return nil
	}
	var pairs []string
	for _, s := range secrets {
		if s != "" {
			pairs = append(pairs, s, label, url.QueryEscape(s), label, url.PathEscape(s), label)
		}
	}
	if len(pairs) == 0 {
		return ae
	}
	r := strings.NewReplacer(pairs...)
	ae.Message, ae.Snippet, ae.Location = r.Replace(ae.Message), r.Replace(ae.Snippet), r.Replace(ae.Location)
	return ae
}
