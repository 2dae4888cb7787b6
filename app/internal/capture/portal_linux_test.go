package capture

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// privateBus starts a session bus of its own, in a session that has no X
// display, so captures go through the portal.
func privateBus(t *testing.T) {
	t.Helper()
	portaltest.PrivateBus(t)
	t.Setenv("DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "wayland")
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
	file := filepath.Join(t.TempDir(), "Screenshot.png")
	src := testImage(64, 48)
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	p := &fakePortal{uri: "file://" + file}
	startFakePortal(t, p)

	img, err := Full()
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
	if _, err := ActiveWindow(); err != nil {
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
		{"ended", fakePortal{status: 2}, ErrNoScreen, "ended the Screenshot request"},
		{"no uri", fakePortal{}, ErrNoScreen, "without a file"},
		{"not a file", fakePortal{uri: "https://example.invalid/a.png"}, nil, "not a file"},
		{"missing file", fakePortal{uri: "file:///nonexistent/shot.png"}, nil, "read the portal's screenshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			privateBus(t)
			p := tt.portal
			startFakePortal(t, &p)
			_, err := Full()
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
