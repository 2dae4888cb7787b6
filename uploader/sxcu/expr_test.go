package sxcu

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseExprTree(t *testing.T) {
	tests := []struct {
		in   string
		want Expr
		out  string // String(); "" = in
	}{
		{"", nil, ""},
		{"plain", Expr{{Text: "plain"}}, ""},
		{"{json:data.link}", Expr{{Func: "json", Args: []Expr{{{Text: "data.link"}}}}}, ""},
		{"a{response}b", Expr{{Text: "a"}, {Func: "response"}, {Text: "b"}}, ""},
		{"{regex:a:b|1}", Expr{{Func: "regex", Args: []Expr{{{Text: "a:b"}}, {{Text: "1"}}}}}, ""},
		{"{random|x|y}", Expr{{Func: "random", Args: []Expr{{{Text: "x"}}, {{Text: "y"}}}}}, "{random:x|y}"},
		{"{json:}", Expr{{Func: "json", Args: []Expr{nil}}}, ""},
		{"{json:{response}|a}", Expr{{Func: "json", Args: []Expr{{{Func: "response"}}, {{Text: "a"}}}}}, ""},
		{`\{not\} a \| call\\`, Expr{{Text: `{not} a | call\`}}, ""},
		{`x\`, Expr{{Text: "x"}}, "x"},
		{`{a\:b}`, Expr{{Func: "a:b"}}, ""},
	}
	for _, tt := range tests {
		got, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %#v, want %#v", tt.in, got, tt.want)
		}
		out := tt.out
		if out == "" {
			out = tt.in
		}
		if s := got.String(); s != out {
			t.Errorf("%q: String() = %q, want %q", tt.in, s, out)
		}
	}
	for _, bad := range []string{"}", "a|b", "{", "{json:a", "{}", "{:x}", "{a{b}}", strings.Repeat("{a:", 40) + strings.Repeat("}", 40)} {
		if _, err := ParseExpr(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestEval(t *testing.T) {
	resp := &Response{
		URL:    "https://h.example/up",
		Header: http.Header{"X-Delete-Url": {"https://h.example/del/9"}},
		Body:   `{"data":{"link":"https://i.example/a b.png","id":42,"ok":true,"n":null,"files":[{"url":"u0"},{"url":"u1"}],"odd key":"v","obj":{"k":"<v>"}}}`,
	}
	tests := []struct {
		expr, want string
		env        Env
	}{
		{"{json:data.link}", "https://i.example/a b.png", Env{}},
		{"{json:$.data.id}", "42", Env{}},
		{"{json:data.ok}/{json:data.n}/{json:data.missing}/{json:data.link.deeper}", "true///", Env{}},
		{"{json:data.files[1].url}{json:data.files[-1].url}{json:data.files[5].url}", "u1u1", Env{}},
		{"{json:data['odd key']}{json:data[\"odd key\"]}", "vv", Env{}},
		{"{json:data.obj}", `{"k":"<v>"}`, Env{}},
		{`{json:\{"a":[1,2]\}|a[0]}`, "1", Env{}},
		{`{regex:"id":(\\d+)|1}`, "42", Env{}}, // \\ stands for one backslash
		{`{regex:"id":(?<num>[0-9]+)|num}`, "42", Env{}},
		{`{regex:"id":\\d+}`, `"id":42`, Env{}},
		{`{regex:nothing(here)|1}{regex:"id"|7}{regex:"id"|nosuch}`, "", Env{}},
		{`{regex:abc-123|([0-9]+)|1}`, "123", Env{}},
		{"{header:x-delete-url}", "https://h.example/del/9", Env{}},
		{"{responseurl}", "https://h.example/up", Env{}},
		{"{response}", resp.Body, Env{}},
		{"{filename}", "my shot&1.png", Env{FileName: "my shot&1.png"}},
		{"{FileName}", "my%20shot%261.png", Env{FileName: "my shot&1.png", URLEncode: true}},
		{"{input}", "", Env{}},
		{"{random:a|b|c}", "c", Env{Pick: func(n int) int { return n - 1 }}},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.expr)
		if err != nil {
			t.Errorf("%q: %v", tt.expr, err)
			continue
		}
		if err := e.check(true); err != nil {
			t.Errorf("%q: check: %v", tt.expr, err)
		}
		env := tt.env
		env.Response = resp
		if got, err := e.Eval(&env); err != nil || got != tt.want {
			t.Errorf("%q = %q, %v; want %q", tt.expr, got, err, tt.want)
		}
	}
}

func TestEvalFailures(t *testing.T) {
	tests := []struct {
		expr string
		resp *Response
		want string
	}{
		{"{json:a}", &Response{Body: "<html>"}, "not JSON"},
		{"{json:a}", nil, "not there yet"},
		{"{regex:{response}|{response}|1}", &Response{Body: "("}, "cannot be used"},
		{"{nosuch}", &Response{}, "not supported"},
		{"{base64:x}", &Response{}, "not supported"},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Eval(&Env{Response: tt.resp}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want %q", tt.expr, err, tt.want)
		}
	}
}

func TestParseLegacy(t *testing.T) {
	list := []string{`"url":"(.+?)"`, `del=(\w+)`}
	tests := []struct{ in, want string }{
		{"$json:files[0].url$", "{json:files[0].url}"},
		{"$1,1$", `{regex:"url":"(.+?)"|1}`},
		{"$regex:2$ $regex:2|1$ $regex:2,1$", `{regex:del=(\\w+)} {regex:del=(\\w+)|1} {regex:del=(\\w+)|1}`},
		{"https://h/$filename$?r=$random:a|b$", "https://h/{filename}?r={random:a|b}"},
		{"$response$$responseurl$$header:Location$$input$", "{response}{responseurl}{header:Location}{input}"},
		{"pa$$ss", "pass"},
		{`cost \$5 {x} a|b`, `cost $5 \{x\} a\|b`},
		{"unclosed $json:a", "unclosed "},
	}
	for _, tt := range tests {
		e, err := ParseLegacy(tt.in, list)
		if err != nil || e.String() != tt.want {
			t.Errorf("%q: %q, %v; want %q", tt.in, e.String(), err, tt.want)
		}
	}
	for _, bad := range []string{"$regex:3$", "$regex:x$", "$9$", "$whatever$"} {
		if _, err := ParseLegacy(bad, list); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
