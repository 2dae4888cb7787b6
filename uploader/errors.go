package uploader

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// APIError is every failure of the client and of source validation. Callers
// branch on Kind; Error() is the text for the user. It never contains the
// API key: the key is only ever written into the request, never into a URL,
// a message or Err.
type APIError struct {
	Kind       Kind
	HTTPStatus int           // 0 when there was no HTTP answer
	Code       int           // Chevereto error.code, 0 when none
	Message    string        // the server's message, or ours
	Location   string        // for KindRedirected: where the host wanted to send us
	Snippet    string        // short tag-stripped text of a non-JSON body (≤ 200 chars)
	RetryAfter time.Duration // for KindRateLimited when known (flood: 1 minute; 429 Retry-After)
	Attempts   int           // attempts made (retries included); 0 for validation errors
	Err        error         // underlying error (net, ctx), may be nil
	// Key names Message in the app's string catalog ("reason." + Key), so
	// that the window can say it in the user's language; "" = English
	// only. Args are the values of Message, in order ({{.A1}}, {{.A2}}…).
	// "outer/inner" is a message within another: outer's {{.A1}} is
	// Args[0] and its {{.Inner}} the inner one, with the rest of Args.
	Key  string
	Args []string

	fromHost bool   // Message is the host's own words: shown as "host says: …"
	hint     string // what to do; "" = the default hint for Kind, hintNone = none
	final    bool   // a network failure that retrying cannot fix (DNS, certificate)
	again    bool   // a failure before the network that may pass on a retry (the file changed, a profile was fixed): see Permanent
	next     string // KindRedirected of a Sender's request: the absolute Location to follow (redirect.go); never shown
}

// hintNone marks a message that already says what to do.
const hintNone = "-"

// profileKey is how the advice about a refused key names the key unless
// the client was told where it came from (ClientConfig.KeySource).
const profileKey = "the API key of this profile"

// nameKey makes the advice of a refused key name where the key came from.
func (e *APIError) nameKey(source string) {
	if e == nil || e.Kind != KindBadKey || source == "" {
		return
	}
	hint := e.hint
	if hint == "" {
		hint = kindHint(e.Kind)
	}
	e.hint = strings.Replace(hint, profileKey, source, 1)
}

// floodWait is how long Chevereto's flood protection blocks ("per minute").
const floodWait = time.Minute

// ErrorParts are the pieces of an error's text, for a translation: the
// problem (Key and Args name it in the catalog when it has an entry),
// whether it is the host's own words, a snippet of the host's answer, and
// what to do (Hint, "" = nothing to add).
type ErrorParts struct {
	Key      string
	Args     []string
	Message  string
	FromHost bool
	Snippet  string
	Hint     string
}

// Parts splits the error's text; Error joins them in English.
func (e *APIError) Parts() ErrorParts {
	p := ErrorParts{Key: e.Key, Args: e.Args, Message: e.Message, Snippet: e.Snippet,
		FromHost: e.fromHost || (e.Code != 0 && e.Message != "")}
	if p.Message == "" {
		p.Message = defaultMessage(e)
		p.Key, p.Args = defaultKey(e)
	}
	p.Hint = e.hint
	if p.Hint == "" {
		p.Hint = kindHint(e.Kind)
	}
	if p.Hint == hintNone {
		p.Hint = ""
	}
	return p
}

