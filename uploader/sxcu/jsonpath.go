package sxcu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// step is one member name or array index of a JSON path.
type step struct {
	key   string
	index int
	isIdx bool
}

// parsePath reads the JSONPath subset custom uploaders use: an optional
// leading "$", dotted names, [n] indexes (negative counts from the end)
// and ['name'] or ["name"] members, e.g. "data.files[0].url". Wildcards,
// recursive descent, slices and filters are refused: they select several
// values and a link is one.
func parsePath(p string) ([]step, error) {
	s := strings.TrimSpace(p)
	s = strings.TrimPrefix(s, "$")
	var steps []step
	for first := true; s != ""; first = false {
		var st step
		var err error
		switch {
		case strings.HasPrefix(s, ".."):
			return nil, fmt.Errorf("JSON path %q: recursive descent (..) is not supported", p)
		case s[0] == '[':
			st, s, err = bracketStep(s, p)
		case s[0] == '.':
			st, s, err = nameStep(s[1:], p)
		case first:
			st, s, err = nameStep(s, p)
		default:
			err = fmt.Errorf("JSON path %q: unexpected %q", p, s[0])
		}
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// nameStep reads a dotted member name up to the next '.' or '['.
func nameStep(s, p string) (step, string, error) {
	end := strings.IndexAny(s, ".[")
	if end < 0 {
		end = len(s)
	}
	name := s[:end]
	switch {
	case name == "":
		return step{}, "", fmt.Errorf("JSON path %q: empty member name", p)
	case name == "*":
		return step{}, "", fmt.Errorf("JSON path %q: wildcards (*) are not supported", p)
	}
	return step{key: name}, s[end:], nil
}

// bracketStep reads [n], ['name'] or ["name"].
func bracketStep(s, p string) (step, string, error) {
	if len(s) > 1 && (s[1] == '\'' || s[1] == '"') {
		q := s[1]
		end := strings.IndexByte(s[2:], q)
		if end < 0 || !strings.HasPrefix(s[2+end+1:], "]") {
			return step{}, "", fmt.Errorf("JSON path %q: unclosed [%c", p, q)
		}
		return step{key: s[2 : 2+end]}, s[2+end+2:], nil
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return step{}, "", fmt.Errorf("JSON path %q: missing ]", p)
	}
	inner := strings.TrimSpace(s[1:end])
	n, err := strconv.Atoi(inner)
	if err != nil || len(inner) > 9 {
		return step{}, "", fmt.Errorf("JSON path %q: [%s] is not supported (only [number] and ['name'])", p, inner)
	}
	return step{index: n, isIdx: true}, s[end+1:], nil
}

// selectPath follows steps through a decoded JSON value; missing members
// and indexes give (nil, false), like ShareX's empty result.
func selectPath(v any, steps []step) (any, bool) {
	for _, st := range steps {
		switch x := v.(type) {
		case map[string]any:
			if st.isIdx {
				return nil, false
			}
			var ok bool
			if v, ok = x[st.key]; !ok {
				return nil, false
			}
		case []any:
			i := st.index
			if i < 0 {
				i += len(x)
			}
			if !st.isIdx || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// decodeJSON decodes an answer keeping numbers as written.
func decodeJSON(body string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errNotJSON
	}
	if dec.More() {
		return nil, errNotJSON
	}
	return v, nil
}

// jsonText is the text a selected value stands for in a link: strings as
// they are, numbers and booleans as written, null as "", objects and
// arrays as compact JSON.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}
