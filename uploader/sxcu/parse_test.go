package sxcu

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/upshot-app/upshot/uploader"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseCheveretoFiles(t *testing.T) {
	tests := []struct {
		file, name, endpoint, key string
		legacy                    bool
		defaults                  uploader.Options
		dropped                   int
	}{
		{"chevereto_header.sxcu", "img.api.hn", "https://img.api.hn/api/1/upload", "chv_hdr_KEY_1234567890", false,
			uploader.Options{AlbumID: "mq", NSFW: true}, 1},
		{"chevereto_arg.sxcu", "imagehosting.me", "https://imagehosting.me/api/1/upload", "chv_arg_KEY_abcdef", false,
			uploader.Options{}, 0},
		{"chevereto_legacy.sxcu", "anh.im (old)", "https://anh.im/api/1/upload", "chv_legacy_KEY_777", true,
			uploader.Options{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := Parse(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tt.name || p.Legacy != tt.legacy {
				t.Errorf("name %q legacy %v, want %q %v", p.Name, p.Legacy, tt.name, tt.legacy)
			}
			if p.Spec.URL != "{json:image.url}" || p.Spec.DeletionURL != "{json:image.delete_url}" {
				t.Errorf("expressions not in ShareX 14 syntax: %q %q", p.Spec.URL, p.Spec.DeletionURL)
			}
			ch, ok := p.Spec.Chevereto()
			if !ok {
				t.Fatalf("not seen as Chevereto: %+v", p.Spec)
			}
			if ch.Endpoint != tt.endpoint || ch.Key != tt.key || !reflect.DeepEqual(ch.Defaults, tt.defaults) || len(ch.Dropped) != tt.dropped {
				t.Errorf("got %+v, want endpoint %q key %q defaults %+v and %d dropped", ch, tt.endpoint, tt.key, tt.defaults, tt.dropped)
			}
		})
	}
}

