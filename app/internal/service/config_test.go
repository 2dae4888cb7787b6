package service

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader/profile"
)

// TestSaveConfigKeepsAnUnreadableFile: Settings saving over a config the
// app could not read moves that file aside instead of overwriting it.
func TestSaveConfigKeepsAnUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "upshot", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	broken := "default = [\n# my hosts, half edited\n"
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := profile.New()
	cfg.Profiles = []profile.Profile{{Name: "mine", Host: "https://img.example.org/api/1/upload"}}
	now := time.Date(2026, 11, 23, 10, 4, 5, 0, time.UTC)
	kept, err := SaveConfig(path, cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if kept != path+".broken-20261123-100405" {
		t.Errorf("kept as %q", kept)
	}
	if b, err := os.ReadFile(kept); err != nil || string(b) != broken {
		t.Errorf("the unreadable file was not kept intact: %q %v", b, err)
	}
	got, err := profile.Load(path)
	if err != nil || len(got.Profiles) != 1 || got.Profiles[0].Name != "mine" {
		t.Fatalf("saved config: %+v %v", got, err)
	}
	kept, err = SaveConfig(path, got, now.Add(time.Minute))
	if err != nil || kept != "" {
		t.Errorf("saving over a good file: kept %q, %v — want it simply rewritten", kept, err)
	}
}
