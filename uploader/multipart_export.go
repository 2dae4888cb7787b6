package uploader

// This file lets uploaders other than the Chevereto client — the ShareX
// custom uploaders of package sxcu — send a file through the same wire as
// Client (wire.go): the multipart body streamed from disk through a pipe
// and counted as it goes out, the stall timeout, no cookie jar, TLS always
// verified, the same retries and the same explanation of network failures.
// Unlike the Chevereto client, a Sender follows redirects as ShareX does
// for its custom uploaders (redirect.go). Only what differs per host (URL,
// headers, field names, how to read the answer) is the caller's.

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
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
	// CredentialHeaders and CredentialFields name the headers and fields
	// that carry credentials: a redirect to another host gets none of them
	// (nor Authorization, Cookie, or a value holding one of Secrets).
	CredentialHeaders, CredentialFields []string

	follow bool // set by Sender.Send: a redirect keeps its address to follow
}

// HTTPResponse is the final answer to a MultipartRequest, after redirects.
type HTTPResponse struct {
	Status int
	Header http.Header
	Body   []byte // at most 1 MiB
	URL    string // the address that answered: the request URL, or where redirects ended
}

// Sender sends MultipartRequests. It is safe for concurrent use.
type Sender struct {
	*wire
}

// NewSender completes cfg with the defaults of ClientConfig; its Endpoint
// and Key are not used (each request brings its own URL and headers).
func NewSender(cfg ClientConfig) *Sender {
	return &Sender{wire: newWire(cfg)}
}

// Send uploads req.File, follows the host's redirects (see follow) and
// lets parse read each answer that is not a redirect. A failed attempt is
// retried like Client retries (network failures, HTTP 5xx and 429, by the
// HTTPStatus of parse's error), with the body rebuilt from the file and
// sent reset to 0.
func (s *Sender) Send(ctx context.Context, req *MultipartRequest, sent *atomic.Int64,
	parse func(*HTTPResponse) (*Result, *APIError)) (*Result, error) {
	f, err := sendable(req.File)
	if err != nil {
		return nil, err
	}
	if _, err := url.Parse(req.URL); err != nil {
		return nil, invalidf(KindEndpoint, "the upload URL is not valid: %v — check the custom uploader's RequestURL", plainNetError(err))
	}
	r := *req
	r.follow = true
	fm := &form{fields: r.Fields, field: r.FileField, file: f, boundary: newBoundary()}
	res, err := s.send(ctx, &r, fm, sent, secretLabel, parse)
	return s.follow(ctx, &r, fm, sent, parse, res, err)
}

// secretLabel replaces a custom uploader's credentials in messages.
const secretLabel = "[secret]"
