package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNotePatternsMatchTheUploader: each note the window translates is
// worded so in the uploader's source, so that a change there shows here.
func TestNotePatternsMatchTheUploader(t *testing.T) {
	files, _ := filepath.Glob("../uploader/*.go")
	var src strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for _, np := range notePatterns {
		if !strings.Contains(src.String(), np.src) {
			t.Errorf("the uploader no longer writes %q (%s)", np.src, np.key)
		}
	}
}

func TestNoteText(t *testing.T) {
	notes := []struct{ note, en, zh string }{
		{"resized 4000×3000 → 1920×1440 to fit 5 MB; uploaded after 2 attempts",
			"resized 4000×3000 → 1920×1440 to fit 5 MB; uploaded after 2 attempts",
			"已从 4000×3000 缩小到 1920×1440，以符合 5 MB 的上限；尝试 2 次后上传成功"},
		{"host asks to slow down — retrying at 10:42:05", "host asks to slow down — retrying at 10:42:05", "图床要求放慢速度——将于 10:42:05 重试"},
		{"stopped: the queue was closed before it finished; it will be offered again next time",
			"stopped: the queue was closed before it finished; it will be offered again next time",
			"已停止：队列在完成前被关闭；下次启动时会再次提供"},
		{"something new", "something new", "something new"},
	}
	for _, code := range []string{"en", "zh"} {
		withLanguage(t, code)
		for _, n := range notes {
			want := n.en
			if code == "zh" {
				want = n.zh
			}
			if got := noteText(n.note); got != want {
				t.Errorf("%s: noteText(%q) = %q, want %q", code, n.note, got, want)
			}
		}
	}
}
