package sxcu

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/upshot-app/upshot/uploader"
)

// Uploader runs a custom uploader: a streamed multipart upload built from
// the Spec's request expressions, the links read from the answer with its
// response expressions. It implements uploader.Uploader and is safe for
// concurrent use.
type Uploader struct {
	spec   Spec
	c      *compiled
	sender *uploader.Sender
}

var _ uploader.Uploader = (*Uploader)(nil)

// New checks spec and prepares its uploads. cc supplies timeouts, retries,
// user agent and transport, as for uploader.Client (its Endpoint and Key
// are not used: the spec has its own).
func New(spec Spec, cc uploader.ClientConfig) (*Uploader, error) {
	c, err := spec.compile()
	if err != nil {
		return nil, fmt.Errorf("custom uploader: %w", err)
	}
	return &Uploader{spec: spec.Clone(), c: c, sender: uploader.NewSender(cc)}, nil
}

// Endpoint is the request URL as the spec writes it.
func (u *Uploader) Endpoint() string { return u.spec.RequestURL }

// Upload sends f as the spec describes and reads the links from the
// answer. opts are not used: a custom uploader has its own fields.
func (u *Uploader) Upload(ctx context.Context, f *uploader.File, _ uploader.Options, sent *atomic.Int64) (*uploader.Result, error) {
	if f == nil {
		f = new(uploader.File) // request reads its name; Send refuses a file without a path
	}
	req, err := u.request(f)
	if err != nil {
		return nil, err
	}
	return u.sender.Send(ctx, req, sent, func(r *uploader.HTTPResponse) (*uploader.Result, *uploader.APIError) {
		return u.parse(r, f.Name)
	})
}

// request evaluates the request expressions for one file. Arguments go
// in name order (Go maps have none; ShareX's order is not kept).
func (u *Uploader) request(f *uploader.File) (*uploader.MultipartRequest, error) {
	plain := &Env{FileName: f.Name}
	target, err := u.c.url.Eval(&Env{FileName: f.Name, URLEncode: true})
	if err != nil {
		return nil, requestError("RequestURL", err)
	}
	q := url.Values{}
	for _, k := range slices.Sorted(maps.Keys(u.c.params)) {
		v, err := u.c.params[k].Eval(plain)
		if err != nil {
			return nil, requestError("Parameters["+k+"]", err)
		}
		q.Set(k, v)
	}
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	req := &uploader.MultipartRequest{Method: u.spec.Method, URL: target, Header: http.Header{},
		FileField: u.spec.FileFormName, File: f}
	for _, k := range slices.Sorted(maps.Keys(u.c.headers)) {
		v, err := u.c.headers[k].Eval(plain)
		if err != nil {
			return nil, requestError("Headers["+k+"]", err)
		}
		req.Header.Set(k, v)
	}
	for _, k := range slices.Sorted(maps.Keys(u.c.args)) {
		v, err := u.c.args[k].Eval(plain)
		if err != nil {
			return nil, requestError("Arguments["+k+"]", err)
		}
		req.Fields = append(req.Fields, uploader.FormField{Name: k, Value: v})
	}
	req.Secrets = u.secrets(req)
	req.CredentialHeaders, req.CredentialFields = u.credentialNames()
	return req, nil
}

// credentialNames are the headers and arguments that hold credentials,
// which a redirect to another host must not carry.
func (u *Uploader) credentialNames() (headers, fields []string) {
	for _, slot := range u.spec.SecretSlots() {
		if name, ok := strings.CutPrefix(slot, slotHeader); ok {
			headers = append(headers, name)
		} else if name, ok := strings.CutPrefix(slot, slotArg); ok {
			fields = append(fields, name)
		}
	}
	return headers, fields
}

