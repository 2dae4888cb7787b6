package xdnd

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jezek/xgb/xproto"
)

func TestURIList(t *testing.T) {
	tests := []struct {
		name    string
		uris    []string
		want    string
		wantErr bool
	}{
		{name: "one", uris: []string{"file:///a.png"}, want: "file:///a.png\r\n"},
		{name: "two", uris: []string{"file:///a.png", "file:///tmp/b%20c.jpg"}, want: "file:///a.png\r\nfile:///tmp/b%20c.jpg\r\n"},
		{name: "none", uris: nil, wantErr: true},
		{name: "bare path", uris: []string{"/a.png"}, wantErr: true},
		{name: "http", uris: []string{"http://example.com/a.png"}, wantErr: true},
		{name: "line break", uris: []string{"file:///a\r\nfile:///b"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := uriList(tt.uris)
			if (err != nil) != tt.wantErr {
				t.Fatalf("uriList(%q) error = %v, want error %t", tt.uris, err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("uriList(%q) = %q, want %q", tt.uris, got, tt.want)
			}
		})
	}
}

func TestFileURI(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{"/tmp/a.png", "file:///tmp/a.png"},
		{"/tmp/a b#1?.png", "file:///tmp/a%20b%231%3F.png"},
		{"/tmp/ünï%.jpg", "file:///tmp/%C3%BCn%C3%AF%25.jpg"},
		{"rel.png", "file://" + filepath.ToSlash(filepath.Join(wd, "rel.png"))},
	}
	for _, tt := range tests {
		got, err := FileURI(tt.path)
		if err != nil || got != tt.want {
			t.Errorf("FileURI(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
}

func TestMessageData(t *testing.T) {
	const src = xproto.Window(0x200001)
	tests := []struct {
		name string
		got  [5]uint32
		want [5]uint32
	}{
		{"enter one type", enterData(src, 5, []xproto.Atom{300}), [5]uint32{0x200001, 5 << 24, 300, 0, 0}},
		{"enter three types", enterData(src, 4, []xproto.Atom{300, 301, 302}), [5]uint32{0x200001, 4 << 24, 300, 301, 302}},
		{"enter four types uses XdndTypeList", enterData(src, 5, []xproto.Atom{300, 301, 302, 303}), [5]uint32{0x200001, 5<<24 | 1, 0, 0, 0}},
		{"position", positionData(src, 1279, 799, 1234, 400), [5]uint32{0x200001, 0, 1279<<16 | 799, 1234, 400}},
		{"position origin", positionData(src, 0, 0, 0, 400), [5]uint32{0x200001, 0, 0, 0, 400}},
		{"drop", dropData(src, 99), [5]uint32{0x200001, 0, 99, 0, 0}},
		{"leave", leaveData(src), [5]uint32{0x200001, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#x, want %#x", tt.name, tt.got, tt.want)
		}
	}
}

// TestClientMessageWire checks the 32-byte event against the X protocol
// layout (little-endian, as xgb announces): code 33, format, window, type, data.
func TestClientMessageWire(t *testing.T) {
	data := [5]uint32{1, 2, 3, 4, 5}
	b := clientMessage(0xabcdef, 77, data)
	if len(b) != 32 {
		t.Fatalf("len = %d, want 32", len(b))
	}
	if b[0] != xproto.ClientMessage || b[1] != 32 {
		t.Errorf("code, format = %d, %d; want %d, 32", b[0], b[1], xproto.ClientMessage)
	}
	le := binary.LittleEndian
	if w, typ := le.Uint32(b[4:]), le.Uint32(b[8:]); w != 0xabcdef || typ != 77 {
		t.Errorf("window, type = %#x, %d; want 0xabcdef, 77", w, typ)
	}
	for i, want := range data {
		if got := le.Uint32(b[12+4*i:]); got != want {
			t.Errorf("data[%d] = %d, want %d", i, got, want)
		}
	}
}

func TestAtomList(t *testing.T) {
	got := atomList([]xproto.Atom{1, 0x01020304})
	want := []byte{1, 0, 0, 0, 4, 3, 2, 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("atomList = %v, want %v", got, want)
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		data [5]uint32
		want statusReply
	}{
		{[5]uint32{9, 1, 0, 0, 400}, statusReply{target: 9, accepted: true, action: 400}},
		{[5]uint32{9, 3, 0, 0, 400}, statusReply{target: 9, accepted: true, action: 400}}, // bit 1: send positions
		{[5]uint32{9, 2, 0, 0, 0}, statusReply{target: 9}},
		{[5]uint32{9, 0, 0, 0, 0}, statusReply{target: 9}},
	}
	for _, tt := range tests {
		if got := parseStatus(tt.data[:]); got != tt.want {
			t.Errorf("parseStatus(%v) = %+v, want %+v", tt.data, got, tt.want)
		}
	}
}

func TestParseFinished(t *testing.T) {
	tests := []struct {
		name    string
		data    [5]uint32
		version uint32
		want    bool
	}{
		{"v5 accepted bit", [5]uint32{9, 1, 400}, 5, true},
		{"glfw even byte count", [5]uint32{9, 20, 400}, 5, true},
		{"glfw rejected", [5]uint32{9, 0, 0}, 5, false},
		{"v3 carries no result", [5]uint32{9, 0, 0}, 3, true},
	}
	for _, tt := range tests {
		got := parseFinished(tt.data[:], tt.version)
		if got.succeeded != tt.want || got.target != 9 || got.action != xproto.Atom(tt.data[2]) {
			t.Errorf("%s: parseFinished = %+v, want succeeded %t", tt.name, got, tt.want)
		}
	}
}
