package sxcu

import (
	"errors"
	"fmt"
	"strings"
)

// Expr is a parsed ShareX expression: literal text and function calls,
// e.g. "https://i.example/{json:data.id}.png". The zero Expr is "".
type Expr []Node

// Node is literal text (Func == "") or a call {Func:Args[0]|Args[1]…}.
type Node struct {
	Text string
	Func string // as written; functions are matched ignoring case
	Args []Expr // nil for {name}; one empty Expr for {name:}
}

// ParseExpr reads the syntax of ShareX 14 and later: {name}, {name:a|b},
// nested calls in arguments, and \ escaping the next character. A stray }
// or | outside a call (which ShareX would silently cut the text at), an
// unclosed { and an empty function name are errors.
func ParseExpr(s string) (Expr, error) {
	p := &exprParser{s: s}
	e, err := p.seq()
	if err != nil {
		return nil, err
	}
	if p.pos < len(s) {
		return nil, fmt.Errorf("stray %q at position %d (write \\%c for the character itself)", s[p.pos], p.pos+1, s[p.pos])
	}
	return e, nil
}

// exprParser walks the text once; depth bounds the nesting of calls.
type exprParser struct {
	s     string
	pos   int
	depth int
}

// maxDepth bounds nested calls: real files nest one or two levels.
const maxDepth = 32

// seq reads literal text and calls up to the end, a '}' or a '|'.
func (p *exprParser) seq() (Expr, error) {
	var e Expr
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			e = append(e, Node{Text: lit.String()})
			lit.Reset()
		}
	}
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch c {
		case '}', '|':
			flush()
			return e, nil
		case '\\':
			p.pos++
			if p.pos < len(p.s) {
				lit.WriteByte(p.s[p.pos])
				p.pos++
			}
		case '{':
			flush()
			n, err := p.call()
			if err != nil {
				return nil, err
			}
			e = append(e, n)
		default:
			lit.WriteByte(c)
			p.pos++
		}
	}
	flush()
	return e, nil
}

// call reads {name}, {name:arg|arg…} or {name|arg…}; p.pos is at '{'.
func (p *exprParser) call() (Node, error) {
	start := p.pos
	p.pos++
	if p.depth++; p.depth > maxDepth {
		return Node{}, fmt.Errorf("calls nested more than %d deep", maxDepth)
	}
	defer func() { p.depth-- }()
	var name strings.Builder
	for p.pos < len(p.s) && !strings.ContainsRune(":|}", rune(p.s[p.pos])) {
		switch c := p.s[p.pos]; c {
		case '{':
			return Node{}, fmt.Errorf("a function name cannot contain { (position %d)", p.pos+1)
		case '\\':
			p.pos++
			if p.pos < len(p.s) {
				name.WriteByte(p.s[p.pos])
			}
		default:
			name.WriteByte(c)
		}
		p.pos++
	}
	n := Node{Func: name.String()}
	if strings.TrimSpace(n.Func) == "" {
		return Node{}, fmt.Errorf("empty function name at position %d", start+1)
	}
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '}':
			p.pos++
			return n, nil
		default: // ':' before the first argument, '|' between arguments
			p.pos++
			arg, err := p.seq()
			if err != nil {
				return Node{}, err
			}
			n.Args = append(n.Args, arg)
		}
	}
	return Node{}, fmt.Errorf("missing } to close {%s at position %d", n.Func, start+1)
}

// String writes e back in ShareX 14 syntax; ParseExpr of the result gives
// e again.
func (e Expr) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e Expr) write(b *strings.Builder) {
	for _, n := range e {
		if n.Func == "" {
			escape(b, n.Text, `\{}|`)
			continue
		}
		b.WriteByte('{')
		escape(b, n.Func, `\{}|:`)
		for i, a := range n.Args {
			if i == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte('|')
			}
			a.write(b)
		}
		b.WriteByte('}')
	}
}

func escape(b *strings.Builder, s, special string) {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(special, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
}

// Literal reports whether e has no calls, and its text.
func (e Expr) Literal() (string, bool) {
	var b strings.Builder
	for _, n := range e {
		if n.Func != "" {
			return "", false
		}
		b.WriteString(n.Text)
	}
	return b.String(), true
}

// walk calls fn for each call in e, outer calls first.
func (e Expr) walk(fn func(Node)) {
	for _, n := range e {
		if n.Func == "" {
			continue
		}
		fn(n)
		for _, a := range n.Args {
			a.walk(fn)
		}
	}
}

// errNotJSON is the failure of {json:…} on an answer that is not JSON.
var errNotJSON = errors.New("the answer is not JSON")
