package sxcu

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseLegacy reads the syntax of ShareX before 14 ($json:data.link$,
// $regex:1|1$, $1,1$, $response$, $random:a|b$…) into the same Expr as
// ParseExpr. $regex:N…$ refers to pattern N (from 1) of regexList.
// As in ShareX, \ escapes the next character, $$ stands for nothing and
// an unclosed $… is dropped.
func ParseLegacy(s string, regexList []string) (Expr, error) {
	var e Expr
	var text, syntax strings.Builder
	inSyntax := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			c = s[i]
		case c == '\\':
			continue
		case c == '$' && !inSyntax:
			inSyntax = true
			syntax.Reset()
			continue
		case c == '$':
			inSyntax = false
			if syntax.Len() == 0 {
				continue
			}
			n, err := legacyCall(syntax.String(), regexList)
			if err != nil {
				return nil, err
			}
			if text.Len() > 0 {
				e = append(e, Node{Text: text.String()})
				text.Reset()
			}
			e = append(e, n)
			continue
		}
		if inSyntax {
			syntax.WriteByte(c)
		} else {
			text.WriteByte(c)
		}
	}
	if text.Len() > 0 {
		e = append(e, Node{Text: text.String()})
	}
	return e, nil
}

// legacyCall turns the text between two $ into a call.
func legacyCall(syntax string, regexList []string) (Node, error) {
	if syntax[0] >= '0' && syntax[0] <= '9' { // $1,1$: the oldest regex reference
		return legacyRegex(syntax, regexList)
	}
	name, value, hasValue := strings.Cut(syntax, ":")
	lower := strings.ToLower(name)
	switch lower {
	case "regex":
		return legacyRegex(value, regexList)
	case "random", "select":
		var args []Expr
		for _, v := range strings.Split(value, "|") {
			args = append(args, literal(v))
		}
		return Node{Func: lower, Args: args}, nil
	case "response", "responseurl", "input", "filename":
		return Node{Func: lower}, nil
	case "header", "json", "xml", "base64", "prompt":
		if !hasValue {
			return Node{Func: lower}, nil
		}
		return Node{Func: lower, Args: []Expr{literal(value)}}, nil
	}
	return Node{}, fmt.Errorf("unknown syntax $%s$; Upshot supports $json:…$ $regex:…$ $response$ $responseurl$ $header:…$ $filename$ $input$ $random:…$", syntax)
}

// legacyRegex resolves "N", "N|group" or "N,group" against regexList.
func legacyRegex(ref string, regexList []string) (Node, error) {
	digits := len(ref) - len(strings.TrimLeft(ref, "0123456789"))
	if digits == 0 {
		return Node{}, fmt.Errorf("$regex:%s$ does not name a pattern of RegexList by number", ref)
	}
	n, err := strconv.Atoi(ref[:digits])
	if err != nil || n < 1 || n > len(regexList) {
		return Node{}, fmt.Errorf("$regex:%s$ refers to pattern %s, but RegexList has %d", ref, ref[:digits], len(regexList))
	}
	args := []Expr{literal(regexList[n-1])}
	rest := ref[digits:]
	if len(rest) > 1 && (rest[0] == '|' || rest[0] == ',') {
		args = append(args, literal(rest[1:]))
	}
	return Node{Func: "regex", Args: args}, nil
}

// literal is the Expr of plain text.
func literal(s string) Expr {
	if s == "" {
		return nil
	}
	return Expr{{Text: s}}
}
