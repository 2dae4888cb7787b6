package uploader

import (
	"net/url"
	"strings"
	"testing"
)

func TestNormalizeEndpoint(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://host", "https://host/api/1/upload"},
		{"host", "https://host/api/1/upload"},
		{"host/", "https://host/api/1/upload"},
		{"  https://host/  ", "https://host/api/1/upload"},
		{"https://host/sub/", "https://host/sub/api/1/upload"},
		{"https://host/sub", "https://host/sub/api/1/upload"},
		{"https://host/api/1/upload", "https://host/api/1/upload"},
		{"https://host/api/1/upload/", "https://host/api/1/upload"},
		{"https://host/sub/api/1/upload/", "https://host/sub/api/1/upload"},
		{"https://host/api/1", "https://host/api/1/upload"},
		{"https://host/api/", "https://host/api/1/upload"},
		{"https://host/api/1/upload?key=secret#frag", "https://host/api/1/upload"},
		{"https://host/?format=json", "https://host/api/1/upload"},
		{"HTTPS://Img.Example.COM/", "https://img.example.com/api/1/upload"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/api/1/upload"},
		{"127.0.0.1:8080/sub//", "https://127.0.0.1:8080/sub/api/1/upload"},
		{"http://[::1]:9/", "http://[::1]:9/api/1/upload"},
		{"https://host/a%20b/", "https://host/a%20b/api/1/upload"},
	}
	for _, tt := range tests {
		got, err := NormalizeEndpoint(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEndpoint(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeEndpointRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty"},
		{"   ", "empty"},
		{"ftp://host/", "must start with https:// or http://, not ftp://"},
		{"https://user:secretpw@host/", "must not contain a user name or password"},
		{"https:///path", "no host name"},
		{"https://ho st/", "not a valid address"},
		{"https://%zz/", "not a valid address"},
	}
	for _, tt := range tests {
		got, err := NormalizeEndpoint(tt.in)
		if err == nil {
			t.Errorf("NormalizeEndpoint(%q) = %q, want an error", tt.in, got)
			continue
		}
		if KindOf(err) != KindEndpoint || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NormalizeEndpoint(%q) error %q (%v), want %q", tt.in, err, KindOf(err), tt.want)
		}
		if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("error quotes the password: %q", err)
		}
	}
}

func TestIsPlainHTTP(t *testing.T) {
	tests := map[string]bool{
		"http://host/api/1/upload": true, "HTTP://host": true,
		"https://host/api/1/upload": false, "": false, "http:/": false,
	}
	for in, want := range tests {
		if got := IsPlainHTTP(in); got != want {
			t.Errorf("IsPlainHTTP(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzNormalizeEndpoint: never panics; a result is always an https/http
// URL ending in /api/1/upload without query, fragment or user info, and
// normalising it again changes nothing.
func FuzzNormalizeEndpoint(f *testing.F) {
	for _, s := range []string{"host", "https://host/sub/", "http://h:1/api/1/upload/?q#f", "ftp://x", "https://u:p@h", "", "::", "https://[::1]/", "0/@0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := NormalizeEndpoint(in)
		if err != nil {
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || !strings.HasSuffix(u.Path, "/api/1/upload") || u.User != nil || u.RawQuery != "" ||
			u.Fragment != "" || strings.Contains(got, "#") || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Fatalf("NormalizeEndpoint(%q) = %q (%v)", in, got, perr)
		}
		again, err := NormalizeEndpoint(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", in, got, again, err)
		}
	})
}
