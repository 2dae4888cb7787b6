package uploader

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rdSecret is the custom uploader's credential in the redirect tests.
const rdSecret = "tok_SECRET_redirect_42"

// rdRequest is a custom upload to url with the credential in a header and
// in a field, next to plain ones.
func rdRequest(t *testing.T, method, url string) *MultipartRequest {
	t.Helper()
	return &MultipartRequest{Method: method, URL: url,
		Header:    http.Header{"Authorization": {"Bearer " + rdSecret}, "X-Plain": {"p"}},
		Fields:    []FormField{{"token", rdSecret}, {"name", "n"}},
		FileField: "file", File: fxUploadFile(t), Secrets: []string{rdSecret}}
}

// rdParse reads an answer as the tests' uploader does: the link is the
// address of the answer ({responseurl}), the thumbnail its body.
func rdParse(r *HTTPResponse) (*Result, *APIError) {
	if r.Status != http.StatusOK {
		return nil, &APIError{Kind: KindServer, HTTPStatus: r.Status, Message: "not 200"}
	}
	return &Result{URL: r.URL, Thumb: string(r.Body)}, nil
}

func rdSender(tr http.RoundTripper) *Sender {
	return NewSender(ClientConfig{Retries: 1, Backoff: time.Millisecond, StallTimeout: 5 * time.Second, Transport: tr})
}

// TestSenderFollowsRedirects: like ShareX (and browsers, and .NET), a
// custom upload follows 301/302/303 with a GET of the new address and
// 307/308 by sending the same request there; the answer's address is
// the final one. On the same host the credentials go along; the session
// cookie the host set does not (no cookie jar).
func TestSenderFollowsRedirects(t *testing.T) {
	tests := []struct {
		status       int
		method, then string // method of the upload, and of the request to the new address
	}{
		{http.StatusMovedPermanently, "", http.MethodGet},
		{http.StatusFound, "", http.MethodGet},
		{http.StatusSeeOther, http.MethodPut, http.MethodGet},
		{http.StatusTemporaryRedirect, "", http.MethodPost},
		{http.StatusPermanentRedirect, http.MethodPut, http.MethodPut},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			host := fxServe(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/up" {
					w.Header().Set("Location", "done/7?x=1")
					w.WriteHeader(tt.status)
					return
				}
				io.WriteString(w, "final page")
			})
			var sent atomic.Int64
			res, err := rdSender(nil).Send(context.Background(), rdRequest(t, tt.method, host.URL+"/up"), &sent, rdParse)
			if err != nil {
				t.Fatal(err)
			}
			if res.URL != host.URL+"/done/7?x=1" || res.Thumb != "final page" {
				t.Errorf("result %+v: want the final address and its answer", res)
			}
			reqs := host.requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want the upload and one to the new address", len(reqs))
			}
			again := reqs[1]
			if again.method != tt.then || again.path != "/done/7" || again.query != "x=1" {
				t.Errorf("second request %s %s?%s, want %s /done/7?x=1", again.method, again.path, again.query, tt.then)
			}
			if again.header.Get("Authorization") != "Bearer "+rdSecret || again.header.Get("Cookie") != "" {
				t.Errorf("same host: headers %v; want the file's credential and no cookie", again.header)
			}
			resent := tt.then != http.MethodGet
			switch {
			case resent && (!bytes.Equal(again.file, reqs[0].file) || again.fields["token"] != rdSecret || again.fields["name"] != "n"):
				t.Errorf("307/308: the request was not sent again whole: fields %v, %d file bytes", again.fields, len(again.file))
			case !resent && (again.contentLength != 0 || again.header.Get("Content-Type") != ""):
				t.Errorf("the GET carries a body: length %d, type %q", again.contentLength, again.header.Get("Content-Type"))
			}
		})
	}
}

// TestSenderRedirectKeepsCredentialsAtHome: a redirect to another host
// name, or from https to http, gets none of the credentials (neither in
// headers nor, for 307/308, in the fields); the rest goes along.
func TestSenderRedirectKeepsCredentialsAtHome(t *testing.T) {
	other := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "other") })
	_, port, _ := net.SplitHostPort(other.Listener.Addr().String())
	toOther := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "other.example:") {
			addr = other.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	for _, tt := range []struct {
		name   string
		status int
		tls    bool // the upload goes over https and comes back on http
	}{
		{"303 to another host", http.StatusSeeOther, false},
		{"307 to another host", http.StatusTemporaryRedirect, false},
		{"307 from https to http on the same host", http.StatusTemporaryRedirect, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(other.requests())
			target := "http://other.example:" + port + "/landing"
			if tt.tls {
				target = "http://127.0.0.1:" + port + "/landing"
			}
			handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				http.Redirect(w, r, target, tt.status)
			})
			var host *httptest.Server
			tr := http.RoundTripper(toOther)
			if tt.tls {
				host = httptest.NewTLSServer(handler)
				tr = host.Client().Transport
			} else {
				host = httptest.NewServer(handler)
			}
			defer host.Close()
			res, err := rdSender(tr).Send(context.Background(), rdRequest(t, "", host.URL+"/up"), nil, rdParse)
			if err != nil || res.Thumb != "other" {
				t.Fatalf("upload: %+v %v", res, err)
			}
			reqs := other.requests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("the other host saw %d requests", len(reqs))
			}
			r := reqs[0]
			if r.header.Get("Authorization") != "" || r.fields["token"] != "" || r.header.Get("X-Plain") != "p" {
				t.Errorf("credentials crossed: headers %v, fields %v", r.header, r.fields)
			}
			if tt.status == http.StatusTemporaryRedirect && (r.fields["name"] != "n" || len(r.file) == 0) {
				t.Errorf("307: the upload lost more than the credential: fields %v, %d file bytes", r.fields, len(r.file))
			}
		})
	}
}

// TestSenderRedirectLimits: a loop stops after 10 redirects; a redirect
// without a Location, or to an address that is not http(s), is reported
// as before, secrets blanked.
func TestSenderRedirectLimits(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(w http.ResponseWriter, r *http.Request)
		requests int
		want     string
	}{
		{"a loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/again?t="+rdSecret, http.StatusFound)
		}, 11, "the host redirected the upload more than 10 times (last to "},
		{"no Location", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusFound) }, 1,
			"the host redirected the upload"},
		{"not http", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Location", "ftp://files.example/x")
			w.WriteHeader(http.StatusSeeOther)
		}, 1, "the host redirected the upload to ftp://files.example/x, which is not a web address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := fxServe(t, func(_ int, w http.ResponseWriter, r *http.Request) { tt.answer(w, r) })
			_, err := rdSender(nil).Send(context.Background(), rdRequest(t, "", host.URL+"/up"), nil, rdParse)
			fxKind(t, err, KindRedirected, tt.want)
			if strings.Contains(err.Error(), rdSecret) {
				t.Errorf("the credential reached the message: %v", err)
			}
			if n := len(host.requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
		})
	}
}
