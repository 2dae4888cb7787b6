package record

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"time"
)

// What a Wayland compositor offers is read from its registry, speaking the
// wire protocol directly (no libwayland, no cgo): get the registry, ask
// for a sync, and collect the globals announced before the sync is done.

// screencopyGlobal is wlroots' screen copy interface, which wf-recorder
// needs: sway, Hyprland, river, Wayfire and labwc offer it; GNOME and KDE
// do not (they have the ScreenCast portal).
const screencopyGlobal = "zwlr_screencopy_manager_v1"

// globals are the interface names a compositor announced.
type globals map[string]bool

// probeFunc reads the globals of the compositor at a socket path.
type probeFunc func(socket string) (globals, error)

// waylandSocket is the compositor's socket: WAYLAND_DISPLAY, absolute or
// in XDG_RUNTIME_DIR ("wayland-0" when unset).
func waylandSocket(getenv func(string) string) string {
	name := getenv("WAYLAND_DISPLAY")
	if name == "" {
		name = "wayland-0"
	}
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(getenv("XDG_RUNTIME_DIR"), name)
}

// Wire protocol: object ids and opcodes of the core protocol.
const (
	displayID     = 1
	registryID    = 2
	callbackID    = 3
	opSync        = 0 // wl_display.sync(new_id callback)
	opGetRegistry = 1 // wl_display.get_registry(new_id registry)
	evError       = 0 // wl_display.error
	evGlobal      = 0 // wl_registry.global(name, interface, version)
	evDone        = 0 // wl_callback.done
)

// defaultProbe connects to the compositor and lists its globals.
func defaultProbe(socket string) (globals, error) {
	conn, err := net.DialTimeout("unix", socket, time.Second)
	if err != nil {
		return nil, fmt.Errorf("connect to the Wayland compositor: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	req := make([]byte, 0, 24)
	req = appendRequest(req, displayID, opGetRegistry, registryID)
	req = appendRequest(req, displayID, opSync, callbackID)
	if _, err := conn.Write(req); err != nil {
		return nil, fmt.Errorf("ask the Wayland compositor: %w", err)
	}
	return readGlobals(conn)
}

// appendRequest appends a request with one uint32 argument.
func appendRequest(b []byte, object, opcode, arg uint32) []byte {
	b = binary.NativeEndian.AppendUint32(b, object)
	b = binary.NativeEndian.AppendUint32(b, 12<<16|opcode)
	return binary.NativeEndian.AppendUint32(b, arg)
}

// readGlobals reads events until the sync's callback is done.
func readGlobals(conn net.Conn) (globals, error) {
	g := globals{}
	head := make([]byte, 8)
	for {
		if _, err := io.ReadFull(conn, head); err != nil {
			return nil, fmt.Errorf("read the Wayland compositor's globals: %w", err)
		}
		object := binary.NativeEndian.Uint32(head)
		size, opcode := binary.NativeEndian.Uint32(head[4:])>>16, binary.NativeEndian.Uint32(head[4:])&0xffff
		if size < 8 || size > 4096 {
			return nil, fmt.Errorf("the Wayland compositor sent a message of %d bytes", size)
		}
		body := make([]byte, size-8)
		if _, err := io.ReadFull(conn, body); err != nil {
			return nil, fmt.Errorf("read the Wayland compositor's globals: %w", err)
		}
		switch {
		case object == callbackID && opcode == evDone:
			return g, nil
		case object == displayID && opcode == evError:
			return nil, errors.New("the Wayland compositor refused the registry request")
		case object == registryID && opcode == evGlobal:
			if name, ok := globalName(body); ok {
				g[name] = true
			}
		}
	}
}

// globalName reads the interface of a wl_registry.global event body:
// uint32 name, string interface (uint32 length with the NUL, padded to 4
// bytes), uint32 version.
func globalName(body []byte) (string, bool) {
	if len(body) < 8 {
		return "", false
	}
	n := int(binary.NativeEndian.Uint32(body[4:]))
	if n < 1 || 8+n > len(body) {
		return "", false
	}
	return string(body[8 : 8+n-1]), true
}
