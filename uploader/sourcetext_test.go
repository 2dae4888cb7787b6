package uploader

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSourcesInText(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a b.png")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := " https://example.com/cat.png \n'" + file + "'\nfile://" + filepath.ToSlash(dir) + "/a%20b.png\n" +
		"hello world\n/no/such/file.png\nftp://x/y.png\nhttp:///nohost\n\n" + dir
	want := []string{"https://example.com/cat.png", file, file, dir}
	if got := SourcesInText(text); !slices.Equal(got, want) {
		t.Errorf("SourcesInText = %q, want %q", got, want)
	}
	if got := SourcesInText(""); got != nil {
		t.Errorf("empty text gave %q", got)
	}
}
