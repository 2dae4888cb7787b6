package uploader

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// object is a JSON object whose members are decoded one by one, leniently:
// V3 hosts send numbers as strings, and a field of an unexpected type must
// not make a good upload look failed.
type object map[string]json.RawMessage

// asObject decodes raw as an object, or nil.
func asObject(raw json.RawMessage) object {
	var o object
	if json.Unmarshal(raw, &o) != nil {
		return nil
	}
	return o
}

// str is a string member; numbers are given as their text, others as "".
func (o object) str(key string) string {
	raw := bytes.TrimSpace(o[key])
	var s string
	switch {
	case len(raw) == 0:
	case raw[0] == '"':
		_ = json.Unmarshal(raw, &s)
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		s = string(raw)
	}
	return s
}

// num is a numeric member, from a number, a numeric string or a bool.
func (o object) num(key string) int64 {
	s := o.str(key)
	if s == "" {
		if string(bytes.TrimSpace(o[key])) == "true" {
			return 1
		}
		return 0
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > -1e18 && f < 1e18 {
		return int64(f)
	}
	return 0
}

// sub is an object member, or nil.
func (o object) sub(key string) object { return asObject(o[key]) }

// maxResponse caps what is read of an answer: a real one is a few KB.
const maxResponse = 1 << 20

// parseResponse turns the host's answer into a Result or an *APIError. JSON
// is parsed whatever the HTTP status (every handled error is a 400); a
// non-JSON answer becomes an error quoting a short, tag-stripped snippet.
// keySent says whether the request carried a key. 3xx is handled by the
// caller, which knows the endpoint to resolve Location against.
func parseResponse(status int, h http.Header, body []byte, keySent bool) (*Result, *APIError) {
	env := asObject(body)
	if env == nil {
		return nil, nonJSON(status, h, body)
	}
	if e := env.sub("error"); e != nil && e.str("message") != "" {
		ae := hostError(status, int(e.num("code")), Clip(e.str("message"), 300), keySent)
		if status == http.StatusTooManyRequests {
			ae.Kind, ae.RetryAfter = KindRateLimited, RetryAfter(h)
		}
		return nil, ae
	}
	img := env.sub("image")
	if img == nil {
		img = env.sub("data") // ImgBB-style answer
	}
	switch {
	case status == http.StatusTooManyRequests:
		return nil, &APIError{Kind: KindRateLimited, HTTPStatus: status, Message: "host answered HTTP 429 (too many requests)", RetryAfter: RetryAfter(h)}
	case img != nil && status < 300:
		return toResult(img)
	case status >= 500:
		return nil, &APIError{Kind: KindServer, HTTPStatus: status, Message: fmt.Sprintf("host answered HTTP %d without a result", status)}
	}
	return nil, &APIError{Kind: KindUnknown, HTTPStatus: status, Message: fmt.Sprintf("host answered HTTP %d with JSON that holds neither a result nor an error", status),
		hint: "check the host URL: is it a Chevereto site?"}
}

// toResult maps Chevereto's image object. When the upload awaits
// moderation there is no direct url: the viewer page stands in for it.
func toResult(img object) (*Result, *APIError) {
	r := &Result{
		ID: img.str("id_encoded"), URL: img.str("url"), Viewer: img.str("url_viewer"), Short: img.str("url_short"),
		Thumb: img.sub("thumb").str("url"), Medium: img.sub("medium").str("url"), Delete: img.str("delete_url"),
		Name: img.str("filename"), Title: img.str("title"), Mime: img.str("mime"), Type: img.str("type"),
		Size: img.num("size"), Width: int(img.num("width")), Height: int(img.num("height")), MD5: img.str("md5"),
	}
	if r.Name == "" && img.str("name") != "" {
		r.Name = strings.TrimSuffix(img.str("name")+"."+img.str("extension"), ".")
	}
	if t, err := time.Parse(time.DateTime, img.str("expiration_date_gmt")); err == nil {
		r.Expiration = t.UTC()
	}
	if r.URL == "" {
		r.URL, r.Moderated = r.Viewer, true
	}
	if r.URL == "" {
		return nil, &APIError{Kind: KindUnknown, HTTPStatus: http.StatusOK, Message: "host answered without a link to the file",
			hint: "the file may have been stored; check your account on the host's site"}
	}
	return r, nil
}

// nonJSON classifies an answer that is not JSON (a PHP crash page, a proxy
// error, a login page) and quotes it.
func nonJSON(status int, h http.Header, body []byte) *APIError {
	what := "text"
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		what = "an empty body"
	case bytes.Contains(body, []byte("<")):
		what = "a web page"
	}
	e := &APIError{Kind: KindForStatus(status), HTTPStatus: status, Snippet: Snippet(body),
		Message: fmt.Sprintf("host answered HTTP %d with %s instead of JSON", status, what)}
	switch e.Kind {
	case KindRateLimited:
		e.RetryAfter = RetryAfter(h)
	case KindTooBig:
		e.hint = "the file is over the upload limit of the host (or of a proxy in front of it); make it smaller"
	case KindDenied:
		e.hint = "the host, or a firewall in front of it, refused the upload"
	case KindUnknown:
		e.hint = "check the host URL: is it a Chevereto site's address?"
	}
	return e
}

// KindForStatus classifies a failed HTTP answer by its status alone, as
// the Chevereto client does for an answer that is not JSON: 429 rate
// limited, 5xx server, 413 too big, 404 and 405 a wrong endpoint, 401 and
// 403 denied (Chevereto's 401 is "Request denied", not a bad key).
func KindForStatus(status int) Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status >= 500:
		return KindServer
	case status == http.StatusRequestEntityTooLarge:
		return KindTooBig
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		return KindEndpoint
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return KindDenied
	}
	return KindUnknown
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date); 0 if
// there is none.
func RetryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 1e6 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

var (
	blockTags = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	anyTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// Snippet is a short plain-text excerpt of an answer for an error message:
// scripts and tags removed, entities decoded, whitespace folded, ≤ 200
// characters.
func Snippet(body []byte) string {
	s := string(body[:min(len(body), 64<<10)])
	s = blockTags.ReplaceAllString(s, " ")
	s = anyTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return Clip(strings.Join(strings.Fields(s), " "), 200)
}

// Clip cuts s to at most n characters, marking the cut with "…".
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
