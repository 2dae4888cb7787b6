package record

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/portal"

	"github.com/upshot-app/upshot/app/internal/sessionbus"
)

// The xdg-desktop-portal ScreenCast interface: create a session, select
// what to share (the desktop shows its dialog), start it, and open the
// PipeWire remote the stream comes from.
const (
	screenCastIface = "org.freedesktop.portal.ScreenCast"
	sourceMonitor   = uint32(1)
	sourceWindow    = uint32(2)
	cursorEmbedded  = uint32(2)
	// dialogTimeout bounds the wait for the user in the desktop's dialog.
	dialogTimeout = 5 * time.Minute
)

// ErrPortalNoWindow means the desktop's ScreenCast portal shares only
// whole screens.
var ErrPortalNoWindow = errors.New("this desktop's ScreenCast portal cannot record a single window: record a region or the screen")

// screencast is a started ScreenCast session.
type screencast struct {
	conn    *dbus.Conn
	session dbus.ObjectPath
	node    uint32          // the PipeWire node of the stream
	area    image.Rectangle // where the stream is on the desktop, when the portal says
	remote  *os.File        // the PipeWire connection the stream is read from
}

// Close ends the session (the desktop stops showing that it is shared).
func (s *screencast) Close() {
	if s.remote != nil {
		s.remote.Close()
	}
	_ = s.conn.Object(portal.Name, s.session).Call(portal.SessionIface+".Close", 0).Err
}