func TestParseGenericFiles(t *testing.T) {
	tests := []struct {
		file    string
		name    string
		legacy  bool
		want    Spec
		secrets []string
	}{
		{"files_json.sxcu", "files.example", false, Spec{
			RequestURL: "https://files.example/api/upload", Parameters: map[string]string{"expires": "24h"},
			Headers:   map[string]string{"Authorization": "Bearer tok_SECRET_files_987"},
			Arguments: map[string]string{"name": "{filename}", "server": "{random:eu|eu}"}, FileFormName: "file",
			URL: "{json:data.link}", ThumbnailURL: "{json:data.thumbs[0].url}",
			DeletionURL:  "https://files.example/delete/{json:data.id}?token={json:data['delete hash']}",
			ErrorMessage: "{json:error.message}",
		}, []string{"header:Authorization"}},
		{"regex_host.sxcu", "pics.example (HTML)", false, Spec{
			RequestURL: "https://pics.example/upload.php", Arguments: map[string]string{"secret": "pics_SECRET_555"},
			FileFormName: "f", URL: `{regex:href="(?<link>https://pics[.]example/i/[^"]+)"|link}`,
			DeletionURL: "{header:X-Delete-Url}", ErrorMessage: `{regex:<p class="error">([^<]+)</p>|1}`,
		}, []string{"arg:secret"}},
		{"regex_legacy.sxcu", "hnng.moe (file upload)", true, Spec{
			RequestURL: "https://hnng.moe/api/upload", FileFormName: "file",
			URL: `{regex:"url":"(.+?)"|1}`, DeletionURL: `{regex:"deletelink":"(.+?)"|1}`,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := Parse(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tt.name || p.Legacy != tt.legacy || !reflect.DeepEqual(p.Spec, tt.want) {
				t.Errorf("got %q legacy=%v\n%+v\nwant %q legacy=%v\n%+v", p.Name, p.Legacy, p.Spec, tt.name, tt.legacy, tt.want)
			}
			if _, ok := p.Spec.Chevereto(); ok {
				t.Error("taken for a Chevereto uploader")
			}
			if got := p.Spec.SecretSlots(); !reflect.DeepEqual(got, tt.secrets) {
				t.Errorf("secret slots %v, want %v", got, tt.secrets)
			}
		})
	}
}

// file builds a current .sxcu with one key changed or added.
func file(extra string) []byte {
	return []byte(`{"Version":"15.0.0","DestinationType":"ImageUploader","RequestMethod":"POST",
		"RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"file",
		"URL":"{json:url}"` + extra + `}`)
}

func TestParseRefusals(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		key  string // "" = not an *UnsupportedError
		want string // in the message
	}{
		{"binary body", readTestdata(t, "binary.sxcu"), "Body", `unsupported Body "Binary" (only MultipartFormData is supported)`},
		{"base64 in Authorization", readTestdata(t, "base64.sxcu"), `Headers["Authorization"]`, `unsupported Headers["Authorization"] value (function {base64}`},
		{"text uploader", readTestdata(t, "text_only.sxcu"), "DestinationType", `unsupported DestinationType "TextUploader"`},
		{"base64 in a plain argument", file(`,"Arguments":{"user":"{base64:someone}"}`), `Arguments["user"]`, `unsupported Arguments["user"] "{base64:someone}" (function {base64}`},
		{"unknown function", file(`,"ThumbnailURL":"{outputurl}"`), "ThumbnailURL", `unsupported ThumbnailURL "{outputurl}" (unknown function {outputurl}`},
		{"json in a header", file(`,"Headers":{"X-Id":"{json:id}"}`), `Headers["X-Id"]`, `only works in URL, ThumbnailURL`},
		{"form body", file(`,"Body":"FormURLEncoded"`), "Body", `unsupported Body "FormURLEncoded"`},
		{"no body in a current file", []byte(`{"Version":"14.0.0","RequestURL":"https://h.example/up","FileFormName":"f"}`), "Body", `unsupported Body "None"`},
		{"GET", file(`,"RequestMethod":"GET"`), "RequestMethod", `unsupported RequestMethod "GET"`},
		{"lookbehind", file(`,"URL":"{regex:(?<=href=).+}"`), "URL", "lookbehind"},
		{"json wildcard", file(`,"URL":"{json:files[*].url}"`), "URL", "[*] is not supported"},
		{"xml", file(`,"URL":"{xml:/a/b}"`), "URL", "XML answers are not supported"},
		{"no file field", file(`,"FileFormName":""`), "FileFormName", `unsupported FileFormName ""`},
		{"ftp", file(`,"RequestURL":"ftp://h.example/up"`), "RequestURL", "https:// or http://"},
		{"stray brace", file(`,"URL":"https://x/}"`), "URL", `stray '}'`},
		{"unclosed call", file(`,"URL":"{json:url"`), "URL", "missing }"},
		{"legacy JSON format", []byte(`{"RequestType":"POST","RequestURL":"https://h.example","RequestFormat":"JSON","FileFormName":"f"}`), "RequestFormat", `unsupported RequestFormat "JSON"`},
		{"unknown legacy answer", []byte(`{"RequestURL":"https://h.example","ResponseType":"Json","FileFormName":"f"}`), "ResponseType", `unsupported ResponseType "Json" (ShareX knows Text, RedirectionURL and LocationHeader)`},
		{"legacy prompt", []byte(`{"RequestURL":"https://h.example","FileFormName":"f","Arguments":{"t":"$prompt:Title$"}}`), `Arguments["t"]`, "asks a question"},
		{"legacy regex index", []byte(`{"RequestURL":"https://h.example","FileFormName":"f","RegexList":["a"],"URL":"$regex:2|1$"}`), "URL", "RegexList has 1"},
		{"not JSON", []byte("<html>hello</html>"), "", "not a ShareX custom uploader: invalid JSON on line 1"},
		{"JSON list", []byte(`[1,2]`), "", "not a ShareX custom uploader"},
		{"no RequestURL", []byte(`{"Name":"x"}`), "", "it has no RequestURL"},
		{"object for text", []byte(`{"RequestURL":{"a":1}}`), "", "RequestURL: expected text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			var ue *UnsupportedError
			if isUE := errors.As(err, &ue); isUE != (tt.key != "") || isUE && ue.Key != tt.key {
				t.Errorf("err %#v, want an UnsupportedError for key %q", err, tt.key)
			}
			if strings.Contains(err.Error(), "hunter2pass") {
				t.Error("a credential reached the error message")
			}
		})
	}
}