// Error is the user-facing text: the problem, then what to do.
func (e *APIError) Error() string {
	p := e.Parts()
	var b strings.Builder
	if p.FromHost {
		b.WriteString("host says: ")
	}
	b.WriteString(p.Message)
	if p.Snippet != "" {
		fmt.Fprintf(&b, ": %q", p.Snippet)
	}
	if p.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// Unwrap gives errors.Is/As access to the network or context error.
func (e *APIError) Unwrap() error { return e.Err }

// KindOf classifies any error: the Kind of an *APIError in its chain,
// KindCanceled for context cancellation, KindUnknown otherwise (and for nil).
func KindOf(err error) Kind {
	if err == nil {
		return KindUnknown
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Kind
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	return KindUnknown
}

// defaultMessage names the problem when nobody set Message.
func defaultMessage(e *APIError) string {
	switch {
	case e.Kind == KindCanceled:
		return "canceled"
	case e.HTTPStatus != 0:
		return fmt.Sprintf("host answered HTTP %d", e.HTTPStatus)
	case e.Err != nil:
		return e.Err.Error()
	default:
		return "upload failed (" + e.Kind.String() + ")"
	}
}

// defaultKey is defaultMessage's catalog entry, where it has one.
func defaultKey(e *APIError) (string, []string) {
	switch {
	case e.Kind == KindCanceled:
		return "canceled", nil
	case e.HTTPStatus != 0:
		return "http_status", []string{fmt.Sprint(e.HTTPStatus)}
	}
	return "", nil
}

// kindHint says what to do about a failure of this kind.
func kindHint(k Kind) string {
	switch k {
	case KindBadKey:
		return "check " + profileKey
	case KindDenied:
		return "this host does not accept API uploads now (guest uploads off, private mode or uploads disabled); the key itself may be fine"
	case KindRateLimited:
		return "the host limits uploads per minute; wait a minute and try again"
	case KindTooBig:
		return "make the file smaller or use a host with a higher limit"
	case KindUnsupported:
		return "this host does not accept this file; accepted: " + acceptedList
	case KindNetwork:
		return "check your connection and try again"
	case KindServer:
		return "the host has a problem, try again later"
	case KindRedirected, KindEndpoint:
		return "check the host URL (it should be the site address or end in /api/1/upload)"
	case KindDuplicate:
		return "the host already has this file from you today"
	default:
		return hintNone
	}
}

// invalidf builds a validation error whose message already names the file
// and what to do.
func invalidf(kind Kind, format string, args ...any) *APIError {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = fmt.Sprint(a)
	}
	return &APIError{Kind: kind, Message: fmt.Sprintf(format, args...), hint: hintNone, Args: words}
}

// keyed names the message in the app's string catalog (APIError.Key): its
// entry there is the same text with {{.A1}}… for the values.
func (e *APIError) keyed(key string) *APIError {
	e.Key = key
	return e
}

// againf builds a failure before the network that a retry may get past
// (the file changed while it was read, the disk failed once): unlike
// invalidf's, the queue offers to retry it and resumes it.
func againf(kind Kind, format string, args ...any) *APIError {
	e := invalidf(kind, format, args...)
	e.again = true
	return e
}

// Permanent reports whether retrying the same item can never succeed: the
// file is not an image or video the host takes, is over a size limit, is on
// the host already, or was refused before the network for what it is (it
// does not exist, is empty, is a folder, is damaged, or its options are
// wrong). Such an item is not offered for a retry and not resumed from the
// journal. Network, server, key and host failures are not permanent — they
// pass on their own or once the user fixes a profile — and neither are the
// few local failures that say "try again".
func Permanent(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Kind {
	case KindUnsupported, KindTooBig, KindDuplicate, KindInvalid:
		return !ae.again
	}
	return false
}

// hostMessageRule maps a Chevereto error message to a Kind and a hint. The
// codes are not unique (100 is a missing key, a bad key and a bad video), so
// the message decides, as chevereto-api.md says.
type hostMessageRule struct {
	contains string
	kind     Kind
	hint     string
}

var hostMessageRules = []hostMessageRule{
	{"invalid api key", KindBadKey, ""},
	{"no key provided", KindBadKey, ""},
	{"request denied", KindDenied, ""},
	{"flooding", KindRateLimited, ""},
	{"file too big", KindTooBig, ""},
	{"target width is greater", KindInvalid, "use a smaller width, or none"},
	{"can't get target upload source info", KindUnsupported, ""},
	{"unavailable image format", KindUnsupported, ""},
	{"disabled image format", KindUnsupported, "this host has turned this format off; convert the file or use another host"},
	{"invalid video file", KindUnsupported, ""},
	{"url uploading is disabled", KindUnsupported, "upload the file itself instead of a link"},
	{"invalid api version", KindEndpoint, ""},
	{"invalid api action", KindEndpoint, ""},
	{"duplicated upload", KindDuplicate, ""},
	{"empty upload source", KindTooBig, "the host received no file: it is probably over the host's upload limit; try a smaller file"},
	{"empty source", KindTooBig, "the host received no file: it is probably over the host's upload limit; try a smaller file"},
	{"maximum", KindDenied, "a limit of the host's plan is reached; ask the host or try later"},
}

// hostError classifies a Chevereto error JSON. keySent says whether this
// request carried a key: "No key provided" then means the body was dropped.
func hostError(status, code int, message string, keySent bool) *APIError {
	e := &APIError{Kind: KindUnknown, HTTPStatus: status, Code: code, Message: message, fromHost: true}
	lower := strings.ToLower(message)
	for _, r := range hostMessageRules {
		if strings.Contains(lower, r.contains) {
			e.Kind, e.hint = r.kind, r.hint
			break
		}
	}
	switch {
	case e.Kind == KindRateLimited:
		e.RetryAfter = floodWait
	case e.Kind == KindBadKey && keySent && strings.Contains(lower, "no key provided"):
		e.hint = "a key was sent but the host received none; the file may be over the host's upload limit, or check " + profileKey
	case e.Kind == KindUnknown && status >= 500:
		e.Kind = KindServer
	case e.Kind == KindUnknown:
		e.hint = hintNone
	}
	return e
}

// networkError explains a failed connection. The request URL (which never
// holds the key) is left out: the message names the host and what to do.
func networkError(err error) *APIError {
	e := &APIError{Kind: KindNetwork, Err: err}
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &dnsErr):
		e.Message = fmt.Sprintf("cannot find the host %s (DNS lookup failed)", dnsErr.Name)
		e.Key, e.Args = "dns", []string{dnsErr.Name}
		e.hint = "check the host URL and your internet connection"
		e.final = dnsErr.IsNotFound
	case errors.As(err, &certErr):
		e.Message = "the host's TLS certificate is not valid (" + cause(certErr.Err).Error() + ")"
		e.Key, e.Args = "tls", []string{cause(certErr.Err).Error()}
		e.hint = "the host's certificate is wrong or something intercepts the connection; Upshot never uploads without a valid certificate"
		e.final = true
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Message = "connection refused" + opAddr(err, " by ")
		e.Key, e.Args = keyedAddr(err, "refused")
		e.hint = "is the host URL right and the host up?"
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		e.Message = "could not connect" + opAddr(err, " to ") + " in time"
		e.Key, e.Args = keyedAddr(err, "connect_timeout")
		e.hint = "is the host URL right and the host up?"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		e.Message = "the host closed the connection before answering"
		e.Key = "closed"
		e.hint = "try again later; if it keeps happening, the file may be over the host's limit"
	default:
		e.Message = "network error: " + plainNetError(err)
		e.Key, e.Args = "network", []string{plainNetError(err)}
	}
	return e
}

// keyedAddr is the catalog entry of a failed dial's message: key, or
// key + "_addr" with the address when there is one (opAddr).
func keyedAddr(err error, key string) (string, []string) {
	if a := opAddr(err, ""); a != "" {
		return key + "_addr", []string{a}
	}
	return key, nil
}

// opAddr is " by 127.0.0.1:9" for a failed dial, or "".
func opAddr(err error, prep string) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Addr != nil {
		return prep + opErr.Addr.String()
	}
	return ""
}

// plainNetError drops the "Post \"https://…\":" prefix of a *url.Error.
func plainNetError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}
