package sxcu

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseSXCU: any file either fails cleanly or gives a spec (Parse
// compiles it, as New does) that survives export and re-import. The
// second input is put into every value of a well-formed file, so that
// the fuzzer reaches the expressions without having to invent JSON.
func FuzzParseSXCU(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.sxcu"))
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "{json:a.b}")
	}
	f.Add(file(`,"Parameters":{"a":"{filename}"},"RequestURL":"h.example/x?b=1&&c"`), "$1,1$")
	f.Add([]byte(`{"RequestURL":"https://h","FileFormName":"f","URL":"$1,1$","RegexList":["(a)"]}`), "x{random:a|b}")
	f.Add([]byte(`{"RequestURL":"http://h/","FileFormName":"f","ResponseType":"RedirectionURL","RegexList":[".+"],"URL":"$regex:1$.png","url":"$response$"}`), "$json:a$")
	f.Add(current(`"FileFormName":"f","Headers":{"A":"1"},"headers":{"a":"2"},"Version":"14.x"`), "{regex:a|1}")
	f.Fuzz(func(t *testing.T, data []byte, value string) {
		checkParse(t, data)
		v, _ := json.Marshal(value)
		for _, version := range []string{`"Version":"15.0.0",`, ""} {
			checkParse(t, []byte(`{`+version+`"RequestURL":"https://h.example/`+strings.Trim(string(v), `"`)+`",
				"Body":"MultipartFormData","FileFormName":"f","RegexList":[`+string(v)+`],
				"Headers":{"X-A":`+string(v)+`},"Arguments":{"a":`+string(v)+`},"Parameters":{"p":`+string(v)+`},
				"URL":`+string(v)+`,"ThumbnailURL":`+string(v)+`,"ErrorMessage":`+string(v)+`}`))
		}
	})
}

func checkParse(t *testing.T, data []byte) {
	t.Helper()
	p, err := Parse(data)
	if err != nil {
		return
	}
	out, err := p.Spec.File(p.Name).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("re-import of the export: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back.Spec, p.Spec) || back.Name != p.Name {
		t.Fatalf("round trip changed the uploader:\n%q %+v\n%q %+v", p.Name, p.Spec, back.Name, back.Spec)
	}
	p.Spec.Chevereto() // must not panic
}

// FuzzExpr: parsing never panics; what parses is written back to text
// that parses to the same tree; evaluation on any answer never panics;
// legacy text converts to text of the same meaning.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{
		"{json:data.link}", "{regex:href=\"(.+?)\"|1}", "https://x/{filename}?r={random:a|b}",
		`\{x\}`, "{json:{response}|a[0]['b c']}", "{header:Location}{responseurl}", "$json:a$", "$1,1$ $$ \\$",
		"{regex:{response}|(?<n>[0-9]+)|n}", "{json:a[-1]}",
	} {
		f.Add(s, `{"a":[{"b c":1}],"data":{"link":"l"}}`)
	}
	f.Fuzz(func(t *testing.T, s, body string) {
		env := &Env{FileName: "a b.png", URLEncode: true, Pick: func(n int) int { return n / 2 },
			Response: &Response{Body: body, Header: http.Header{"Location": {body}}}}
		if e, err := ParseExpr(s); err == nil {
			roundTrip(t, e)
			_ = e.check(true)
			_, _ = e.Eval(env)
		}
		if e, err := ParseLegacy(s, []string{body, "(x)"}); err == nil {
			roundTrip(t, e)
			_, _ = e.Eval(env)
		}
	})
}

func roundTrip(t *testing.T, e Expr) {
	t.Helper()
	again, err := ParseExpr(e.String())
	if err != nil {
		t.Fatalf("%q (from %#v) does not parse: %v", e.String(), e, err)
	}
	if !reflect.DeepEqual(again, e) {
		t.Fatalf("round trip of %q:\n%#v\n%#v", e.String(), e, again)
	}
}
