package sxcu

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Spec is a custom image uploader as Upshot stores and runs it: a
// multipart upload described by ShareX expressions, always in the syntax
// of ShareX 14+ (legacy files are converted on import). It is kept in the
// profile's [profile.sxcu] table.
type Spec struct {
	Method       string            `toml:"method,omitempty"` // POST (""), PUT or PATCH
	RequestURL   string            `toml:"request_url"`      // without query: that is Parameters
	Parameters   map[string]string `toml:"parameters,omitempty"`
	Headers      map[string]string `toml:"headers,omitempty"`
	Arguments    map[string]string `toml:"arguments,omitempty"` // text fields of the multipart body
	FileFormName string            `toml:"file_form_name"`      // name of the file part
	URL          string            `toml:"url,omitempty"`       // "" = the whole answer is the link
	ThumbnailURL string            `toml:"thumbnail_url,omitempty"`
	DeletionURL  string            `toml:"deletion_url,omitempty"`
	ErrorMessage string            `toml:"error_message,omitempty"`
}

// SecretPlaceholder stands in the config for a header, argument or
// parameter value kept in the key store (see Spec.SecretSlots).
const SecretPlaceholder = "(in the key store)"

// Clone is a deep copy of s.
func (s Spec) Clone() Spec {
	s.Parameters, s.Headers, s.Arguments = maps.Clone(s.Parameters), maps.Clone(s.Headers), maps.Clone(s.Arguments)
	return s
}

// Slot kinds: a slot is "header:NAME", "arg:NAME" or "param:NAME".
const (
	slotHeader = "header:"
	slotArg    = "arg:"
	slotParam  = "param:"
)

// Slots lists every header, argument and parameter as a slot, sorted.
func (s Spec) Slots() []string {
	var out []string
	for prefix, m := range s.slotMaps() {
		for k := range m {
			out = append(out, prefix+k)
		}
	}
	slices.Sort(out)
	return out
}

func (s Spec) slotMaps() map[string]map[string]string {
	return map[string]map[string]string{slotHeader: s.Headers, slotArg: s.Arguments, slotParam: s.Parameters}
}

// Value is the expression in slot.
func (s Spec) Value(slot string) (string, bool) {
	for prefix, m := range s.slotMaps() {
		if name, ok := strings.CutPrefix(slot, prefix); ok {
			v, ok := m[name]
			return v, ok
		}
	}
	return "", false
}

// SetValue replaces the expression in an existing slot.
func (s *Spec) SetValue(slot, v string) {
	for prefix, m := range s.slotMaps() {
		if name, ok := strings.CutPrefix(slot, prefix); ok {
			if _, ok := m[name]; ok {
				m[name] = v
			}
		}
	}
}

// Delete removes a slot.
func (s *Spec) Delete(slot string) {
	for prefix, m := range s.slotMaps() {
		if name, ok := strings.CutPrefix(slot, prefix); ok {
			delete(m, name)
		}
	}
}

// secretWords mark a header, argument or parameter whose value is a
// credential, by its name.
var secretWords = []string{"key", "token", "secret", "pass", "auth", "cookie", "session", "sig", "credential", "bearer"}

// SecretSlots are the slots whose names say they hold a credential
// (Authorization, X-API-Key, token, password, …) and so must live in the
// key store, never in the config file.
func (s Spec) SecretSlots() []string {
	var out []string
	for _, slot := range s.Slots() {
		_, name, _ := strings.Cut(slot, ":")
		if isSecretName(name) {
			out = append(out, slot)
		}
	}
	return out
}

