package record

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// fakeTools finds only the programs named; gst-inspect-1.0 is a script
// that knows every element but those in missingElements.
func fakeTools(t *testing.T, installed []string, missingElements ...string) tools {
	t.Helper()
	inspect := filepath.Join(t.TempDir(), "gst-inspect-1.0")
	script := "#!/bin/sh\n"
	for _, el := range missingElements {
		script += `[ "$2" = "` + el + `" ] && exit 1` + "\n"
	}
	if err := os.WriteFile(inspect, []byte(script+"exit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range installed {
		have[n] = true
	}
	return tools{look: func(name string) (string, error) {
		if !have[name] {
			return "", exec.ErrNotFound
		}
		if name == "gst-inspect-1.0" {
			return inspect, nil
		}
		return "/usr/bin/" + name, nil
	}}
}

var (
	allTools = []string{"ffmpeg", "ffprobe", "wf-recorder", "gst-launch-1.0", "gst-inspect-1.0"}
	noWF     = []string{"ffmpeg", "ffprobe", "gst-launch-1.0", "gst-inspect-1.0"}
	ffOnly   = []string{"ffmpeg", "ffprobe"}
)

func TestBackendChoice(t *testing.T) {
	wlroots := globals{"wl_compositor": true, "wl_shm": true, screencopyGlobal: true}
	gnome := globals{"wl_compositor": true, "wl_shm": true}
	tests := []struct {
		name     string
		session  Session
		mode     Mode
		tools    []string
		missing  []string // GStreamer elements
		compos   globals  // nil: the compositor cannot be reached
		want     string   // backend name
		wantTool string   // or: the missing tool
		wantPkg  string
	}{
		{"X11", SessionX11, ModeFull, allTools, nil, nil, "x11grab", "", ""},
		{"X11 without ffmpeg", SessionX11, ModeRegion, []string{"ffprobe"}, nil, nil, "", "ffmpeg", "ffmpeg"},
		{"X11 without ffprobe", SessionX11, ModeRegion, []string{"ffmpeg"}, nil, nil, "", "ffprobe", "ffmpeg"},
		{"sway", SessionWayland, ModeRegion, allTools, nil, wlroots, "wf-recorder", "", ""},
		{"sway, a window: only the portal can", SessionWayland, ModeWindow, allTools, nil, wlroots, "pipewire", "", ""},
		{"sway without wf-recorder: the portal", SessionWayland, ModeFull, noWF, nil, wlroots, "pipewire", "", ""},
		{"sway with neither: install wf-recorder", SessionWayland, ModeFull, ffOnly, nil, wlroots, "", "wf-recorder", "wf-recorder"},
		{"GNOME: the portal, even with wf-recorder", SessionWayland, ModeFull, allTools, nil, gnome, "pipewire", "", ""},
		{"GNOME without pipewiresrc", SessionWayland, ModeFull, allTools, []string{"pipewiresrc"}, gnome, "", "GStreamer's pipewiresrc", "gstreamer1.0-pipewire"},
		{"GNOME without y4menc", SessionWayland, ModeFull, allTools, []string{"y4menc"}, gnome, "", "GStreamer's y4menc", "gstreamer1.0-plugins-good"},
		{"GNOME without GStreamer", SessionWayland, ModeFull, ffOnly, nil, gnome, "", "gst-launch-1.0", "gstreamer1.0-tools"},
		{"compositor not reachable: the portal", SessionWayland, ModeFull, allTools, nil, nil, "pipewire", "", ""},
		{"Wayland without ffmpeg", SessionWayland, ModeFull, []string{"wf-recorder"}, nil, wlroots, "", "ffmpeg", "ffmpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DISPLAY": ":7", "WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/1000"}
			r := New(tt.session, func(k string) string { return env[k] })
			r.tools = fakeTools(t, tt.tools, tt.missing...)
			r.probe = func(socket string) (globals, error) {
				if socket != "/run/user/1000/wayland-1" {
					t.Errorf("probed %s", socket)
				}
				if tt.compos == nil {
					return nil, errors.New("connection refused")
				}
				return tt.compos, nil
			}
			b, err := r.backend(Target{Mode: tt.mode})
			if tt.wantTool != "" {
				var mt *MissingToolError
				if !errors.As(err, &mt) || mt.Tool != tt.wantTool || mt.Package != tt.wantPkg {
					t.Fatalf("backend = %v, %v; want %s missing from %s", b, err, tt.wantTool, tt.wantPkg)
				}
				if r.Check(tt.mode) == nil {
					t.Error("Check says yes")
				}
				return
			}
			if err != nil || b.name() != tt.want {
				t.Fatalf("backend = %v, %v; want %s", b, err, tt.want)
			}
			if x, ok := b.(*x11Backend); ok && x.display != ":7" {
				t.Errorf("x11grab on display %q, want :7", x.display)
			}
		})
	}
}

func TestNoSession(t *testing.T) {
	r := New(SessionNone, func(string) string { return "" })
	if err := r.Check(ModeFull); !errors.Is(err, ErrNoDisplay) {
		t.Fatalf("Check = %v, want ErrNoDisplay", err)
	}
}

func TestWaylandSocket(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/1"}, "/run/user/1/wayland-1"},
		{map[string]string{"XDG_RUNTIME_DIR": "/run/user/1"}, "/run/user/1/wayland-0"},
		{map[string]string{"WAYLAND_DISPLAY": "/tmp/sway/wl", "XDG_RUNTIME_DIR": "/run/user/1"}, "/tmp/sway/wl"},
	}
	for _, tt := range tests {
		if got := waylandSocket(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("waylandSocket(%v) = %s, want %s", tt.env, got, tt.want)
		}
	}
}
