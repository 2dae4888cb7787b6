package platform

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDirsFollowXDG(t *testing.T) {
	env := envOf(map[string]string{"XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d"})
	if got := ConfigDir(env); got != "/c/upshot" {
		t.Errorf("ConfigDir = %q, want /c/upshot", got)
	}
	if got := DataDir(env); got != "/d/upshot" {
		t.Errorf("DataDir = %q, want /d/upshot", got)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	none := envOf(nil)
	if got, want := DataDir(none), filepath.Join(home, ".local", "share", "upshot"); got != want {
		t.Errorf("DataDir without XDG_DATA_HOME = %q, want %q", got, want)
	}
	if got, want := ConfigDir(none), filepath.Join(home, ".config", "upshot"); got != want {
		t.Errorf("ConfigDir without XDG_CONFIG_HOME = %q, want %q", got, want)
	}
}

func TestTrayOverride(t *testing.T) {
	if TrayHostPresent(envOf(map[string]string{"UPSHOT_TRAY": "0", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"})) {
		t.Error("UPSHOT_TRAY=0 reported a tray host")
	}
	if !TrayHostPresent(envOf(map[string]string{"UPSHOT_TRAY": "1"})) {
		t.Error("UPSHOT_TRAY=1 reported no tray host")
	}
	if TrayHostPresent(envOf(nil)) {
		t.Error("no session bus, yet a tray host")
	}
}

func TestCheckDisplay(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("unix", filepath.Join(dir, "wayland-9"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct {
		name string
		env  map[string]string
		want string // "" = no error; else a part of the message
	}{
		{"nothing", nil, "no display to open the window on"},
		{"wayland socket there", map[string]string{"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": dir, "DISPLAY": ":99"}, ""},
		{"stale wayland only", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": dir}, "no Wayland compositor answers on " + filepath.Join(dir, "wayland-0")},
		{"stale wayland, no X", map[string]string{"WAYLAND_DISPLAY": "gone", "XDG_RUNTIME_DIR": dir, "DISPLAY": ":987"}, "check DISPLAY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDisplay(DetectSession(envOf(tt.env)))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckDisplay = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckDisplay = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestAutostartEntry(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if err := SetAutostart(true, "/opt/up shot/upshot"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", "upshot.desktop")
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), `Exec="/opt/up shot/upshot"`) {
		t.Fatalf("entry %q, %v", data, err)
	}
	if err := SetAutostart(false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("entry still there after turning it off: %v", err)
	}
	if err := SetAutostart(false, ""); err != nil {
		t.Errorf("turning off twice: %v", err)
	}
}
