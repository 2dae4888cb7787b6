package platform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeOpener writes an xdg-open stand-in that runs script.
func fakeOpener(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "xdg-open")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// "Open" without a browser says it failed and why (issue 15 §8): starting
// xdg-open is not opening the link.
func TestOpenWithReportsWhatXdgOpenSays(t *testing.T) {
	tests := []struct {
		name, script string
		want         string // "" = success
	}{
		{"no browser", "echo 'xdg-open: no method available for opening' >&2; exit 3", "no web browser is set up"},
		{"browser failed", "echo 'gio: Operation not supported' >&2; exit 4", "the browser could not open the link (gio: Operation not supported)"},
		{"opened", "exit 0", ""},
		{"browser runs on", "sleep 5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := openWith(fakeOpener(t, tt.script), "https://img.test/image/aB1", 500*time.Millisecond)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want success", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
	if err := openWith(filepath.Join(t.TempDir(), "xdg-open"), "https://x.test", time.Second); err == nil ||
		!strings.Contains(err.Error(), "is not installed") {
		t.Errorf("missing opener: err = %v", err)
	}
}
