package uploader

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

func TestKindOf(t *testing.T) {
	ae := &APIError{Kind: KindDenied}
	tests := []struct {
		err  error
		want Kind
	}{
		{nil, KindUnknown},
		{errors.New("x"), KindUnknown},
		{ae, KindDenied},
		{fmt.Errorf("upload a.png: %w", ae), KindDenied},
		{context.Canceled, KindCanceled},
		{fmt.Errorf("wrapped: %w", context.Canceled), KindCanceled},
		{&APIError{Kind: KindNetwork, Err: context.Canceled}, KindNetwork},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("KindOf(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestAPIErrorText: errors built by other packages as plain literals read
// well too.
func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		err  *APIError
		want string
	}{
		{&APIError{Kind: KindBadKey, Code: 100, Message: "Invalid API key."}, "host says: Invalid API key. — check the API key of this profile"},
		{&APIError{Kind: KindServer, HTTPStatus: 502}, "host answered HTTP 502 — the host has a problem, try again later"},
		{&APIError{Kind: KindCanceled}, "canceled"},
		{&APIError{Kind: KindNetwork, Err: io.ErrUnexpectedEOF}, "unexpected EOF — check your connection and try again"},
		{&APIError{Kind: KindRateLimited, Message: "slow down"}, "slow down — the host limits uploads per minute; wait a minute and try again"},
		{&APIError{Kind: KindInvalid}, "upload failed (invalid)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	inner := errors.New("inner")
	if !errors.Is(&APIError{Err: inner}, inner) {
		t.Error("Unwrap does not reach Err")
	}
}

func TestNetworkError(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://h/api/1/upload", Err: &net.OpError{Op: "dial", Net: "tcp",
			Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}, Err: err}}
	}
	tests := []struct {
		name  string
		err   error
		want  string
		final bool
	}{
		{"refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)),
			"connection refused by 127.0.0.1:9 — is the host URL right and the host up?", false},
		{"dns", &url.Error{Op: "Post", URL: "https://nohost/api/1/upload", Err: &net.DNSError{Err: "no such host", Name: "nohost", IsNotFound: true}},
			"cannot find the host nohost (DNS lookup failed) — check the host URL and your internet connection", true},
		{"certificate", &url.Error{Op: "Post", URL: "https://h", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}},
			"the host's TLS certificate is not valid (x509: certificate signed by unknown authority) — the host's certificate is wrong", true},
		{"reset", &url.Error{Op: "Post", URL: "https://h", Err: os.NewSyscallError("read", syscall.ECONNRESET)},
			"the host closed the connection before answering — try again later", false},
		{"other", &url.Error{Op: "Post", URL: "https://h/api/1/upload", Err: errors.New("weird")},
			"network error: weird — check your connection and try again", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := networkError(tt.err)
			fxKind(t, e, KindNetwork, tt.want)
			if e.final != tt.final || retryable(e) == tt.final {
				t.Errorf("final = %v, retryable = %v; want final %v", e.final, retryable(e), tt.final)
			}
			if !errors.Is(e, tt.err) {
				t.Error("the cause is not kept in Err")
			}
		})
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		err  *APIError
		want bool
	}{
		{&APIError{Kind: KindNetwork}, true},
		{&APIError{Kind: KindServer, HTTPStatus: 500}, true},
		{&APIError{Kind: KindServer, HTTPStatus: 200}, false},
		{&APIError{Kind: KindRateLimited, HTTPStatus: 429}, true},
		{&APIError{Kind: KindRateLimited, HTTPStatus: 400, Code: 130}, false}, // flood: the queue pauses
		{&APIError{Kind: KindBadKey, HTTPStatus: 400}, false},
		{&APIError{Kind: KindTooBig, HTTPStatus: 400}, false},
		{&APIError{Kind: KindRedirected, HTTPStatus: 301}, false},
		{&APIError{Kind: KindCanceled}, false},
	}
	for _, tt := range tests {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%+v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
