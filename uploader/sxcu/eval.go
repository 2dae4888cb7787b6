package sxcu

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
)

// Response is the host's answer the response expressions read.
type Response struct {
	Header http.Header
	Body   string
	URL    string // the address that answered, after the redirects the upload followed
}

// Env is what an expression is evaluated against.
type Env struct {
	FileName  string
	URLEncode bool      // {filename} is percent-encoded (in URLs)
	Response  *Response // nil while the request is built
	Pick      func(n int) int

	doc    any // the answer decoded as JSON, once
	docErr error
	parsed bool
}

// Eval computes e's text in env.
func (e Expr) Eval(env *Env) (string, error) {
	var b strings.Builder
	for _, n := range e {
		if n.Func == "" {
			b.WriteString(n.Text)
			continue
		}
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			v, err := a.Eval(env)
			if err != nil {
				return "", err
			}
			args[i] = v
		}
		v, err := env.call(strings.ToLower(n.Func), args)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// call runs one function on its evaluated arguments.
func (env *Env) call(name string, args []string) (string, error) {
	f, ok := funcs[name]
	if !ok || f.run == nil {
		return "", fmt.Errorf("function {%s} is not supported", name)
	}
	if len(args) < f.minArgs {
		return "", fmt.Errorf("{%s} needs at least %d argument(s)", name, f.minArgs)
	}
	if f.response && env.Response == nil {
		return "", fmt.Errorf("{%s} reads the host's answer, which is not there yet", name)
	}
	return f.run(env, args)
}

// function describes one ShareX function Upshot knows.
type function struct {
	run      func(env *Env, args []string) (string, error) // nil: known to ShareX but refused
	minArgs  int
	maxArgs  int  // 0 = any
	response bool // reads the answer: only in URL, ThumbnailURL, DeletionURL, ErrorMessage
	why      string
}

// funcs are the functions of ShareX 14+ custom uploaders. Those without run
// are refused when a file is imported, with why.
var funcs = map[string]function{
	"filename":    {run: fnFileName},
	"input":       {run: fnInput},
	"random":      {run: fnRandom, minArgs: 1},
	"response":    {run: fnResponse, response: true},
	"responseurl": {run: fnResponseURL, response: true},
	"header":      {run: fnHeader, minArgs: 1, maxArgs: 1, response: true},
	"json":        {run: fnJSON, minArgs: 1, maxArgs: 2, response: true},
	"regex":       {run: fnRegex, minArgs: 1, maxArgs: 3, response: true},
	"xml":         {why: "XML answers are not supported; only {json} and {regex}"},
	"base64":      {why: "{base64} is not supported; put the final value in the file"},
	"prompt":      {why: "it asks a question at every upload; put the answer in the file"},
	"inputbox":    {why: "it asks a question at every upload; put the answer in the file"},
	"select":      {why: "it asks a question at every upload; put the choice in the file"},
	"outputbox":   {why: "it opens a window after the upload"},
	"output":      {why: "ShareX's outputs are not supported"},
}

// supportedList names the functions Upshot runs, for messages.
const supportedList = "{json} {regex} {response} {responseurl} {header} {filename} {input} {random}"

func fnFileName(env *Env, _ []string) (string, error) { return env.encode(env.FileName), nil }

// fnInput is ShareX's text input: there is none in a file upload.
func fnInput(*Env, []string) (string, error) { return "", nil }

func fnRandom(env *Env, args []string) (string, error) {
	pick := env.Pick
	if pick == nil {
		pick = rand.IntN
	}
	return args[pick(len(args))], nil
}

func fnResponse(env *Env, _ []string) (string, error)    { return env.Response.Body, nil }
func fnResponseURL(env *Env, _ []string) (string, error) { return env.Response.URL, nil }
func fnHeader(env *Env, args []string) (string, error) {
	return env.Response.Header.Get(args[0]), nil
}

// fnJSON is {json:path} on the answer or {json:text|path} on text.
func fnJSON(env *Env, args []string) (string, error) {
	path := args[len(args)-1]
	if strings.TrimSpace(path) == "" {
		return "", nil
	}
	steps, err := parsePath(path)
	if err != nil {
		return "", err
	}
	var doc any
	if len(args) == 2 {
		if doc, err = decodeJSON(args[0]); err != nil {
			return "", err
		}
	} else if doc, err = env.document(); err != nil {
		return "", err
	}
	v, _ := selectPath(doc, steps)
	return jsonText(v), nil
}

// document decodes the answer once for all the {json} calls.
func (env *Env) document() (any, error) {
	if !env.parsed {
		env.doc, env.docErr = decodeJSON(env.Response.Body)
		env.parsed = true
	}
	return env.doc, env.docErr
}

// fnRegex is {regex:pattern}, {regex:pattern|group} or
// {regex:text|pattern|group}; group is a number or a name, "" the match.
func fnRegex(env *Env, args []string) (string, error) {
	text, pattern, group := env.Response.Body, args[0], ""
	switch len(args) {
	case 2:
		group = args[1]
	case 3:
		text, pattern, group = args[0], args[1], args[2]
	}
	re, err := compileRegex(pattern)
	if err != nil {
		return "", err
	}
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return "", nil
	}
	i := 0
	if group != "" {
		if n, err := strconv.Atoi(group); err == nil {
			i = n
		} else {
			i = re.SubexpIndex(group)
		}
	}
	if i < 0 || 2*i+1 >= len(m) || m[2*i] < 0 {
		return "", nil
	}
	return text[m[2*i]:m[2*i+1]], nil
}

