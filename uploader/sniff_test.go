package uploader

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		mime string
		ok   bool
	}{
		{"png", fxBytes(t, "png", 2, 2), "image/png", true},
		{"jpeg", fxBytes(t, "jpeg", 2, 2), "image/jpeg", true},
		{"gif", fxBytes(t, "gif", 2, 2), "image/gif", true},
		{"bmp", fxBytes(t, "bmp", 2, 2), "image/bmp", true},
		{"webp", fxBytes(t, "webp", 2, 2), "image/webp", true},
		{"avif", fxBytes(t, "avif", 2, 2), "image/avif", true},
		{"avif by compatible brand", fxISO("mif1", "avif", 2, 2), "image/avif", true},
		{"mp4", fxBytes(t, "mp4", 0, 0), "video/mp4", true},
		{"m4v", fxISO("M4V ", "isom", 0, 0), "video/mp4", true},
		{"mov", fxBytes(t, "mov", 0, 0), "video/quicktime", true},
		{"old mov without ftyp", append([]byte{0, 0, 0, 8, 'w', 'i', 'd', 'e'}, make([]byte, 16)...), "video/quicktime", true},
		{"webm", fxBytes(t, "webm", 0, 0), "video/webm", true},
		{"matroska", fxBytes(t, "mkv", 0, 0), "video/x-matroska", false},
		{"heic", fxBytes(t, "heic", 2, 2), "image/heic", false},
		{"m4a", fxISO("M4A ", "isom", 0, 0), "audio/mp4", false},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00"), "image/tiff", false},
		{"text", []byte("hello world\n"), "text/plain", false},
		{"text that says the free", []byte("the free world"), "text/plain", false},
		{"text starting BM", []byte("BMW owners club meeting notes"), "text/plain", false},
		{"html", []byte("<!DOCTYPE html><html><body>404</body></html>"), "text/html", false},
		{"pdf", []byte("%PDF-1.7\n"), "application/pdf", false},
		{"empty", nil, "text/plain", false},
		{"zeros", make([]byte, 512), "application/octet-stream", false},
		{"short riff", []byte("RIFF"), "text/plain", false},
		{"binary starting BM", []byte("BM\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\xff\xff\xff\xff"), "application/octet-stream", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mime, ok := Sniff(tt.head)
			if mime != tt.mime || ok != tt.ok {
				t.Errorf("Sniff = %q, %v; want %q, %v", mime, ok, tt.mime, tt.ok)
			}
		})
	}
}

// TestSniffCoversSupportedExts: every extension has a type Sniff accepts.
func TestSniffCoversSupportedExts(t *testing.T) {
	exts := map[string]bool{}
	for _, e := range mimeExt {
		exts[e] = true
	}
	for _, e := range SupportedExts {
		if !exts[e] && e != "jpeg" {
			t.Errorf("extension %q has no sniffed type", e)
		}
		if !strings.Contains(acceptedList, strings.ToUpper(e)) && e != "jpeg" {
			t.Errorf("acceptedList lacks %q", e)
		}
	}
}

// FuzzSniff: never panics; an accepted type is one of the supported ones
// and the answer does not depend on bytes past the first 512.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"))
	f.Add([]byte("\x00\x00\x00\x14ftypavif\x00\x00\x00\x00mif1"))
	f.Add([]byte("\x00\x00\x00\xffftyp"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X"))
	f.Add([]byte("BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x28\x00\x00\x00"))
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 'w', 'e', 'b', 'm'})
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, head []byte) {
		mime, ok := Sniff(head)
		if _, known := mimeExt[mime]; ok != known {
			t.Fatalf("Sniff(%q) = %q, %v", head, mime, ok)
		}
		if mime == "" {
			t.Fatalf("Sniff(%q) gave no type", head)
		}
		if len(head) > sniffLen {
			m2, ok2 := Sniff(head[:sniffLen])
			if ok2 != ok || (ok && m2 != mime) {
				t.Fatalf("answer depends on bytes past %d: %q vs %q", sniffLen, mime, m2)
			}
		}
		_ = http.DetectContentType(head)
		_ = bytes.Clone(head)
	})
}
