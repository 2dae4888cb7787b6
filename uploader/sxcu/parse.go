package sxcu

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Parsed is a .sxcu file read and checked.
type Parsed struct {
	Name     string   // the file's Name, else the host name of its RequestURL
	Legacy   bool     // written in the $…$ syntax of ShareX before 14
	Spec     Spec     // the uploader, in ShareX 14 syntax
	Warnings []string // what the file holds that Upshot leaves out
}

// Parse reads a .sxcu document: the files of ShareX 14 and later
// (RequestMethod, Body, {json:…} syntax) and older ones (RequestType,
// RequestFormat, ResponseType, RegexList, $json:…$ syntax). Only image and
// file uploaders with a multipart body can run; anything else is an
// *UnsupportedError naming the key and its value.
func Parse(data []byte) (*Parsed, error) {
	f, err := decodeFile(data)
	if err != nil {
		return nil, err
	}
	if err := check(f); err != nil {
		return nil, err
	}
	p := &Parsed{Legacy: legacySyntax(f)}
	rawURL, query := splitQuery(strings.TrimSpace(f.RequestURL.s))
	if rawURL == "" {
		return nil, unsupported("RequestURL", "", false, "the file gives no address to upload to")
	}
	warn := slices.Clone(f.repeated)
	if !strings.Contains(rawURL, "://") {
		rawURL = "https://" + rawURL
		warn = append(warn, "RequestURL has no scheme: https:// assumed")
	}
	conv := converter{legacy: p.Legacy, regex: texts(f.RegexList), answer: legacyAnswer(f)}
	s, err := conv.spec(f, rawURL, query)
	if err != nil {
		return nil, err
	}
	warn = append(warn, dropHeaders(&s)...)
	if err := checkHeaderCase(s.Headers); err != nil {
		return nil, err
	}
	c, err := s.compile()
	if err != nil {
		return nil, err
	}
	p.Spec, p.Name = s, fileName(f.Name.s, c.host)
	p.Warnings = append(warn, unknownKeys(f)...)
	return p, nil
}

// check refuses, before any expression is read, what cannot be a
// multipart image or file uploader or does not mean what it seems to.
func check(f *rawFile) error {
	for _, fn := range []func(*rawFile) error{checkVersion, checkRequestURL, checkKind} {
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// legacyVersion is the last ShareX version of the $…$ syntax.
var legacyVersion = []int{13, 7, 1}

// legacySyntax: ShareX up to 13.7.1 wrote $…$, later versions {…}. A file
// without a Version is legacy unless it calls a function the {…} way
// (a $ alone, say in a password, proves nothing).
func legacySyntax(f *rawFile) bool {
	if v := strings.TrimSpace(f.Version.s); v != "" {
		return compareVersion(v, legacyVersion) <= 0
	}
	all := []string{f.RequestURL.s, f.URL.s, f.ThumbnailURL.s, f.DeletionURL.s, f.ErrorMessage.s}
	for _, m := range []textMap{f.Parameters, f.Headers, f.Arguments} {
		for _, v := range m {
			all = append(all, v.s)
		}
	}
	return !currentCall.MatchString(strings.Join(all, "\n"))
}

// currentCall finds a ShareX 14 call such as {json:…} or {filename}.
var currentCall = regexp.MustCompile(`(?i)\{(json|regex|response|responseurl|header|filename|input|random|xml|base64|prompt|select|inputbox|outputbox|output)[:|}]`)

// compareVersion compares "14.1.0" with want part by part; junk parts
// count as 0.
func compareVersion(v string, want []int) int {
	parts := strings.Split(v, ".")
	for i, w := range want {
		n := 0
		if i < len(parts) {
			n, _ = strconv.Atoi(strings.TrimSpace(parts[i]))
		}
		if n != w {
			if n < w {
				return -1
			}
			return 1
		}
	}
	return 0
}

// checkKind refuses what is not a multipart image or file uploader.
func checkKind(f *rawFile) error {
	d := f.DestinationType
	if d.set && d.flags&(destImage|destFile) == 0 {
		return unsupported("DestinationType", d.raw, false, notImages)
	}
	if _, err := responseType(f); err != nil {
		return err
	}
	switch body := bodyOf(f); {
	case body.key == "":
	case !strings.EqualFold(body.value, "MultipartFormData"):
		return unsupported(body.key, body.value, false, "only MultipartFormData is supported")
	}
	return noFileField(f)
}

// keyValue names a key of the file and its value.
type keyValue struct{ key, value string }

// bodyOf is the body type: Body, else RequestFormat ("Automatic" is
// multipart for an image uploader), else multipart for a file without a
// Version (old or hand-written) and "None" for one of ShareX 13 or later,
// which writes Body. The key is "" when fine.
func bodyOf(f *rawFile) keyValue {
	switch {
	case f.Body.set:
		return keyValue{"Body", f.Body.s}
	case f.RequestFormat.set && !strings.EqualFold(f.RequestFormat.s, "Automatic"):
		return keyValue{"RequestFormat", f.RequestFormat.s}
	case strings.TrimSpace(f.Version.s) == "" || compareVersion(f.Version.s, []int{13}) < 0:
		return keyValue{}
	}
	return keyValue{"Body", "None"}
}

// method is RequestMethod, else the legacy RequestType, else POST.
func method(f *rawFile) string {
	m := f.RequestMethod.s
	if !f.RequestMethod.set {
		m = f.RequestType.s
	}
	m = strings.ToUpper(strings.TrimSpace(m))
	if m == "POST" {
		return ""
	}
	return m
}

// splitQuery cuts a query off the request URL, as ShareX moves it into
// Parameters; a '?' inside {…} is not a query.
func splitQuery(raw string) (string, string) {
	depth := 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case '?':
			if depth <= 0 {
				return raw[:i], raw[i+1:]
			}
		}
	}
	return raw, ""
}