func TestParseEncodingsAndLeniency(t *testing.T) {
	utf16le := func(s string) []byte {
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	tests := []struct {
		name string
		data []byte
		want Spec
	}{
		{"UTF-16 with BOM", utf16le(string(file(""))), Spec{RequestURL: "https://h.example/up", FileFormName: "file", URL: "{json:url}"}},
		{"lower-case keys, number values, no scheme", []byte(`{"version":"14.0.0","requesturl":"h.example/up?id=7&q=a%20b","body":"MultipartFormData",
			"fileformname":"file","arguments":{"n":5,"b":true,"z":null}}`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "file", Parameters: map[string]string{"id": "7", "q": "a b"},
				Arguments: map[string]string{"n": "5", "b": "true", "z": ""}}},
		{"no version, current syntax", []byte(`{"RequestURL":"https://h.example/up","FileFormName":"f","URL":"{json:a}","Arguments":{"p":"pa$$"}}`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: "{json:a}", Arguments: map[string]string{"p": "pa$$"}}},
		{"no version, legacy syntax", []byte(`{"RequestURL":"https://h.example/up","FileFormName":"f","URL":"https://x/{$json:a$}"}`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: `https://x/\{{json:a}\}`}},
		{"legacy escapes and braces", []byte(`{"RequestURL":"https://h.example/up","FileFormName":"f","URL":"https://x/{\\$$json:a|b$}"}`),
			Spec{RequestURL: "https://h.example/up", FileFormName: "f", URL: `https://x/\{${json:a\|b}\}`}},
		{"PUT kept, header Content-Type dropped", file(`,"RequestMethod":"put","Headers":{"Content-Type":"image/png"}`),
			Spec{Method: "PUT", RequestURL: "https://h.example/up", FileFormName: "file", URL: "{json:url}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Spec, tt.want) {
				t.Errorf("got  %+v\nwant %+v", p.Spec, tt.want)
			}
		})
	}
}

func TestParseWarnings(t *testing.T) {
	p, err := Parse(file(`,"Headers":{"Content-Type":"x"},"Data":"{input}","Colour":"blue"`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"header Content-Type left out", "Data left out", "unknown key Colour ignored"}
	if len(p.Warnings) != len(want) {
		t.Fatalf("warnings %q, want %d", p.Warnings, len(want))
	}
	for i, w := range want {
		if !strings.Contains(p.Warnings[i], w) {
			t.Errorf("warning %d = %q, want %q", i, p.Warnings[i], w)
		}
	}
}

func TestExportReimport(t *testing.T) {
	tests := []struct {
		name string
		f    File
	}{
		{"chevereto with key", CheveretoFile("my host", "https://h.example/api/1/upload", "k&<1")},
		{"chevereto without key", CheveretoFile("h", "http://127.0.0.1:8080/sub/api/1/upload", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.f.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), `\u0026`) || !strings.HasSuffix(string(data), "}\n") {
				t.Errorf("file not written plainly:\n%s", data)
			}
			p, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			ch, ok := p.Spec.Chevereto()
			if !ok || p.Name != tt.f.Name || ch.Endpoint != tt.f.RequestURL || ch.Key != tt.f.Headers["X-API-Key"] || len(ch.Dropped) != 0 {
				t.Errorf("re-import: %q %+v (ok %v), from %+v", p.Name, ch, ok, tt.f)
			}
			if again := p.Spec.File(p.Name); again.URL != tt.f.URL || again.ErrorMessage != tt.f.ErrorMessage {
				t.Errorf("expressions changed: %+v", again)
			}
		})
	}
	// A custom uploader survives File → Parse unchanged.
	orig, err := Parse(readTestdata(t, "files_json.sxcu"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := orig.Spec.File(orig.Name).Marshal()
	back, err := Parse(data)
	if err != nil || !reflect.DeepEqual(back.Spec, orig.Spec) || back.Name != orig.Name {
		t.Errorf("custom uploader round trip: %v\n%+v\nwant %+v", err, back, orig)
	}
}

// TestCheveretoBadValuesAreLeftOut: an argument whose value is not one a
// Chevereto field takes is dropped, not kept in the defaults (where the
// profile's validation would then refuse the whole import).
func TestCheveretoBadValuesAreLeftOut(t *testing.T) {
	p, err := Parse([]byte(`{"Version":"14.0.1","DestinationType":"ImageUploader","RequestMethod":"POST",
		"RequestURL":"https://imagehosting.me/api/1/upload","Body":"MultipartFormData",
		"Arguments":{"key":"k","width":"-5","category_id":"x","expiration":"bogus","title":"kept"},
		"FileFormName":"source","URL":"{json:image.url}"}`))
	if err != nil {
		t.Fatal(err)
	}
	ch, ok := p.Spec.Chevereto()
	if !ok {
		t.Fatalf("not seen as Chevereto: %+v", p.Spec)
	}
	if want := (uploader.Options{Title: "kept"}); !reflect.DeepEqual(ch.Defaults, want) {
		t.Errorf("defaults %+v, want only the title", ch.Defaults)
	}
	if len(ch.Dropped) != 3 {
		t.Errorf("dropped %q, want width, category_id and expiration", ch.Dropped)
	}
}