func isSecretName(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// Validate checks that Upshot can run s: an http(s) RequestURL, a file
// field name, a supported method, and expressions that use only
// supported functions where they stand. Errors are *UnsupportedError.
func (s Spec) Validate() error {
	if _, err := s.compile(); err != nil {
		return err
	}
	return nil
}

// compiled is a Spec with its expressions parsed.
type compiled struct {
	url                     Expr
	host                    string // RequestURL's host name, as checkURL read it
	params, headers, args   map[string]Expr
	link, thumb, del, error Expr
}

// compile parses and checks every expression of s.
func (s Spec) compile() (*compiled, error) {
	switch strings.ToUpper(s.Method) {
	case "", "POST", "PUT", "PATCH":
	default:
		return nil, unsupported("RequestMethod", s.Method, false, "a file upload needs POST, PUT or PATCH")
	}
	if strings.TrimSpace(s.FileFormName) == "" {
		return nil, unsupported("FileFormName", s.FileFormName, false, "a multipart upload needs the name of the file's form field")
	}
	c := &compiled{}
	var err error
	if c.url, err = expr("RequestURL", s.RequestURL, false, false); err != nil {
		return nil, err
	}
	if c.host, err = checkURL(c.url, s.RequestURL); err != nil {
		return nil, err
	}
	if c.params, err = exprMap("Parameters", s.Parameters); err != nil {
		return nil, err
	}
	if c.headers, err = exprMap("Headers", s.Headers); err != nil {
		return nil, err
	}
	if err := checkHeaders(s.Headers); err != nil {
		return nil, err
	}
	if c.args, err = exprMap("Arguments", s.Arguments); err != nil {
		return nil, err
	}
	for _, r := range []struct {
		key string
		src string
		dst *Expr
	}{{"URL", s.URL, &c.link}, {"ThumbnailURL", s.ThumbnailURL, &c.thumb}, {"DeletionURL", s.DeletionURL, &c.del}, {"ErrorMessage", s.ErrorMessage, &c.error}} {
		if *r.dst, err = expr(r.key, r.src, true, false); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// expr parses and checks one expression; secret hides its value in errors.
func expr(key, src string, inResponse, secret bool) (Expr, error) {
	e, err := ParseExpr(src)
	if err == nil {
		err = e.check(inResponse)
	}
	if err != nil {
		return nil, unsupported(key, src, secret, err.Error())
	}
	return e, nil
}

// exprMap parses the request-side expressions of a map.
func exprMap(key string, m map[string]string) (map[string]Expr, error) {
	out := make(map[string]Expr, len(m))
	for k, v := range m {
		if strings.TrimSpace(k) == "" {
			return nil, unsupported(key, k, false, "an empty name")
		}
		e, err := expr(fmt.Sprintf("%s[%q]", key, k), v, false, v != SecretPlaceholder && isSecretName(k))
		if err != nil {
			return nil, err
		}
		out[k] = e
	}
	return out, nil
}

// checkHeaders refuses header names and plain values that HTTP cannot
// carry, so that a file fails on import rather than at every upload.
func checkHeaders(h map[string]string) error {
	for k, v := range h {
		if !validToken(k) {
			return unsupported("Headers", k, false, "not a valid header name")
		}
		if strings.ContainsAny(v, "\r\n\x00") {
			return unsupported(fmt.Sprintf("Headers[%q]", k), v, isSecretName(k), "a header value cannot span lines")
		}
	}
	return nil
}

// validToken: the characters RFC 9110 allows in a header name.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// checkURL requires an absolute http(s) URL with a host, with no query
// (that belongs in Parameters) and no user:password, and returns its host
// name.
func checkURL(e Expr, src string) (string, error) {
	s, err := e.Eval(&Env{FileName: "x.png", Pick: func(int) int { return 0 }})
	if err != nil {
		return "", unsupported("RequestURL", src, false, err.Error())
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", unsupported("RequestURL", src, false, "not a valid URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", unsupported("RequestURL", src, false, "it must start with https:// or http://")
	case u.Host == "":
		return "", unsupported("RequestURL", src, false, "it has no host name")
	case u.User != nil:
		return "", unsupported("RequestURL", src, true, "it must not contain a user name or password")
	case u.RawQuery != "" || u.ForceQuery:
		return "", unsupported("RequestURL", src, false, "its query belongs in Parameters")
	}
	return u.Hostname(), nil
}

// UnsupportedError names the key of a .sxcu (or of a stored spec) whose
// value Upshot cannot run, and why.
type UnsupportedError struct {
	Key    string // e.g. "Body", `Headers["Authorization"]`
	Value  string // "" when hidden (a credential)
	Hidden bool   // the value is a credential and is not shown
	Reason string
}

func (e *UnsupportedError) Error() string {
	if e.Hidden {
		return fmt.Sprintf("unsupported %s value (%s)", e.Key, e.Reason)
	}
	return fmt.Sprintf("unsupported %s %q (%s)", e.Key, e.Value, e.Reason)
}

func unsupported(key, value string, hidden bool, reason string) *UnsupportedError {
	if hidden {
		value = ""
	}
	return &UnsupportedError{Key: key, Value: value, Hidden: hidden, Reason: reason}
}
