package uploader

import (
	"net/url"
	"strings"
)

// apiPath is the one path Chevereto's API V1.1 answers on.
const apiPath = "/api/1/upload"

// NormalizeEndpoint turns whatever a user pastes ("host", "https://host/",
// "https://host/sub/", ".../api/1/upload/", with or without scheme) into the
// exact upload endpoint "https://host/sub/api/1/upload". Query and fragment
// are dropped: the server 301-redirects any of them, and a POST must never
// be redirected. The error never quotes the input, which may hold a key.
func NormalizeEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", invalidf(KindEndpoint, "the host URL is empty — enter the site address, e.g. https://example.com")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", invalidf(KindEndpoint, "the host URL is not a valid address — enter the site address, e.g. https://example.com")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return "", invalidf(KindEndpoint, "the host URL must start with https:// or http://, not %s://", safeScheme(scheme))
	}
	if u.User != nil {
		return "", invalidf(KindEndpoint, "the host URL must not contain a user name or password — put the API key in the key field")
	}
	if u.Hostname() == "" || u.Opaque != "" {
		return "", invalidf(KindEndpoint, "the host URL has no host name — enter the site address, e.g. https://example.com")
	}
	if strings.ContainsAny(u.Host, " \t\\") {
		return "", invalidf(KindEndpoint, "the host URL has an invalid host name")
	}
	out := url.URL{Scheme: scheme, Host: strings.ToLower(u.Host), Path: sitePath(u.Path) + apiPath}
	return out.String(), nil
}

// sitePath is the site's sub-folder ("" or "/sub"), with any trailing
// slashes and any /api/1/upload (or part of it) cut off.
func sitePath(p string) string {
	if i := strings.Index(p, apiPath); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	for _, tail := range []string{"/api/1", "/api"} {
		p = strings.TrimSuffix(p, tail)
	}
	return strings.TrimRight(p, "/")
}

// safeScheme keeps an error message short and free of pasted secrets.
func safeScheme(s string) string {
	if len(s) > 10 {
		return s[:10] + "…"
	}
	return s
}

// IsPlainHTTP reports whether uploads to endpoint travel unencrypted (the
// key and the files can be read on the way); callers flag it.
func IsPlainHTTP(endpoint string) bool {
	return len(endpoint) >= 7 && strings.EqualFold(endpoint[:7], "http://")
}
