package record

import (
	"context"
	"errors"
	"image"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// fakeScreenCast plays the ScreenCast portal: one session per
// CreateSession, SelectSources answered with status, Start with one
// stream, OpenPipeWireRemote with the read end of a pipe whose write end
// the test keeps (to check the fd arrived).
type fakeScreenCast struct {
	conn   *dbus.Conn
	status uint32 // SelectSources' response: 1 = the user cancelled
	remote *os.File

	mu       sync.Mutex
	selected map[string]dbus.Variant
	closed   chan dbus.ObjectPath
}

func startScreenCast(t *testing.T, types, cursors, status uint32) (*fakeScreenCast, *os.File) {
	t.Helper()
	portaltest.PrivateBus(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	f := &fakeScreenCast{status: status, remote: r, closed: make(chan dbus.ObjectPath, 4)}
	portaltest.Own(t, map[string]any{screenCastIface: f}, func(c *dbus.Conn) error {
		f.conn = c
		_, err := prop.Export(c, "/org/freedesktop/portal/desktop", prop.Map{screenCastIface: {
			"AvailableSourceTypes": {Value: types}, "AvailableCursorModes": {Value: cursors}, "version": {Value: uint32(4)},
		}})
		return err
	})
	return f, w
}

func (f *fakeScreenCast) CreateSession(sender dbus.Sender, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	token, _ := opts["session_handle_token"].Value().(string)
	name := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	session := dbus.ObjectPath("/org/freedesktop/portal/desktop/session/" + name + "/" + token)
	if err := f.conn.Export(&fakeCastSession{f, session}, session, "org.freedesktop.portal.Session"); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return portaltest.Respond(f.conn, sender, opts, 0, map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
}

func (f *fakeScreenCast) SelectSources(sender dbus.Sender, session dbus.ObjectPath, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f.mu.Lock()
	f.selected = opts
	f.mu.Unlock()
	return portaltest.Respond(f.conn, sender, opts, f.status, nil)
}

// pair is an (ii) struct.
type pair struct{ X, Y int32 }

// castStream is one element of Start's a(ua{sv}) streams.
type castStream struct {
	Node  uint32
	Props map[string]dbus.Variant
}

func (f *fakeScreenCast) Start(sender dbus.Sender, session dbus.ObjectPath, parent string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	streams := []castStream{{57, map[string]dbus.Variant{
		"position": dbus.MakeVariant(pair{10, 20}), "size": dbus.MakeVariant(pair{1280, 800}), "source_type": dbus.MakeVariant(uint32(1)),
	}}}
	return portaltest.Respond(f.conn, sender, opts, 0, map[string]dbus.Variant{"streams": dbus.MakeVariant(streams)})
}

func (f *fakeScreenCast) OpenPipeWireRemote(session dbus.ObjectPath, opts map[string]dbus.Variant) (dbus.UnixFD, *dbus.Error) {
	return dbus.UnixFD(f.remote.Fd()), nil
}

type fakeCastSession struct {
	f    *fakeScreenCast
	path dbus.ObjectPath
}

func (s *fakeCastSession) Close() *dbus.Error {
	s.f.closed <- s.path
	return nil
}

func sessionConn(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestScreenCastMonitor(t *testing.T) {
	f, w := startScreenCast(t, sourceMonitor|sourceWindow, 1|2|4, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sc, err := openScreenCast(ctx, sessionConn(t), ModeFull)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	sel := f.selected
	f.mu.Unlock()
	if sel["types"].Value() != sourceMonitor || sel["multiple"].Value() != false || sel["cursor_mode"].Value() != cursorEmbedded {
		t.Errorf("SelectSources options %v, want one monitor with the cursor embedded", sel)
	}
	if sc.node != 57 || sc.area != image.Rect(10, 20, 1290, 820) {
		t.Errorf("stream node %d at %v, want 57 at (10,20)-(1290,820)", sc.node, sc.area)
	}
	// The remote is the portal's fd: what goes in at the portal comes out here.
	if _, err := w.Write([]byte("pw")); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 2)
	if _, err := sc.remote.Read(b); err != nil || string(b) != "pw" {
		t.Fatalf("read the PipeWire remote: %q, %v", b, err)
	}
	sc.Close()
	select {
	case p := <-f.closed:
		if p != sc.session {
			t.Errorf("closed %s, want %s", p, sc.session)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the session was not closed")
	}
}

func TestScreenCastWindowNotOffered(t *testing.T) {
	startScreenCast(t, sourceMonitor, 1, 0)
	_, err := openScreenCast(context.Background(), sessionConn(t), ModeWindow)
	if !errors.Is(err, ErrPortalNoWindow) {
		t.Fatalf("window on a monitor-only portal: %v, want ErrPortalNoWindow", err)
	}
}

func TestScreenCastWindowWithoutCursor(t *testing.T) {
	f, _ := startScreenCast(t, sourceMonitor|sourceWindow, 1, 0)
	sc, err := openScreenCast(context.Background(), sessionConn(t), ModeWindow)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.selected["types"].Value() != sourceWindow {
		t.Errorf("types %v, want a window", f.selected["types"])
	}
	if _, ok := f.selected["cursor_mode"]; ok {
		t.Errorf("cursor_mode %v sent to a portal that only hides the cursor", f.selected["cursor_mode"])
	}
}

func TestScreenCastCancelled(t *testing.T) {
	f, _ := startScreenCast(t, sourceMonitor, 2, 1)
	_, err := openScreenCast(context.Background(), sessionConn(t), ModeFull)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "canceled in the desktop's dialog") {
		t.Fatalf("cancelled dialog: %v", err)
	}
	select {
	case <-f.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the session of a cancelled dialog was not closed")
	}
}

func TestScreenCastMissing(t *testing.T) {
	portaltest.PrivateBus(t) // nobody owns the portal's name
	_, err := openScreenCast(context.Background(), sessionConn(t), ModeFull)
	if err == nil || !strings.Contains(err.Error(), "install xdg-desktop-portal") {
		t.Fatalf("no portal: %v", err)
	}
}

func TestPortalPipeline(t *testing.T) {
	sc := &screencast{node: 57, area: image.Rect(10, 20, 1290, 820), remote: os.Stdin, conn: nil}
	b := &portalBackend{gst: "/usr/bin/gst-launch-1.0", ffmpeg: "/usr/bin/ffmpeg"}
	opts := Options{Target: Target{Mode: ModeRegion, Rect: image.Rect(110, 120, 411, 321)}, FPS: 30, Format: FormatMP4}
	p, err := b.pipeline(sc, opts, "/r/w.part.mp4")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.parent {
		c.Close()
	}
	if len(p.procs) != 2 {
		t.Fatalf("%d processes, want gst-launch and ffmpeg", len(p.procs))
	}
	src, enc := p.procs[0], p.procs[1]
	if got := strings.Join(src.Args, " "); !strings.Contains(got, "path=57") || src.ExtraFiles[0] != os.Stdin || len(src.ExtraFiles) != 2 {
		t.Errorf("gst-launch: %s with %v", got, src.ExtraFiles)
	}
	assertInOrder(t, strings.Join(enc.Args, " "), "-analyzeduration 0 -f yuv4mpegpipe -i pipe:0", "-vf crop=300:200:100:100", "/r/w.part.mp4")
	if enc.Stdin == nil {
		t.Error("ffmpeg does not read the pipe")
	}
}

func TestPortalCrop(t *testing.T) {
	stream := image.Rect(1280, 0, 2560, 800) // the second monitor
	tests := []struct {
		t    Target
		want image.Rectangle
	}{
		{Target{Mode: ModeRegion, Rect: image.Rect(1380, 100, 1680, 300)}, image.Rect(100, 100, 400, 300)},
		{Target{Mode: ModeRegion, Rect: image.Rect(1180, 100, 1380, 300)}, image.Rect(0, 100, 100, 300)}, // cut at the edge
		{Target{Mode: ModeRegion, Rect: image.Rect(0, 0, 100, 100)}, image.Rectangle{}},                  // elsewhere: all
		{Target{Mode: ModeFull}, image.Rectangle{}},
	}
	for _, tt := range tests {
		if got := portalCrop(tt.t, stream); got != tt.want {
			t.Errorf("portalCrop(%v) = %v, want %v", tt.t.Rect, got, tt.want)
		}
	}
	if got := portalCrop(Target{Mode: ModeRegion, Rect: image.Rect(1, 1, 50, 50)}, image.Rectangle{}); !got.Empty() {
		t.Errorf("unknown stream position: crop %v", got)
	}
}
