package sxcu

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// CurrentVersion is the ShareX version written into exported files.
const CurrentVersion = "17.0.0"

// File is a .sxcu document as current ShareX (14 and later) writes it,
// keys in ShareX's order. It is what Upshot exports.
type File struct {
	Version         string            `json:"Version"`
	Name            string            `json:"Name,omitempty"`
	DestinationType string            `json:"DestinationType"`
	RequestMethod   string            `json:"RequestMethod"`
	RequestURL      string            `json:"RequestURL"`
	Parameters      map[string]string `json:"Parameters,omitempty"`
	Headers         map[string]string `json:"Headers,omitempty"`
	Body            string            `json:"Body"`
	Arguments       map[string]string `json:"Arguments,omitempty"`
	FileFormName    string            `json:"FileFormName,omitempty"`
	URL             string            `json:"URL,omitempty"`
	ThumbnailURL    string            `json:"ThumbnailURL,omitempty"`
	DeletionURL     string            `json:"DeletionURL,omitempty"`
	ErrorMessage    string            `json:"ErrorMessage,omitempty"`
}

// Marshal writes f as indented JSON ending in a newline, with & < > left
// as they are (ShareX reads either; people read this better).
func (f File) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("write .sxcu: %w", err)
	}
	return b.Bytes(), nil
}

// rawFile is what a .sxcu may hold, current and legacy keys alike.
type rawFile struct {
	Version         text
	Name            text
	DestinationType destinations
	RequestMethod   text
	RequestType     text // before 13: the method
	RequestURL      text
	RequestFormat   text // before 13: "Automatic", "MultipartFormData", …
	Parameters      textMap
	Headers         textMap
	Body            text
	Arguments       textMap
	FileFormName    text
	Data            text
	ResponseType    text // before 14: "Text", "RedirectionURL", "Headers", "LocationHeader"
	RegexList       textList
	URL             text
	ThumbnailURL    text
	DeletionURL     text
	ErrorMessage    text
	unknown         []string // keys Upshot does not know, as written
	repeated        []string // warnings about keys given more than once
}

// fields maps the lower-cased key names to their fields: like ShareX's
// reader, key names match ignoring case.
func (f *rawFile) fields() map[string]json.Unmarshaler {
	return map[string]json.Unmarshaler{
		"version": &f.Version, "name": &f.Name, "destinationtype": &f.DestinationType,
		"requestmethod": &f.RequestMethod, "requesttype": &f.RequestType, "requesturl": &f.RequestURL,
		"requestformat": &f.RequestFormat, "parameters": &f.Parameters, "headers": &f.Headers,
		"body": &f.Body, "arguments": &f.Arguments, "fileformname": &f.FileFormName, "data": &f.Data,
		"responsetype": &f.ResponseType, "regexlist": &f.RegexList, "url": &f.URL,
		"thumbnailurl": &f.ThumbnailURL, "deletionurl": &f.DeletionURL, "errormessage": &f.ErrorMessage,
	}
}

// text is a scalar value taken as text, remembering whether the key was
// there at all and whether it was a number or a boolean (hand-written
// files put them in places). null is "", as ShareX reads it.
type text struct {
	s    string
	set  bool
	kind string // "" for a JSON string or null, else "number" or "boolean"
}

func (t *text) UnmarshalJSON(b []byte) error {
	*t = text{set: true} // a key given twice: the last value is the value
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
	case string:
		t.s = x
	case json.Number:
		t.s, t.kind = x.String(), "number"
	case bool:
		t.s, t.kind = strconv.FormatBool(x), "boolean"
	default:
		return errors.New("expected text, found a list or an object")
	}
	return nil
}

// textMap is a JSON object of scalar values.
type textMap map[string]text

func (m *textMap) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("expected an object of names and values")
	}
	*m = make(textMap, len(raw))
	for k, v := range raw {
		var t text
		if err := t.UnmarshalJSON(v); err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		(*m)[k] = t
	}
	return nil
}

// textList is a JSON list of scalar values (RegexList).
type textList []text

func (l *textList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("expected a list")
	}
	*l = make(textList, len(raw))
	for i, v := range raw {
		if err := (*l)[i].UnmarshalJSON(v); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	return nil
}

// Destination types of ShareX's custom uploaders (a set of flags).
const (
	destImage = 1 << iota
	destText
	destFile
	destShortener
	destSharing
)

var destNames = map[string]int{
	"imageuploader": destImage, "textuploader": destText, "fileuploader": destFile,
	"urlshortener": destShortener, "urlsharingservice": destSharing,
}

// destinations is DestinationType: "ImageUploader, FileUploader" as ShareX
// writes it, or the flags as a number.
type destinations struct {
	flags int
	raw   string
	set   bool
}

func (d *destinations) UnmarshalJSON(b []byte) error {
	var t text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*d = destinations{raw: t.s, set: t.s != ""}
	if n, err := strconv.Atoi(strings.TrimSpace(t.s)); err == nil {
		d.flags = n
		return nil
	}
	for _, name := range strings.Split(t.s, ",") {
		d.flags |= destNames[strings.ToLower(strings.TrimSpace(name))]
	}
	return nil
}

// decodeFile reads the JSON of a .sxcu, in UTF-8 (with or without BOM)
// or UTF-16 with BOM as Windows editors save it.
func decodeFile(data []byte) (*rawFile, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(int64(len(data)))
	}
	data = toUTF8(data)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonError(data, err)
	}
	var f rawFile
	fields := f.fields()
	seen := map[json.Unmarshaler]string{} // field → the key that last set it
	for _, m := range members(data) {
		u, ok := fields[strings.ToLower(m.key)]
		if !ok {
			f.unknown = append(f.unknown, m.key)
			continue
		}
		if prev, ok := seen[u]; ok {
			f.repeated = append(f.repeated, repeatedKey(prev, m.key))
		}
		seen[u] = m.key
		if err := u.UnmarshalJSON(m.value); err != nil {
			return nil, fmt.Errorf("not a ShareX custom uploader: %s: %v", m.key, err)
		}
	}
	if !f.RequestURL.set {
		return nil, errors.New("not a ShareX custom uploader: it has no RequestURL")
	}
	return &f, nil
}

// member is a key of a JSON object and its value.
type member struct {
	key   string
	value json.RawMessage
}

// members lists the keys of the JSON object data (already checked to be
// one) in the file's order: ShareX reads them in that order, matching
// names ignoring case, and the last value of a key wins whole.
func members(data []byte) []member {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		var m member
		if err != nil || !ok || dec.Decode(&m.value) != nil {
			return out
		}
		m.key = key
		out = append(out, m)
	}
	return out
}

// repeatedKey is the warning about a key given again.
func repeatedKey(prev, key string) string {
	if prev == key {
		return fmt.Sprintf("%s is given twice: the last one is used, as ShareX does", key)
	}
	return fmt.Sprintf("%q and %q are the same key: the last one is used, as ShareX does", prev, key)
}

// toUTF8 strips a UTF-8 byte order mark and converts UTF-16 with a BOM.
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		u := make([]uint16, 0, len(data)/2)
		for i := 2; i+1 < len(data); i += 2 {
			if le {
				u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}

// jsonError says where the JSON is broken, by line.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("not a ShareX custom uploader: invalid JSON on line %d: %v", line, se)
	case errors.As(err, &te):
		return fmt.Errorf("not a ShareX custom uploader: the file holds a JSON %s, not an object", te.Value)
	}
	return fmt.Errorf("not a ShareX custom uploader: %v", err)
}
