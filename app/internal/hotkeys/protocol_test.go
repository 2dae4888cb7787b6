package hotkeys

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestCommandRoundTrip(t *testing.T) {
	tests := []Command{
		{Bind: map[string]string{"full": "Ctrl+Shift+3", "region": ""}},
		{Bind: map[string]string{}},
	}
	for _, c := range tests {
		var buf bytes.Buffer
		if err := EncodeCommand(&buf, c); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), "}\n") || strings.Count(buf.String(), "\n") != 1 {
			t.Fatalf("encoded %q, want one line", buf.String())
		}
		got, err := DecodeCommand(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("round trip %v → %v", c, got)
		}
	}
}

func TestEncodeNilBindSendsEmptyObject(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeCommand(&buf, Command{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "{\"bind\":{}}\n" {
		t.Fatalf("encoded %q", got)
	}
}

func TestMessageRoundTrip(t *testing.T) {
	tests := []Message{
		{Type: MsgReady},
		{Type: MsgBound, Action: "full", Combo: "Ctrl+Shift+3"},
		{Type: MsgError, Action: "region", Combo: "Ctrl+Shift+4", Error: "Ctrl+Shift+4 is taken by another program"},
		{Type: MsgPressed, Action: "full"},
		{Type: MsgFatal, Error: "no display"},
	}
	for _, m := range tests {
		var buf bytes.Buffer
		if err := EncodeMessage(&buf, m); err != nil {
			t.Fatal(err)
		}
		got, err := DecodeMessage(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if got != m {
			t.Errorf("round trip %+v → %+v", m, got)
		}
	}
}

func TestMessageWireFormat(t *testing.T) {
	var buf bytes.Buffer
	_ = EncodeMessage(&buf, Message{Type: MsgPressed, Action: "full"})
	if got, want := buf.String(), `{"type":"pressed","action":"full"}`+"\n"; got != want {
		t.Fatalf("wire %q, want %q", got, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, line string
		command    bool
	}{
		{"command junk", "hello", true},
		{"command without bind", `{"bnd":{}}`, true},
		{"command null", `null`, true},
		{"command trailing", `{"bind":{}} {"bind":{}}`, true},
		{"command wrong type", `{"bind":["a"]}`, true},
		{"message junk", "{", false},
		{"message unknown type", `{"type":"hello"}`, false},
		{"message pressed without action", `{"type":"pressed"}`, false},
		{"message bound without action", `{"type":"bound","combo":"Ctrl+3"}`, false},
		{"message too long", `{"type":"fatal","error":"` + strings.Repeat("x", maxLine) + `"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.command {
				_, err = DecodeCommand([]byte(tt.line))
			} else {
				_, err = DecodeMessage([]byte(tt.line))
			}
			if err == nil {
				t.Fatalf("decoded %q without error", tt.line)
			}
		})
	}
}
