package xdnd

import (
	"encoding/binary"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jezek/xgb/xproto"
)

// protocolVersion is the XDND version this source speaks; GLFW announces the same.
const protocolVersion = 5

// minVersion is the oldest target we drive: XdndFinished only exists from v2 on,
// and without it the source cannot know when to stop serving the selection.
const minVersion = 2

// inlineTypes is how many types fit into XdndEnter; more need XdndTypeList.
const inlineTypes = 3

// FileURI returns the file:// URI for path, percent-encoded the way XDND targets
// (GLFW among them) decode it, so spaces, '#', '%' and non-ASCII survive the trip.
// A relative path is made absolute against the working directory.
func FileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("file uri for %s: %w", path, err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	// url.URL drops the empty authority; XDND wants "file:///…" (empty host).
	return "file://" + u.EscapedPath(), nil
}

// uriList builds the text/uri-list payload (RFC 2483): one URI per line, each
// line ending in CRLF. Only file:// URIs are allowed because GLFW treats every
// line as a local path; a stray CR or LF would split one URI into two.
func uriList(uris []string) ([]byte, error) {
	if len(uris) == 0 {
		return nil, fmt.Errorf("uri list: no uris to drop")
	}
	var b strings.Builder
	for _, u := range uris {
		if !strings.HasPrefix(u, "file://") {
			return nil, fmt.Errorf("uri list: %q is not a file:// uri (use FileURI)", u)
		}
		if strings.ContainsAny(u, "\r\n") {
			return nil, fmt.Errorf("uri list: %q contains a line break (use FileURI)", u)
		}
		b.WriteString(u)
		b.WriteString("\r\n")
	}
	return []byte(b.String()), nil
}

// enterData encodes XdndEnter: source, version<<24 | "more than 3 types" bit,
// then up to three types inline. With more types the target must read
// XdndTypeList from the source window, and the inline slots are left as None.
func enterData(src xproto.Window, version uint32, types []xproto.Atom) [5]uint32 {
	d := [5]uint32{uint32(src), version << 24}
	if len(types) > inlineTypes {
		d[1] |= 1
		return d
	}
	for i, t := range types {
		d[2+i] = uint32(t)
	}
	return d
}

// positionData encodes XdndPosition: root coordinates packed x<<16 | y, the
// timestamp (v1+) and the requested action (v2+).
func positionData(src xproto.Window, rootX, rootY int16, time xproto.Timestamp, action xproto.Atom) [5]uint32 {
	xy := uint32(uint16(rootX))<<16 | uint32(uint16(rootY))
	return [5]uint32{uint32(src), 0, xy, uint32(time), uint32(action)}
}

// dropData encodes XdndDrop; the timestamp is what the target passes to
// ConvertSelection.
func dropData(src xproto.Window, time xproto.Timestamp) [5]uint32 {
	return [5]uint32{uint32(src), 0, uint32(time)}
}

// leaveData encodes XdndLeave, sent when the target refuses the drag.
func leaveData(src xproto.Window) [5]uint32 {
	return [5]uint32{uint32(src)}
}

// clientMessage is the 32-byte wire form of a format-32 ClientMessage event
// addressed to win, ready for SendEvent.
func clientMessage(win xproto.Window, typ xproto.Atom, data [5]uint32) []byte {
	ev := xproto.ClientMessageEvent{
		Format: 32,
		Window: win,
		Type:   typ,
		Data:   xproto.ClientMessageDataUnionData32New(data[:]),
	}
	return ev.Bytes()
}

// atomList is the wire form of a format-32 list of atoms (XdndTypeList, TARGETS).
func atomList(atoms []xproto.Atom) []byte {
	b := make([]byte, 4*len(atoms))
	for i, a := range atoms {
		// xgb always talks to the server in little-endian ('l' byte order).
		binary.LittleEndian.PutUint32(b[4*i:], uint32(a))
	}
	return b
}

// statusReply is a decoded XdndStatus.
type statusReply struct {
	target   xproto.Window
	accepted bool
	action   xproto.Atom
}

// parseStatus decodes XdndStatus: target, accept bit, action (v2+).
func parseStatus(d []uint32) statusReply {
	return statusReply{target: xproto.Window(d[0]), accepted: d[1]&1 != 0, action: xproto.Atom(d[4])}
}

// finishedReply is a decoded XdndFinished.
type finishedReply struct {
	target    xproto.Window
	succeeded bool
	action    xproto.Atom
}

// parseFinished decodes XdndFinished. v5 says bit 0 of l[1] reports success,
// but GLFW puts the byte count of the data it read there (so an even-length
// payload clears bit 0), and v2–v4 targets leave it zero: any non-zero value
// counts as success, and targets older than v5 always succeed.
func parseFinished(d []uint32, version uint32) finishedReply {
	ok := d[1] != 0 || version < 5
	return finishedReply{target: xproto.Window(d[0]), succeeded: ok, action: xproto.Atom(d[2])}
}
