package capture

import (
	"bufio"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a session bus of its own and points
// DBUS_SESSION_BUS_ADDRESS at it.
func privateBus(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("dbus-daemon is missing: run .ci/deps.sh test")
	}
	addr := "unix:path=" + filepath.Join(t.TempDir(), "bus")
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address", "--address="+addr)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n') // printed once it listens
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(line))
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
	token, _ := opts["handle_token"].Value().(string)
	name := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	handle := dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + name + "/" + token)
	if !p.silent {
		results := map[string]dbus.Variant{}
		if p.uri != "" {
			results["uri"] = dbus.MakeVariant(p.uri)
		}
		if err := p.conn.Emit(handle, requestIface+".Response", p.status, results); err != nil {
			return "", dbus.MakeFailedError(err)
		}
	}
	return handle, nil
}

func startFakePortal(t *testing.T, p *fakePortal) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p.conn = conn
	p.askedFor = make(chan map[string]dbus.Variant, 4)
	if err := conn.Export(p, portalPath, "org.freedesktop.portal.Screenshot"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", portalName, reply, err)
	}
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
		{"ended", fakePortal{status: 2}, ErrNoScreen, "ended the request"},
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