// openScreenCast runs the portal's dialog for a monitor or a window and
// starts the stream. conn stays the caller's: the session lives as long
// as it.
func openScreenCast(ctx context.Context, conn *dbus.Conn, mode Mode) (*screencast, error) {
	ctx, cancel := context.WithTimeout(ctx, dialogTimeout)
	defer cancel()
	obj := conn.Object(portal.Name, portal.Path)
	types, cursors := uint32(0), uint32(0)
	if v, err := obj.GetProperty(screenCastIface + ".AvailableSourceTypes"); err == nil {
		types, _ = v.Value().(uint32)
	} else {
		return nil, noScreenCast(err)
	}
	if v, err := obj.GetProperty(screenCastIface + ".AvailableCursorModes"); err == nil {
		cursors, _ = v.Value().(uint32)
	}
	want := sourceMonitor
	if mode == ModeWindow {
		want = sourceWindow
	}
	if types&want == 0 {
		if want == sourceWindow {
			return nil, ErrPortalNoWindow
		}
		return nil, noScreenCast(fmt.Errorf("it shares no screens (source types %d)", types))
	}
	session, err := createSession(ctx, conn)
	if err != nil {
		return nil, err
	}
	s := &screencast{conn: conn, session: session}
	if err := s.begin(ctx, want, cursors&cursorEmbedded); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// createSession asks the portal for a session.
func createSession(ctx context.Context, conn *dbus.Conn) (dbus.ObjectPath, error) {
	token, err := portal.Token()
	if err != nil {
		return "", err
	}
	res, err := portal.Call(ctx, conn, screenCastIface+".CreateSession",
		map[string]dbus.Variant{"session_handle_token": dbus.MakeVariant(token)})
	if err != nil {
		return "", noScreenCast(err)
	}
	handle, _ := res["session_handle"].Value().(string)
	if handle == "" {
		return "", noScreenCast(errors.New("it answered without a session"))
	}
	return dbus.ObjectPath(handle), nil
}

// begin selects the source (the dialog), starts the stream and opens its
// PipeWire remote.
func (s *screencast) begin(ctx context.Context, source, cursor uint32) error {
	opts := map[string]dbus.Variant{"types": dbus.MakeVariant(source), "multiple": dbus.MakeVariant(false)}
	if cursor != 0 {
		opts["cursor_mode"] = dbus.MakeVariant(cursor)
	}
	if _, err := portal.Call(ctx, s.conn, screenCastIface+".SelectSources", opts, s.session); err != nil {
		return screenCastFailed(err)
	}
	res, err := portal.Call(ctx, s.conn, screenCastIface+".Start", nil, s.session, "")
	if err != nil {
		return screenCastFailed(err)
	}
	var streams []struct {
		Node  uint32
		Props map[string]dbus.Variant
	}
	if v, ok := res["streams"]; !ok || v.Store(&streams) != nil || len(streams) == 0 {
		return screenCastFailed(errors.New("the portal started no stream"))
	}
	s.node, s.area = streams[0].Node, streamArea(streams[0].Props)
	var fd dbus.UnixFD
	err = s.conn.Object(portal.Name, portal.Path).CallWithContext(ctx, screenCastIface+".OpenPipeWireRemote", 0,
		s.session, map[string]dbus.Variant{}).Store(&fd)
	if err != nil {
		return screenCastFailed(fmt.Errorf("open the PipeWire stream: %w", err))
	}
	s.remote = os.NewFile(uintptr(fd), "pipewire-remote")
	return nil
}

// streamArea reads a stream's position and size (logical pixels); empty
// when the portal does not say (windows, older portals).
func streamArea(props map[string]dbus.Variant) image.Rectangle {
	var pos, size struct{ X, Y int32 } // (ii)
	p, okp := props["position"]
	z, okz := props["size"]
	if !okp || !okz || p.Store(&pos) != nil || z.Store(&size) != nil {
		return image.Rectangle{}
	}
	return image.Rect(int(pos.X), int(pos.Y), int(pos.X+size.X), int(pos.Y+size.Y))
}

// noScreenCast explains a desktop without a ScreenCast portal.
func noScreenCast(err error) error {
	return fmt.Errorf("the desktop's ScreenCast portal is not available (%v): install xdg-desktop-portal and your desktop's "+
		"portal (xdg-desktop-portal-gnome, -kde or -wlr), or wf-recorder on a wlroots desktop", err)
}

// screenCastFailed explains a refused or failed screencast.
func screenCastFailed(err error) error {
	if errors.Is(err, portal.ErrCancelled) {
		return fmt.Errorf("recording canceled in the desktop's dialog: %w", context.Canceled)
	}
	return fmt.Errorf("the desktop's ScreenCast portal failed: %w", err)
}

// portalBackend records the stream the ScreenCast portal gives with
// GStreamer (pipewiresrc), which sends raw frames through a pipe to
// ffmpeg, which encodes them.
type portalBackend struct {
	gst, ffmpeg string
}

func (b *portalBackend) name() string { return "pipewire" }

func (b *portalBackend) start(ctx context.Context, opts Options, work string) (*pipeline, error) {
	conn, err := sessionbus.Connect(ctx)
	if err != nil {
		return nil, noScreenCast(fmt.Errorf("connect to the session bus: %w", err))
	}
	sc, err := openScreenCast(ctx, conn, opts.Target.Mode)
	if err != nil {
		conn.Close()
		return nil, err
	}
	p, err := b.pipeline(sc, opts, work)
	if err != nil {
		sc.Close()
		conn.Close()
		return nil, err
	}
	return p, nil
}

// pipeline is gst-launch (the PipeWire remote on fd 3, frames out on fd 4)
// piped into ffmpeg.
func (b *portalBackend) pipeline(sc *screencast, opts Options, work string) (*pipeline, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &pipeline{parent: []io.Closer{pr, pw}}
	p.cleanup = func() { sc.Close(); sc.conn.Close() }
	src := p.add(b.gst, gstArgs(sc.node, opts.FPS)...)
	src.ExtraFiles = []*os.File{sc.remote, pw}
	args := append(ffmpegCommon(), y4mInput()...)
	enc := p.add(b.ffmpeg, append(args, liveEncode(opts.Format, opts.FPS, portalCrop(opts.Target, sc.area), work)...)...)
	enc.Stdin = pr
	return p, nil
}

// portalCrop is the part of the stream a region recording keeps, in the
// stream's pixels; empty for the whole stream.
func portalCrop(t Target, stream image.Rectangle) image.Rectangle {
	if t.Mode != ModeRegion || stream.Empty() {
		return image.Rectangle{}
	}
	r := t.Rect.Intersect(stream)
	if r.Empty() {
		return image.Rectangle{}
	}
	return r.Sub(stream.Min)
}
