package uploader

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// readmeFormats marks README's table of link formats.
const (
	readmeFormatsStart = "<!-- formats:start: made from uploader.LinkFormatTable; UPSHOT_UPDATE_README=1 go test ./uploader -run TestReadmeLinkFormats rewrites it -->"
	readmeFormatsEnd   = "<!-- formats:end -->"
)

// formatsTable is README's table as LinkFormatTable and en.json make it.
func formatsTable(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../assets/translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := json.Unmarshal(raw, &en); err != nil {
		t.Fatal(err)
	}
	d := LinkData{Filename: "shot.png", Result: &Result{
		URL: "https://img.example/images/shot.png", Viewer: "https://img.example/image/shot.Ab1",
		Short: "https://img.example/Ab1", Thumb: "https://img.example/images/shot.th.png",
		Delete: "https://img.example/image/Ab1/delete/9f3c", Width: 1280, Height: 800,
	}}
	var b strings.Builder
	b.WriteString("| format | in the app | example |\n|---|---|---|\n")
	for _, f := range LinkFormatTable() {
		label, ok := en[f.Label].(string)
		if !ok {
			t.Fatalf("en.json has no text for %s's label %q", f.Name, f.Label)
		}
		link, err := f.Render(d)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", f.Name, label, link)
	}
	return b.String()
}

// TestReadmeLinkFormats fails when README's table of link formats and
// LinkFormatTable disagree.
func TestReadmeLinkFormats(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, readmeFormatsStart), strings.Index(readme, readmeFormatsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q … %q", readmeFormatsStart, readmeFormatsEnd)
	}
	i += len(readmeFormatsStart) + 1
	want := formatsTable(t)
	if readme[i:j] == want {
		return
	}
	if os.Getenv("UPSHOT_UPDATE_README") == "1" {
		if err := os.WriteFile("../README.md", []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("README.md's table of link formats rewritten")
		return
	}
	t.Errorf("README.md's table of link formats differs from LinkFormatTable; run UPSHOT_UPDATE_README=1 go test ./uploader -run TestReadmeLinkFormats\nwant:\n%s\ngot:\n%s", want, readme[i:j])
}
