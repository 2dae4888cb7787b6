package uploader

import (
	"net/url"
	"os"
	"strings"
)

// IsWebURL reports whether s is an absolute http(s) URL with a host.
func IsWebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// SourcesInText picks http(s) links, file:// URIs and existing file or
// folder paths out of text such as a clipboard's (file managers put one
// per line, sometimes quoted). Anything else is skipped.
func SourcesInText(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.Trim(strings.TrimSpace(line), `"'`))
		switch {
		case line == "":
		case IsWebURL(line):
			out = append(out, line)
		case strings.HasPrefix(line, "file://"):
			if u, err := url.Parse(line); err == nil && u.Path != "" {
				out = append(out, u.Path)
			}
		default:
			if st, err := os.Stat(line); err == nil && (st.Mode().IsRegular() || st.IsDir()) {
				out = append(out, line)
			}
		}
	}
	return out
}
