package capture

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// wayland is a Wayland session with Xwayland, the common case: captures
// go through the portal whatever DISPLAY says.
var wayland = New(platform.Session{Kind: platform.Wayland, Display: ":0", WaylandSocket: "/run/user/1000/wayland-1"})

// privateBus starts a session bus of its own for the fake portal.
func privateBus(t *testing.T) {
	t.Helper()
	portaltest.PrivateBus(t)
}

// writeImage writes img as a PNG and returns its file:// URI.
func writeImage(t *testing.T, img image.Image) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "Screenshot.png")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return "file://" + file
}

// fakePortal answers Screenshot calls the way xdg-desktop-portal does,
// sending the Response signal even before the call returns, which is the
// race a client must survive.
type fakePortal struct {
	conn     *dbus.Conn
	status   uint32
	uri      string
	silent   bool
	askedFor chan map[string]dbus.Variant
}

func (p *fakePortal) Screenshot(sender dbus.Sender, parent string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	p.askedFor <- opts
	if p.silent {
		return portaltest.RequestPath(sender, opts["handle_token"].Value().(string)), nil
	}
	results := map[string]dbus.Variant{}
	if p.uri != "" {
		results["uri"] = dbus.MakeVariant(p.uri)
	}
	return portaltest.Respond(p.conn, sender, opts, p.status, results)
}

func startFakePortal(t *testing.T, p *fakePortal) {
	t.Helper()
	p.askedFor = make(chan map[string]dbus.Variant, 4)
	portaltest.Own(t, map[string]any{"org.freedesktop.portal.Screenshot": p}, func(c *dbus.Conn) error { p.conn = c; return nil })
}

func TestPortalScreenshotDecodesTheFile(t *testing.T) {
	privateBus(t)
	src := testImage(64, 48)
	uri := writeImage(t, src)
	file := strings.TrimPrefix(uri, "file://")
	p := &fakePortal{uri: uri}
	startFakePortal(t, p)

	img, err := wayland.Full()
	if err != nil {
		t.Fatalf("Full over the portal: %v", err)
	}
	if img.Bounds() != src.Bounds() || img.RGBAAt(63, 47) != src.RGBAAt(63, 47) {
		t.Fatalf("got %v %v, want %v %v", img.Bounds(), img.RGBAAt(63, 47), src.Bounds(), src.RGBAAt(63, 47))
	}
	if opts := <-p.askedFor; opts["interactive"].Value() != false {
		t.Errorf("Full asked for an interactive screenshot: %v", opts)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("the portal's file was touched: %v", err)
	}
	if _, err := wayland.ActiveWindow(); err != nil {
		t.Fatalf("ActiveWindow over the portal: %v", err)
	}
	if opts := <-p.askedFor; opts["interactive"].Value() != true {
		t.Errorf("ActiveWindow did not let the user pick: %v", opts)
	}
}

func TestPortalFailures(t *testing.T) {
	tests := []struct {
		name    string
		portal  fakePortal
		want    error
		wantMsg string
	}{
		{"canceled", fakePortal{status: 1}, ErrCanceled, "canceled"},
		// A backend that fails or wants a dialog nobody can show.
		{"ended", fakePortal{status: 2}, ErrNoScreen, "install xdg-desktop-portal-gtk if it asks permission"},
		{"no uri", fakePortal{}, ErrNoScreen, "without a file"},
		{"not a file", fakePortal{uri: "https://example.invalid/a.png"}, nil, "not a file"},
		{"missing file", fakePortal{uri: "file:///nonexistent/shot.png"}, nil, "read the portal's screenshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			privateBus(t)
			p := tt.portal
			startFakePortal(t, &p)
			_, err := wayland.Full()
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Full: %v, want an error about %q", err, tt.wantMsg)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Full: %v, want errors.Is %v", err, tt.want)
			}
		})
	}
}

func TestPortalThatNeverAnswersTimesOut(t *testing.T) {
	privateBus(t)
	startFakePortal(t, &fakePortal{silent: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := portalScreenshot(ctx, false)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("portalScreenshot: %v, want a deadline error", err)
	}
}

// TestPortalBlackScreenshotIsRefused: a portal that hands back an
// all-black picture gets an error saying so, not an upload.
func TestPortalBlackScreenshotIsRefused(t *testing.T) {
	privateBus(t)
	black := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 0xff
	}
	startFakePortal(t, &fakePortal{uri: writeImage(t, black)})
	img, err := wayland.Full()
	if !errors.Is(err, ErrBlank) || img != nil || !strings.Contains(err.Error(), "xdg-desktop-portal-wlr") {
		t.Fatalf("Full: %v %v, want ErrBlank naming the backends to check", img, err)
	}
}

// TestPortalMissingPartsAreNamed: each way the portal can be missing
// names what is: the portal itself, or a backend that takes screenshots
// (xdg-desktop-portal running with no such backend answers "no such
// interface").
func TestPortalMissingPartsAreNamed(t *testing.T) {
	t.Run("no portal", func(t *testing.T) {
		privateBus(t)
		_, err := wayland.Full()
		if !errors.Is(err, ErrNoScreen) || !strings.Contains(err.Error(), "xdg-desktop-portal is not running") {
			t.Fatalf("Full: %v, want ErrNoScreen saying xdg-desktop-portal is not running", err)
		}
	})
	t.Run("no screenshot backend", func(t *testing.T) {
		privateBus(t)
		portaltest.StartFileChooser(t, 0) // a portal serving other interfaces only
		_, err := wayland.Full()
		msg := fmt.Sprint(err)
		if !errors.Is(err, ErrNoScreen) || !strings.Contains(msg, "none of its backends takes screenshots") ||
			!strings.Contains(msg, "xdg-desktop-portal-wlr") || strings.Contains(msg, "not running") {
			t.Fatalf("Full: %v, want ErrNoScreen naming the missing Screenshot backend", err)
		}
	})
	t.Run("no session bus", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
		_, err := wayland.Full()
		if !errors.Is(err, ErrNoScreen) || !strings.Contains(err.Error(), "session bus") {
			t.Fatalf("Full: %v, want ErrNoScreen about the session bus", err)
		}
	})
}

// TestPortalWithoutBusNeverLaunchesOne: with no session bus address (a
// Wayland capture started from cron or SSH), the capture fails saying so
// and never runs dbus-launch, which would start a bus left behind.
func TestPortalWithoutBusNeverLaunchesOne(t *testing.T) {
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	script := "#!/bin/sh\necho called >> " + calls + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	_, err := wayland.Take(ModeFull)
	if err == nil || !strings.Contains(err.Error(), "session bus") {
		t.Errorf("capture without a bus = %v, want an error about the session bus", err)
	}
	if b, _ := os.ReadFile(calls); len(b) > 0 {
		t.Errorf("dbus-launch was run %d time(s)", strings.Count(string(b), "called"))
	}
}