// compileRegex compiles a .NET-style pattern with Go's regexp (RE2): the
// common syntax is the same; lookaround and backreferences are not.
func compileRegex(pattern string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("regex %q cannot be used (%v); lookahead, lookbehind and backreferences are not supported", pattern, cause(err))
	}
	return re, nil
}

// cause is the message of a regexp error without the repeated pattern.
func cause(err error) string {
	var re *syntax.Error
	if errors.As(err, &re) {
		return string(re.Code)
	}
	return err.Error()
}

// encode percent-encodes like ShareX's URL encoding when env asks for it:
// every byte but the unreserved A-Z a-z 0-9 - _ . ~.
func (env *Env) encode(s string) string {
	if !env.URLEncode {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// check reports the first call in e that Upshot cannot run where e
// stands: an unknown or refused function, a response function in the
// request, a wrong number of arguments, a literal regex or JSON path that
// cannot work.
func (e Expr) check(inResponse bool) error {
	var err error
	e.walk(func(n Node) {
		if err == nil {
			err = checkCall(n, inResponse)
		}
	})
	return err
}

func checkCall(n Node, inResponse bool) error {
	name := strings.ToLower(n.Func)
	f, ok := funcs[name]
	switch {
	case !ok:
		return fmt.Errorf("unknown function {%s}; Upshot supports %s", n.Func, supportedList)
	case f.run == nil:
		return fmt.Errorf("function {%s}: %s", name, f.why)
	case f.response && !inResponse:
		return fmt.Errorf("{%s} reads the host's answer, so it only works in URL, ThumbnailURL, DeletionURL and ErrorMessage", name)
	case len(n.Args) < f.minArgs:
		return fmt.Errorf("{%s} needs at least %d argument(s)", name, f.minArgs)
	case f.maxArgs > 0 && len(n.Args) > f.maxArgs:
		return fmt.Errorf("{%s} takes at most %d arguments", name, f.maxArgs)
	}
	return checkLiteralArgs(name, n.Args)
}

// checkLiteralArgs tries the JSON path or regex pattern of a call when it
// is plain text, so that a file that cannot work is refused on import.
func checkLiteralArgs(name string, args []Expr) error {
	switch name {
	case "json":
		if p, ok := args[len(args)-1].Literal(); ok {
			_, err := parsePath(p)
			return err
		}
	case "regex":
		i := 0
		if len(args) == 3 {
			i = 1
		}
		if p, ok := args[i].Literal(); ok {
			_, err := compileRegex(p)
			return err
		}
	}
	return nil
}
