package hotkeys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The helper protocol is JSON, one object per line.
//
// GUI → helper (stdin): {"bind":{"full":"Ctrl+Shift+3","region":""}}
// replaces every binding; an empty shortcut disables that action. The
// helper exits when its stdin closes.
//
// Helper → GUI (stdout), one of:
//
//	{"type":"ready"}                                          started, X works
//	{"type":"bound","action":"full","combo":"Ctrl+Shift+3"}
//	{"type":"error","action":"region","combo":"Ctrl+Shift+4","error":"Ctrl+Shift+4 is taken by another program"}
//	{"type":"pressed","action":"full"}
//	{"type":"error","error":"…"}                              a command it could not read
//	{"type":"fatal","error":"…"}                              the helper gives up

// Message types sent by the helper.
const (
	MsgReady   = "ready"
	MsgBound   = "bound"
	MsgError   = "error"
	MsgPressed = "pressed"
	MsgFatal   = "fatal"
)

// maxLine bounds one protocol line, so a confused peer cannot make the
// other side buffer without limit.
const maxLine = 64 << 10

// Command is what the GUI sends to the helper.
type Command struct {
	// Bind maps action names to shortcuts; it replaces all bindings.
	Bind map[string]string `json:"bind"`
}

// Message is what the helper sends to the GUI.
type Message struct {
	Type   string `json:"type"`
	Action string `json:"action,omitempty"`
	Combo  string `json:"combo,omitempty"`
	Error  string `json:"error,omitempty"`
}

// EncodeCommand writes c as one line.
func EncodeCommand(w io.Writer, c Command) error {
	if c.Bind == nil {
		c.Bind = map[string]string{}
	}
	return writeLine(w, c)
}

// DecodeCommand parses one line from the GUI.
func DecodeCommand(line []byte) (Command, error) {
	var c Command
	if err := decodeStrict(line, &c); err != nil {
		return Command{}, fmt.Errorf("hotkey command: %w", err)
	}
	if c.Bind == nil {
		return Command{}, errors.New("hotkey command: no \"bind\" object")
	}
	return c, nil
}

// EncodeMessage writes m as one line.
func EncodeMessage(w io.Writer, m Message) error {
	return writeLine(w, m)
}

// DecodeMessage parses one line from the helper.
func DecodeMessage(line []byte) (Message, error) {
	var m Message
	if err := decodeStrict(line, &m); err != nil {
		return Message{}, fmt.Errorf("hotkey message: %w", err)
	}
	switch m.Type {
	case MsgReady, MsgFatal, MsgError:
	case MsgBound, MsgPressed:
		if m.Action == "" {
			return Message{}, fmt.Errorf("hotkey message: %q without an action", m.Type)
		}
	default:
		return Message{}, fmt.Errorf("hotkey message: unknown type %q", m.Type)
	}
	return m, nil
}

// writeLine writes v as JSON and a newline in one Write, so lines from
// concurrent writers that share a lock never interleave.
func writeLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// decodeStrict parses exactly one JSON value of bounded size.
func decodeStrict(line []byte, v any) error {
	if len(line) > maxLine {
		return fmt.Errorf("line of %d bytes is too long", len(line))
	}
	return json.Unmarshal(bytes.TrimSpace(line), v)
}
