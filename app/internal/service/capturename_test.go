package service

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

func TestCaptureNames(t *testing.T) {
	at := time.Date(2026, 12, 2, 2, 29, 1, 0, time.Local)
	name := CaptureName(at)
	if name != "Screenshot 2026-12-02 02.29.01" {
		t.Errorf("CaptureName = %q", name)
	}
	if strings.ContainsAny(name, `:/\*?"<>|`) {
		t.Errorf("%q has a character some system refuses in a file name", name)
	}
	for _, tt := range []struct{ file, title string }{
		{name + ".png", "Screenshot 2026-12-02 02:29:01"},
		{"/data/captures/" + name + " (2).png", "Screenshot 2026-12-02 02:29:01 (2)"},
		{name + ".jpg", "Screenshot 2026-12-02 02:29:01"},                        // re-encoded to fit the host
		{"Screenshot 2026-11-23 10-42-05.png", "Screenshot 2026-11-23 10:42:05"}, // named before, still in a journal
		{"Screenshot 2026-12-02 02.29.png", ""},
		{"Screenshot of my desk.png", ""},
		{"holiday-2026-12-02.png", ""},
	} {
		if got := CaptureTitle(tt.file); got != tt.title {
			t.Errorf("CaptureTitle(%q) = %q, want %q", tt.file, got, tt.title)
		}
	}
}

// TestCaptureTitleIsSent: a capture uploads with its readable title
// (Chevereto would make "Screenshot 2026 12 02 02 29 01" of the file name)
// unless the user gave one — in the upload options, as the profile's
// default title or its title template; any other file is left for the
// host to name.
func TestCaptureTitleIsSent(t *testing.T) {
	host := chevtest.NewTB(t, chevtest.Options{Guest: true})
	dir := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": filepath.Join(dir, "data")}
	p := ResolvePaths(filepath.Join(dir, "config.toml"), func(k string) string { return env[k] })
	cfg := profile.New()
	for _, pr := range []profile.Profile{
		{Name: "plain", Host: host.Endpoint()},
		{Name: "template", Host: host.Endpoint(), TitleTemplate: "{date} desk"},
		{Name: "default", Host: host.Endpoint(), Defaults: uploader.Options{Title: "Team board"}},
	} {
		if err := cfg.Put(pr); err != nil {
			t.Fatal(err)
		}
	}
	targets, err := NewTargets(cfg, p, TargetSpec{Profile: "plain"},
		Deps{Secrets: func(string) (profile.Secrets, bool, error) { return mapSecrets{}, false, nil }}, func(Warning) {})
	if err != nil {
		t.Fatal(err)
	}
	q, err := OpenQueue(p, 1, targets.Pin, targets.ResolveDest, nil, func(Warning) {})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	at := time.Date(2026, 12, 2, 2, 29, 1, 0, time.Local)
	shot := func() string {
		f := CaptureFlow{
			Shoot: func(capture.Mode) (*image.RGBA, error) { return image.NewRGBA(image.Rect(0, 0, 6, 4)), nil },
			Dir:   p.Captures,
			Now:   func() time.Time { return at },
		}
		path, err := f.Run(context.Background(), Shot{Mode: capture.ModeFull})
		if err != nil {
			t.Fatal(err)
		}
		return path
	}
	other := filepath.Join(dir, "holiday-1.png")
	if err := os.WriteFile(other, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		profile, title, path, want string
	}{
		{"plain", "", shot(), "Screenshot 2026-12-02 02:29:01"},
		{"plain", "", shot(), "Screenshot 2026-12-02 02:29:01 (2)"},
		{"plain", "Mine", shot(), "Mine"},
		// {date} is the upload's day (profile.ExpandTitle), not the capture's
		{"template", "", shot(), time.Now().Format("2006-01-02") + " desk"},
		{"default", "", shot(), "Team board"},
		{"plain", "", other, ""},
	}
	for _, c := range cases {
		id := q.AddOwned(c.profile, uploader.Options{Title: c.title}, c.path)
		items, err := q.WaitFor(context.Background(), []int64{id})
		if err != nil || items[0].State != uploader.StateDone {
			t.Fatalf("%s: %+v %v", filepath.Base(c.path), items, err)
		}
		reqs := host.Requests()
		if got := reqs[len(reqs)-1].Fields["title"]; got != c.want {
			t.Errorf("%s on %s (title %q): sent title %q, want %q", filepath.Base(c.path), c.profile, c.title, got, c.want)
		}
	}
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
