package sxcu

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The shapes below were seen in ShareX's collection of real custom
// uploaders; the values are made up.

// current is a current .sxcu around the given keys.
func current(keys string) []byte {
	return []byte(`{"Version":"15.0.0","DestinationType":"ImageUploader","RequestMethod":"POST",
		"RequestURL":"https://h.example/up","Body":"MultipartFormData",` + keys + `}`)
}

// TestParseCorpusRefusals: values that used to import with a meaning the
// file did not have (or with a misleading reason) are refused, naming the
// key and what to do.
func TestParseCorpusRefusals(t *testing.T) {
	tests := []struct {
		name string
		data string
		key  string
		want string
	}{
		{"RequestURL as a number", `{"Version":"15.0.0","RequestURL":123,"Body":"MultipartFormData","FileFormName":"f"}`,
			"RequestURL", `unsupported RequestURL "123" (it is a number, not an address: write the upload URL in quotes`},
		{"RequestURL as a boolean", `{"Version":"15.0.0","RequestURL":true,"Body":"MultipartFormData","FileFormName":"f"}`,
			"RequestURL", "it is a boolean, not an address"},
		{"Version in words", `{"Version":"fifteen","RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"f"}`,
			"Version", `unsupported Version "fifteen" (not a version number like 15.0.0`},
		{"Version with a v", `{"Version":"v15.0.0","RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"f"}`,
			"Version", "not a version number"},
		{"Version with a junk part", `{"Version":"14.x","RequestURL":"https://h.example/up","FileFormName":"f","URL":"$json:a$"}`,
			"Version", "not a version number"},
		{"text uploader without a file field", `{"RequestURL":"https://paste.example/","Arguments":{"code":"$input$","expiry":"never"},"ResponseType":"RedirectionURL"}`,
			"FileFormName", `unsupported FileFormName "" (the file sends no file: text uploaders and URL shorteners are not supported — Upshot uploads images and videos)`},
		{"URL shortener by its type", `{"Version":"13.0.0","DestinationType":"URLShortener","RequestMethod":"POST","RequestURL":"https://s.example","Body":"MultipartFormData","Arguments":{"shorten":"$input$"}}`,
			"DestinationType", "text uploaders and URL shorteners are not supported — Upshot uploads images and videos"},
		{"header names that differ in case", string(current(`"FileFormName":"f","Headers":{"Authorization":"Bearer a_SECRET","authorization":"Bearer b_SECRET"}`)),
			"Headers", `"Authorization" and "authorization" are the same header (names ignore case): keep one of them`},
		{"legacy answer read from headers", `{"RequestURL":"https://h.example/up","FileFormName":"f","ResponseType":"Headers"}`,
			"ResponseType", `unsupported ResponseType "Headers" (ShareX dropped it too: read a header with {header:NAME} in URL)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			var ue *UnsupportedError
			if !errors.As(err, &ue) || ue.Key != tt.key || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v (%#v)\nwant an UnsupportedError for %s containing %q", err, err, tt.key, tt.want)
			}
			if strings.Contains(err.Error(), "_SECRET") {
				t.Error("a credential reached the message")
			}
		})
	}
}

// TestParseRepeatedKeys: ShareX reads key names ignoring case and, in the
// order of the file, the last value of a key wins whole (a second Headers
// replaces the first). Upshot does the same, every time, and says so.
func TestParseRepeatedKeys(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Spec
		warn string
	}{
		{"URL then url", current(`"FileFormName":"f","URL":"{json:a}","url":"{json:b}"`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: "{json:b}"}, `"URL" and "url" are the same key: the last one is used, as ShareX does`},
		{"url then URL", current(`"FileFormName":"f","url":"{json:b}","URL":"{json:a}"`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: "{json:a}"}, `"url" and "URL" are the same key`},
		{"Headers then headers", current(`"FileFormName":"f","Headers":{"X-A":"1","X-B":"2"},"headers":{"X-C":"3"}`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", Headers: map[string]string{"X-C": "3"}}, `"Headers" and "headers" are the same key`},
		{"the same key twice", current(`"FileFormName":"a","FileFormName":"b"`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "b"}, `FileFormName is given twice: the last one is used, as ShareX does`},
		{"null after a value", current(`"FileFormName":"f","URL":"{json:a}","Url":null`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f"}, `"URL" and "Url" are the same key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := 0; i < 20; i++ { // Go's maps have no order: one lucky run proves nothing
				p, err := Parse(tt.data)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(p.Spec, tt.want) {
					t.Fatalf("run %d: got %+v\nwant %+v", i+1, p.Spec, tt.want)
				}
				if !strings.Contains(strings.Join(p.Warnings, "\n"), tt.warn) {
					t.Fatalf("warnings %q, want one containing %q", p.Warnings, tt.warn)
				}
			}
		})
	}
}

// TestParseLegacyRedirectAnswers: before ShareX 13, ResponseType
// RedirectionURL made the address the host redirected to the answer that
// URL reads; LocationHeader the Location header of the answer (a host
// that answers 200 with one). Upshot follows the redirects and reads the
// final address, or the header, keeping what the file meant.
func TestParseLegacyRedirectAnswers(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Spec
	}{
		{"the final address is the link", `{"DestinationType":"ImageUploader","RequestURL":"http://img.example/","FileFormName":"img[]","ResponseType":"RedirectionURL"}`,
			Spec{RequestURL: "http://img.example/", FileFormName: "img[]", URL: "{responseurl}"}},
		{"a regex reads the address", `{"RequestURL":"http://jpeg.example/upload","FileFormName":"image","ResponseType":"RedirectionURL","RegexList":[".+"],"URL":"$regex:1$.jpeg"}`,
			Spec{RequestURL: "http://jpeg.example/upload", FileFormName: "image", URL: `{regex:{responseurl}|.+|}.jpeg`}},
		{"response, regex group and json", `{"RequestURL":"https://h.example/up","FileFormName":"f","ResponseType":"RedirectionURL","RegexList":["/i/(\\w+)"],
			"URL":"$response$","ThumbnailURL":"https://h.example/t/$regex:1|1$.png","DeletionURL":"$json:del$"}`,
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: "{responseurl}",
				ThumbnailURL: `https://h.example/t/{regex:{responseurl}|/i/(\\w+)|1}.png`, DeletionURL: "{json:{responseurl}|del}"}},
		{"the Location header", `{"RequestURL":"https://h.example/up","FileFormName":"f","ResponseType":"LocationHeader","ThumbnailURL":"$response$?t=1"}`,
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: "{header:Location}", ThumbnailURL: "{header:Location}?t=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Spec, tt.want) {
				t.Errorf("got  %+v\nwant %+v", p.Spec, tt.want)
			}
		})
	}
}

// TestParseVersions: a version number decides the syntax; any number of
// parts from one to four is one.
func TestParseVersions(t *testing.T) {
	for _, tt := range []struct {
		version string
		legacy  bool
	}{{"13.7.1", true}, {" 13.7 ", true}, {"14", false}, {"14.0.0.1", false}, {"12", true}} {
		p, err := Parse([]byte(`{"Version":"` + tt.version + `","RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"f"}`))
		if err != nil || p.Legacy != tt.legacy {
			t.Errorf("Version %q: legacy %v, err %v; want legacy %v", tt.version, p != nil && p.Legacy, err, tt.legacy)
		}
	}
	p, err := Parse([]byte(`{"Version":14.1,"RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"f"}`))
	if err != nil || p.Legacy {
		t.Errorf("Version as a JSON number: %+v %v", p, err)
	}
}
