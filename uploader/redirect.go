package uploader

// This file follows the redirects of a custom upload (Sender) the way
// ShareX does for its custom uploaders, and browsers and .NET's HttpClient
// for any request: after 301, 302 and 303 the new address is fetched with
// a GET; after 307 and 308 the same request is sent there again, body and
// all. Credentials stay with their host. The Chevereto client never comes
// here: its POST is never redirected (wire.go, redirected).

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// maxRedirects caps a chain of redirects, as Go's http.Client does.
const maxRedirects = 10

// follow continues an upload whose answer (res, err) was a redirect until
// an answer is not one. The GET of a 301/302/303 stays a GET through the
// rest of the chain; {responseurl} is then the address that answered.
func (s *Sender) follow(ctx context.Context, req *MultipartRequest, fm *form, sent *atomic.Int64,
	parse func(*HTTPResponse) (*Result, *APIError), res *Result, err error) (*Result, error) {
	get := false
	for hops := 0; ; hops++ {
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != KindRedirected || ae.next == "" {
			return res, err
		}
		next := ae.next
		ae.next = "" // the error may be kept; the raw address may hold a secret
		switch ae.HTTPStatus {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
			get = true
		case http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		default:
			return res, err // 300, 304, 305: nothing to follow
		}
		if hops == maxRedirects {
			return nil, redirectFailure(ae, fmt.Sprintf("the host redirected the upload more than %d times (last to %s)", maxRedirects, ae.Location))
		}
		if u, perr := url.Parse(next); perr != nil || u.Scheme != "http" && u.Scheme != "https" {
			return nil, redirectFailure(ae, fmt.Sprintf("the host redirected the upload to %s, which is not a web address", ae.Location))
		}
		hop := req.at(next)
		if get {
			res, err = s.get(ctx, hop, parse)
		} else {
			res, err = s.send(ctx, hop, fm.withFields(hop.Fields), sent, secretLabel, parse)
		}
	}
}

// redirectFailure is a redirect that is not followed further.
func redirectFailure(ae *APIError, msg string) *APIError {
	return &APIError{Kind: KindRedirected, HTTPStatus: ae.HTTPStatus, Location: ae.Location, Attempts: ae.Attempts,
		Message: msg, hint: "check the custom uploader's RequestURL"}
}

// at is req sent to target instead. Away from req's host (another host
// name, or http after https) it carries none of the credentials.
func (req *MultipartRequest) at(target string) *MultipartRequest {
	hop := *req
	hop.URL = target
	if sameHome(req.URL, target) {
		return &hop
	}
	hop.Header = http.Header{}
	for k, v := range req.Header {
		if !req.credentialHeader(k, v) {
			hop.Header[k] = v
		}
	}
	hop.Fields = nil
	for _, f := range req.Fields {
		if !slices.Contains(req.CredentialFields, f.Name) && !req.holdsSecret(f.Value) {
			hop.Fields = append(hop.Fields, f)
		}
	}
	return &hop
}

// sameHome: credentials may go from one address to the other. Ports do
// not count (as for Go's http.Client); a step down from https does.
func sameHome(from, to string) bool {
	a, err := url.Parse(from)
	if err != nil {
		return false
	}
	b, err := url.Parse(to)
	return err == nil && strings.EqualFold(a.Hostname(), b.Hostname()) && !(a.Scheme == "https" && b.Scheme == "http")
}

// authHeaders carry credentials whatever the file calls them.
var authHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Cookie2"}

// credentialHeader reports whether header k (values v) carries a credential.
func (req *MultipartRequest) credentialHeader(k string, v []string) bool {
	ck := http.CanonicalHeaderKey(k)
	if slices.Contains(authHeaders, ck) || slices.ContainsFunc(req.CredentialHeaders, func(n string) bool {
		return http.CanonicalHeaderKey(n) == ck
	}) {
		return true
	}
	return slices.ContainsFunc(v, req.holdsSecret)
}

// holdsSecret reports whether v contains one of req's secrets.
func (req *MultipartRequest) holdsSecret(v string) bool {
	return slices.ContainsFunc(req.Secrets, func(s string) bool { return s != "" && strings.Contains(v, s) })
}

// withFields is fm with other text fields: the same file and boundary.
func (fm *form) withFields(fields []FormField) *form {
	f := *fm
	f.fields = fields
	return &f
}

// get fetches the address a 301, 302 or 303 pointed to and lets parse read
// the answer; a further redirect comes back as one, for follow. The GET is
// retried like an upload (it sends nothing again); the upload's progress
// stays where it ended.
func (s *Sender) get(ctx context.Context, req *MultipartRequest, parse func(*HTTPResponse) (*Result, *APIError)) (*Result, error) {
	return s.retryLoop(ctx, new(atomic.Int64), func() (*Result, *APIError) {
		res, ae := s.getOnce(ctx, req, parse)
		return res, redactAll(ae, secretLabel, req.Secrets...)
	})
}

// getOnce makes one GET of req.URL with req's headers.
func (s *Sender) getOnce(ctx context.Context, req *MultipartRequest, parse func(*HTTPResponse) (*Result, *APIError)) (*Result, *APIError) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newStallWatch(s.cfg.StallTimeout, func() { cancel(errStalled) })
	defer watch.stop()
	rr := s.rc.R().SetContext(httptrace.WithClientTrace(actx, watch.trace()))
	rr.Header = req.Header.Clone()
	if rr.Header == nil {
		rr.Header = http.Header{}
	}
	rr.Header.Del("Host")
	rr.Header.Del("Content-Type")
	rr.Header.Set("User-Agent", cmp.Or(rr.Header.Get("User-Agent"), s.cfg.UserAgent))
	resp, err := rr.Execute(http.MethodGet, req.URL)
	var raw *http.Response
	if resp != nil {
		raw = resp.RawResponse
	}
	if raw != nil {
		defer raw.Body.Close()
	}
	if err != nil || raw == nil {
		return nil, s.netFailure(ctx, actx, err)
	}
	if raw.StatusCode >= 300 && raw.StatusCode < 400 {
		_, _ = io.Copy(io.Discard, io.LimitReader(raw.Body, maxResponse)) // so that the connection is reused
		return nil, redirected(req, raw)
	}
	data, err := io.ReadAll(io.LimitReader(watch.reader(raw.Body), maxResponse))
	if err != nil {
		return nil, s.netFailure(ctx, actx, err)
	}
	return parse(&HTTPResponse{Status: raw.StatusCode, Header: raw.Header, Body: data, URL: req.URL})
}