// secrets are the sent values of the credential slots, to keep them out
// of every error message.
func (u *Uploader) secrets(req *uploader.MultipartRequest) []string {
	var out []string
	for _, slot := range u.spec.SecretSlots() {
		kind, name, _ := strings.Cut(slot, ":")
		var v string
		switch kind {
		case "header":
			v = req.Header.Get(name)
		case "arg":
			for _, f := range req.Fields {
				if f.Name == name {
					v = f.Value
				}
			}
		case "param":
			if q, err := url.Parse(req.URL); err == nil {
				v = q.Query().Get(name)
			}
		}
		// "Bearer tok": a host may echo the token alone. Values shorter
		// than 4 would blank out ordinary words.
		for _, part := range append(strings.Fields(v), v) {
			if len(part) >= 4 && !slices.Contains(authSchemes, strings.ToLower(part)) {
				out = append(out, part)
			}
		}
	}
	return out
}

// authSchemes are the words before a credential in Authorization.
var authSchemes = []string{"bearer", "basic", "token", "digest", "client-id"}

func requestError(key string, err error) error {
	return &uploader.APIError{Kind: uploader.KindInvalid, Message: fmt.Sprintf("custom uploader %s: %v", key, err)}
}

// parse reads the links out of an answer: on HTTP 2xx with URL (else the
// whole answer is the link), ThumbnailURL and DeletionURL; otherwise, or
// when no link comes out, the error is ErrorMessage's text.
func (u *Uploader) parse(r *uploader.HTTPResponse, name string) (*uploader.Result, *uploader.APIError) {
	env := &Env{FileName: name, URLEncode: true,
		Response: &Response{Header: r.Header, Body: string(r.Body), URL: r.URL}}
	if r.Status < 200 || r.Status > 299 {
		return nil, u.failure(r, env, fmt.Sprintf("host answered HTTP %d", r.Status))
	}
	link, err := u.c.link.Eval(env)
	if err != nil {
		return nil, notJSON(r, err)
	}
	whole := len(u.c.link) == 0
	if whole {
		link = env.Response.Body
	}
	link = strings.TrimSpace(link)
	bad := unicode.IsControl
	if whole { // a page is not a link
		bad = func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' }
	}
	if link == "" || strings.IndexFunc(link, bad) >= 0 || !utf8.ValidString(link) {
		return nil, u.failure(r, env, fmt.Sprintf("host answered HTTP %d without a usable link", r.Status))
	}
	res := &uploader.Result{URL: link}
	res.Thumb, _ = u.c.thumb.Eval(env)
	res.Delete, _ = u.c.del.Eval(env)
	res.Thumb, res.Delete = strings.TrimSpace(res.Thumb), strings.TrimSpace(res.Delete)
	return res, nil
}

// failure explains a failed answer: the host's own words when the
// ErrorMessage expression finds them, else what happened and a snippet.
func (u *Uploader) failure(r *uploader.HTTPResponse, env *Env, what string) *uploader.APIError {
	ae := &uploader.APIError{Kind: kindOf(r.Status), HTTPStatus: r.Status}
	if r.Status == http.StatusTooManyRequests {
		ae.RetryAfter = uploader.RetryAfter(r.Header)
	}
	if msg, err := u.c.error.Eval(env); err == nil && strings.TrimSpace(msg) != "" {
		ae.Message = "host says: " + uploader.Clip(strings.TrimSpace(msg), 300)
		return ae
	}
	ae.Message, ae.Snippet = what, uploader.Snippet(r.Body)
	return ae
}

// notJSON is the failure of a {json} link on an answer that is not JSON.
func notJSON(r *uploader.HTTPResponse, err error) *uploader.APIError {
	msg := fmt.Sprintf("cannot read the link from the host's answer: %v", err)
	if errors.Is(err, errNotJSON) {
		msg = fmt.Sprintf("host answered HTTP %d with text that is not JSON", r.Status)
	}
	return &uploader.APIError{Kind: uploader.KindUnknown, HTTPStatus: r.Status, Message: msg, Snippet: uploader.Snippet(r.Body)}
}

// kindOf classifies a failed HTTP status like the Chevereto client does,
// except 401: for a custom uploader it means the credentials are wrong
// (Chevereto's 401 is "Request denied").
func kindOf(status int) uploader.Kind {
	if status == http.StatusUnauthorized {
		return uploader.KindBadKey
	}
	return uploader.KindForStatus(status)
}
