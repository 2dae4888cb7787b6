package platform

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/platform/traytest"
	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
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
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"UPSHOT_TRAY=0", map[string]string{"UPSHOT_TRAY": "0", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"}, false},
		{"UPSHOT_TRAY=1", map[string]string{"UPSHOT_TRAY": "1"}, true},
		{"no session bus", nil, false},
		{"a bus that is not there", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []bool
			WatchTrayHost(context.Background(), envOf(tt.env), func(p bool) { got = append(got, p) })
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("reported %v, want once %v", got, tt.want)
			}
		})
	}
}

// TestWatchTrayHostFollowsTheHost: a tray host that starts after the app
// counts from then on, and one that goes away (a panel that quits) stops
// counting — the app must not hide its window into a tray that is gone.
func TestWatchTrayHostFollowsTheHost(t *testing.T) {
	portaltest.PrivateBus(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan bool, 8)
	WatchTrayHost(ctx, os.Getenv, func(p bool) { changes <- p })
	next := func(want bool, what string) {
		t.Helper()
		select {
		case got := <-changes:
			if got != want {
				t.Fatalf("%s: reported %v, want %v", what, got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: nothing reported", what)
		}
	}
	next(false, "before any host")
	w := traytest.Start(t)
	next(true, "a host started")
	w.Stop()
	next(false, "the host gone")
	traytest.Start(t)
	next(true, "a host again")
	select {
	case p := <-changes:
		t.Errorf("reported %v with nothing changed", p)
	default:
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
