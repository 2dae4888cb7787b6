package record

import (
	"encoding/binary"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCompositor listens on a socket, checks the client's two requests
// and answers with events.
func fakeCompositor(t *testing.T, events ...[]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wayland-9")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		req := make([]byte, 24)
		if _, err := io.ReadFull(c, req); err != nil {
			t.Errorf("read requests: %v", err)
			return
		}
		want := appendRequest(appendRequest(nil, 1, 1, 2), 1, 0, 3) // get_registry(2), sync(3)
		if string(req) != string(want) {
			t.Errorf("requests %x, want %x", req, want)
		}
		for _, e := range events {
			_, _ = c.Write(e)
		}
	}()
	return path
}

// event builds a message from uint32 and string arguments.
func event(object, opcode uint32, args ...any) []byte {
	var body []byte
	for _, a := range args {
		switch v := a.(type) {
		case uint32:
			body = binary.NativeEndian.AppendUint32(body, v)
		case string:
			body = binary.NativeEndian.AppendUint32(body, uint32(len(v)+1))
			body = append(body, v...)
			body = append(body, 0)
			for len(body)%4 != 0 {
				body = append(body, 0)
			}
		}
	}
	head := binary.NativeEndian.AppendUint32(nil, object)
	head = binary.NativeEndian.AppendUint32(head, uint32(8+len(body))<<16|opcode)
	return append(head, body...)
}

func TestProbeListsGlobals(t *testing.T) {
	sock := fakeCompositor(t,
		event(2, 0, uint32(1), "wl_compositor", uint32(5)),
		event(2, 0, uint32(2), "wl_shm", uint32(1)),
		event(1, 1, uint32(7)), // wl_display.delete_id: ignored
		event(2, 0, uint32(3), screencopyGlobal, uint32(3)),
		event(3, 0, uint32(99)), // the sync is done
		event(2, 0, uint32(4), "announced_late", uint32(1)),
	)
	g, err := defaultProbe(sock)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"wl_compositor", "wl_shm", screencopyGlobal} {
		if !g[name] {
			t.Errorf("%s missing from %v", name, g)
		}
	}
	if g["announced_late"] || len(g) != 3 {
		t.Errorf("globals %v, want the three before the sync", g)
	}
}

func TestProbeWithoutScreencopy(t *testing.T) {
	sock := fakeCompositor(t, event(2, 0, uint32(1), "wl_compositor", uint32(5)), event(3, 0, uint32(1)))
	g, err := defaultProbe(sock)
	if err != nil || g[screencopyGlobal] {
		t.Fatalf("probe = %v, %v; want no screencopy", g, err)
	}
}

func TestProbeErrors(t *testing.T) {
	tests := []struct {
		name   string
		events [][]byte
		want   string
	}{
		{"display error", [][]byte{event(1, 0, uint32(1), uint32(0), "invalid object")}, "refused"},
		{"hangs up", nil, "read the Wayland compositor's globals"},
		{"absurd size", [][]byte{{2, 0, 0, 0, 0, 0, 4, 0}}, "message of 4 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := defaultProbe(fakeCompositor(t, tt.events...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("probe error %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := defaultProbe(filepath.Join(t.TempDir(), "none")); err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("no compositor: %v", err)
	}
}