// converter turns the file's expressions into ShareX 14 syntax.
type converter struct {
	legacy bool
	regex  []string
	answer Expr // what the links read instead of the answer (legacyAnswer)
}

// spec converts every expression of the file into a Spec.
func (c converter) spec(f *rawFile, rawURL, query string) (Spec, error) {
	s := Spec{Method: method(f), FileFormName: strings.TrimSpace(f.FileFormName.s)}
	var err error
	if s.RequestURL, err = c.one("RequestURL", rawURL); err != nil {
		return s, err
	}
	if s.Parameters, err = c.params(query, f.Parameters); err != nil {
		return s, err
	}
	if s.Headers, err = c.many("Headers", f.Headers); err != nil {
		return s, err
	}
	if s.Arguments, err = c.many("Arguments", f.Arguments); err != nil {
		return s, err
	}
	for _, r := range []struct {
		key string
		src text
		dst *string
	}{{"URL", f.URL, &s.URL}, {"ThumbnailURL", f.ThumbnailURL, &s.ThumbnailURL}, {"DeletionURL", f.DeletionURL, &s.DeletionURL}} {
		if *r.dst, err = c.link(r.key, r.src.s); err != nil {
			return s, err
		}
	}
	s.ErrorMessage, err = c.one("ErrorMessage", f.ErrorMessage.s)
	return s, err
}

// link converts an expression that reads a link from the answer; with a
// legacy ResponseType it reads what that made the answer (and an empty
// URL is all of it).
func (c converter) link(key, src string) (string, error) {
	e, err := c.expr(key, src)
	if err != nil || c.answer == nil {
		return e.String(), err
	}
	if e = readFrom(e, c.answer); key == "URL" && len(e) == 0 {
		e = c.answer
	}
	return e.String(), nil
}

// one converts one expression; key names it in errors.
func (c converter) one(key, src string) (string, error) {
	e, err := c.expr(key, src)
	return e.String(), err
}

// expr reads one expression in the file's syntax.
func (c converter) expr(key, src string) (Expr, error) {
	parse := ParseExpr
	if c.legacy {
		parse = func(s string) (Expr, error) { return ParseLegacy(s, c.regex) }
	}
	e, err := parse(src)
	if err != nil {
		return nil, unsupported(key, src, isSecretKey(key), err.Error())
	}
	return e, nil
}

// isSecretKey reports whether a map key like Headers["Authorization"]
// names a credential, whose value errors must not show.
func isSecretKey(key string) bool {
	_, name, ok := strings.Cut(key, "[")
	return ok && isSecretName(name)
}

// many converts the values of a map.
func (c converter) many(key string, m textMap) (map[string]string, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		s, err := c.one(fmt.Sprintf("%s[%q]", key, k), v.s)
		if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, nil
}

// params merges the request URL's query into Parameters (which win).
func (c converter) params(query string, m textMap) (map[string]string, error) {
	out, err := c.many("Parameters", m)
	if err != nil || query == "" {
		return out, err
	}
	if out == nil {
		out = map[string]string{}
	}
	for _, pair := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil && !strings.ContainsAny(v, "{$") {
			v = uv
		}
		if _, ok := out[k]; ok || k == "" {
			continue
		}
		if out[k], err = c.one(fmt.Sprintf("RequestURL query %q", k), v); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// refusedHeaders are set by the upload itself.
var refusedHeaders = []string{"content-type", "content-length", "transfer-encoding", "host", "connection"}

// dropHeaders removes the headers Upshot sets itself and says so.
func dropHeaders(s *Spec) []string {
	var warn []string
	for k := range s.Headers {
		if slices.Contains(refusedHeaders, strings.ToLower(k)) {
			delete(s.Headers, k)
			warn = append(warn, fmt.Sprintf("header %s left out: Upshot sets it for the multipart upload", k))
		}
	}
	if len(s.Headers) == 0 {
		s.Headers = nil
	}
	slices.Sort(warn)
	return warn
}

// fileName is the file's Name, else host, the request URL's host name.
func fileName(name, host string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	if host != "" {
		return host
	}
	return "custom uploader"
}

// unknownKeys warns about keys Upshot does not read.
func unknownKeys(f *rawFile) []string {
	var warn []string
	if strings.TrimSpace(f.Data.s) != "" {
		warn = append(warn, "Data left out: a multipart upload sends Arguments, not Data")
	}
	slices.Sort(f.unknown)
	for _, k := range slices.Compact(f.unknown) {
		warn = append(warn, fmt.Sprintf("unknown key %s ignored", k))
	}
	return warn
}

// texts are the values of a list.
func texts(l textList) []string {
	out := make([]string, len(l))
	for i, t := range l {
		out[i] = t.s
	}
	return out
}
