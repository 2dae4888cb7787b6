package profile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// fullProfile sets every field, so that the round trip notices a field the
// file format forgets.
func fullProfile() Profile {
	return Profile{
		Name: "img.api.hn", Host: "https://img.api.hn/api/1/upload", MaxSize: 5_000_000,
		Formats: []string{"png", "jpg"},
		Defaults: uploader.Options{
			Title: "t", Description: "d", Tags: []string{"a", "b"}, AlbumID: "mq", CategoryID: 3,
			Width: 800, Expiration: "P3D", NSFW: true, UseFileDate: true,
		},
		TitleTemplate: "{filename} {date}", LinkFormat: "markdown", Jobs: 2,
		Fit: true, Strip: true, Preset: "img.api.hn", Key: "fallback-key",
		SXCU: &sxcu.Spec{
			Method: "PUT", RequestURL: "https://img.api.hn/api/1/upload", Parameters: map[string]string{"a": "b"},
			Headers: map[string]string{"X-Client": "upshot"}, Arguments: map[string]string{"name": "{filename}"},
			FileFormName: "file", URL: "{json:data.link}", ThumbnailURL: "{json:data.thumb}",
			DeletionURL: "{json:data.delete}", ErrorMessage: "{json:error}",
		},
	}
}

func TestFullProfileSetsEveryField(t *testing.T) {
	for _, v := range []reflect.Value{reflect.ValueOf(fullProfile()), reflect.ValueOf(fullProfile().Defaults), reflect.ValueOf(*fullProfile().SXCU)} {
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).IsZero() {
				t.Errorf("fullProfile leaves %s.%s zero", v.Type().Name(), v.Type().Field(i).Name)
			}
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "upshot", "config.toml")
	c := New()
	c.Settings = Settings{Language: "es", Notifications: false, Autostart: true, LinkFormat: "bbcode",
		Jobs: 4, Hotkeys: map[string]string{"capture": "Ctrl+Shift+U"}, CloseToTray: true}
	if err := c.Add(fullProfile()); err != nil {
		t.Fatal(err)
	}
	if err := c.Add(Profile{Name: "mine", Host: "mineurl.org/"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetDefault("MINE"); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, c)
	}
	if got.Default != "mine" || got.Profiles[1].Host != "https://mineurl.org/api/1/upload" {
		t.Errorf("default %q, host %q", got.Default, got.Profiles[1].Host)
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	if !strings.HasPrefix(text, "# Upshot configuration") {
		t.Error("the file does not start with the explaining header")
	}
	body := strings.TrimPrefix(text, header)
	if strings.Contains(body, "width = 0") || strings.Count(body, "[profile.defaults]") != 1 {
		t.Errorf("zero defaults were written:\n%s", text)
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (err %v), want %v", p, st.Mode().Perm(), err, mode)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestLoadMissingFile(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Profiles) != 0 || !c.Settings.Notifications {
		t.Errorf("got %+v, want no profiles and notifications on", c)
	}
	if _, ok := c.Active(); ok {
		t.Error("an empty config has an active profile")
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"syntax", "default = \"a\"\n[settings]\nlanguage = \n", "line 3"},
		{"wrong type", "[[profile]]\nname = \"a\"\nmax_size = \"5 MB\"\n", "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "broken.toml")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s and %q", err, path, tt.want)
			}
		})
	}
}

func TestLoadReportsUnknownKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := "[settings]\nnotifications = false\n[[profile]]\nname = \"a\"\nhost = \"https://h/api/1/upload\"\nmax-size = 5\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Unknown, []string{"profile.max-size"}) || c.Settings.Notifications {
		t.Errorf("Unknown = %v, notifications = %v", c.Unknown, c.Settings.Notifications)
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name, upshot, xdg, want string
	}{
		{"explicit", "/etc/upshot.toml", "/x", "/etc/upshot.toml"},
		{"xdg", "", "/home/u/.cfg", "/home/u/.cfg/upshot/config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("UPSHOT_CONFIG", tt.upshot)
			t.Setenv("XDG_CONFIG_HOME", tt.xdg)
			if got := DefaultPath(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("home", func(t *testing.T) {
		t.Setenv("UPSHOT_CONFIG", "")
		t.Setenv("XDG_CONFIG_HOME", "")
		t.Setenv("HOME", "/home/v")
		want := filepath.Join(userConfigDir(t), "upshot", "config.toml")
		if got := DefaultPath(); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func userConfigDir(t *testing.T) string {
	t.Helper()
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestConfigEditing(t *testing.T) {
	c := New()
	if err := c.Add(Profile{Name: "one", Host: "https://a.example"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Add(Profile{Name: "ONE", Host: "https://b.example"}); err == nil {
		t.Error("Add accepted a name that differs only in case")
	}
	if err := c.Put(Profile{Name: "one", Host: "https://b.example", Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	if p, ok := c.Get("One"); !ok || p.Host != "https://b.example/api/1/upload" || len(c.Profiles) != 1 {
		t.Errorf("after Put: %+v", c.Profiles)
	}
	if err := c.Add(Profile{Name: "two", Host: "https://c.example/sub/"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Active(); p.Name != "one" {
		t.Errorf("Active without default = %q, want the first", p.Name)
	}
	if err := c.SetDefault("two"); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Active(); p.Name != "two" {
		t.Errorf("Active = %q, want the default", p.Name)
	}
	if err := c.SetDefault("three"); err == nil {
		t.Error("SetDefault accepted a missing profile")
	}
	if err := c.Remove("two"); err != nil || c.Default != "" || len(c.Profiles) != 1 {
		t.Errorf("Remove: %v, default %q, %d profiles", err, c.Default, len(c.Profiles))
	}
	if err := c.Remove("two"); err == nil {
		t.Error("Remove of a missing profile succeeded")
	}
	if _, ok := c.Get(""); ok {
		t.Error("Get(\"\") found a profile")
	}
}

func TestSaveRefusesInvalidProfiles(t *testing.T) {
	tests := []struct {
		name     string
		profiles []Profile
		want     string
	}{
		{"bad host", []Profile{{Name: "a", Host: "ftp://x"}}, "https://"},
		{"duplicate", []Profile{{Name: "a", Host: "h.example"}, {Name: "A", Host: "h.example"}}, "two profiles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			c := &Config{Profiles: tt.profiles}
			err := c.Save(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("an invalid config was written")
			}
		})
	}
}

func TestLoadKeepsDefaultSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("default = \"a\"\n[settings]\nautostart = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Settings.Notifications || !c.Settings.Autostart || c.Default != "a" {
		t.Errorf("settings = %+v, default %q; want notifications on when the file does not say", c.Settings, c.Default)
	}
	if !c.Settings.CloseToTray {
		t.Error("close_to_tray is off when the file does not say: closing the window would quit despite a tray")
	}
	if err := os.WriteFile(path, []byte("[settings]\nclose_to_tray = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err = Load(path); err != nil || c.Settings.CloseToTray {
		t.Errorf("close_to_tray = false read as %v (%v)", c.Settings.CloseToTray, err)
	}
}

func TestCaptureDelaySetting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[settings]\ncapture_delay = 2.5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Unknown) != 0 || c.Settings.Delay() != 2500*time.Millisecond {
		t.Fatalf("capture_delay = 2.5 reads as %v (unknown keys %v)", c.Settings.Delay(), c.Unknown)
	}
	for _, tt := range []struct {
		secs float64
		want time.Duration
	}{{0, DefaultCaptureDelay}, {-3, DefaultCaptureDelay}, {1, time.Second}, {9999, MaxCaptureDelay}} {
		if got := (Settings{CaptureDelay: tt.secs}).Delay(); got != tt.want {
			t.Errorf("CaptureDelay %v: Delay() = %v, want %v", tt.secs, got, tt.want)
		}
	}
	if New().Settings.Delay() != 5*time.Second {
		t.Errorf("a new configuration waits %v, want the 5 s default", New().Settings.Delay())
	}
	// A saved delay survives the round trip; the default is not written.
	c.Settings.CaptureDelay = 3
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	if c2, _ := Load(path); c2.Settings.Delay() != 3*time.Second {
		t.Errorf("after Save: %v", c2.Settings.Delay())
	}
}
