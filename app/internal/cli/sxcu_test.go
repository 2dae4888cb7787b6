package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/upshot-app/upshot/uploader/chevtest"
)

// writeSXCU writes a .sxcu file and returns its path.
func writeSXCU(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// configText is the saved config file of the test user.
func configText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "upshot", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// cheveretoSXCUs are the shapes of .sxcu files Chevereto sites hand out,
// for the endpoint ep and key k.
func cheveretoSXCUs(ep, k string) map[string]string {
	return map[string]string{
		"header key": fmt.Sprintf(`{"Version":"16.1.0","Name":"chev","DestinationType":"ImageUploader","RequestMethod":"POST",
			"RequestURL":%q,"Headers":{"X-API-Key":%q},"Body":"MultipartFormData","Arguments":{"format":"json"},
			"FileFormName":"source","URL":"{json:image.url}","ThumbnailURL":"{json:image.thumb.url}","DeletionURL":"{json:image.delete_url}"}`, ep, k),
		"key argument": fmt.Sprintf(`{"Version":"14.0.0","Name":"chev","DestinationType":"ImageUploader, FileUploader","RequestMethod":"POST",
			"RequestURL":%q,"Body":"MultipartFormData","Arguments":{"key":%q,"format":"json"},"FileFormName":"source","URL":"{json:image.url}"}`, ep+"/", k),
		"legacy": fmt.Sprintf(`{"Name":"chev","RequestType":"POST","RequestURL":"%s?key=%s&format=json","FileFormName":"source",
			"ResponseType":"Text","URL":"$json:image.url$","ThumbnailURL":"$json:image.thumb.url$"}`, ep, k),
	}
}

func TestImportCheveretoSXCUThenUpload(t *testing.T) {
	for _, shape := range []string{"header key", "key argument", "legacy"} {
		t.Run(shape, func(t *testing.T) {
			srv := chevtest.NewTB(t, chevtest.Options{Key: testKey})
			content := cheveretoSXCUs(srv.Endpoint(), testKey)[shape]
			cli, secrets := testEnv(t)
			r := cli("", "profile", "import", writeSXCU(t, "chev.sxcu", content))
			if r.code != ExitOK || !strings.Contains(r.stdout, `profile "chev" imported: `+srv.Endpoint()+" (Chevereto)") {
				t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
			}
			if secrets["chev"] != testKey || strings.Contains(configText(t), testKey) {
				t.Errorf("key store %v; config:\n%s", secrets, configText(t))
			}
			img := writePNG(t, t.TempDir(), "file.png", 8, 8)
			up := cli("", "upload", "--profile", "chev", img)
			if up.code != ExitOK || len(srv.Uploads()) != 1 || !strings.HasPrefix(up.stdout, srv.URL()) {
				t.Fatalf("upload: %d %q %q, host has %d uploads", up.code, up.stdout, up.stderr, len(srv.Uploads()))
			}
			for _, req := range srv.Requests() {
				if req.RawQuery != "" || req.Header.Get("X-API-Key") != testKey {
					t.Errorf("request with query %q and key header %q", req.RawQuery, req.Header.Get("X-API-Key"))
				}
			}
		})
	}
}

// fileHost is a generic JSON image host on loopback.
func fileHost(t *testing.T) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, h, err := r.FormFile("file")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"no file field"}}`)
			return
		}
		f.Close()
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		fmt.Fprintf(w, `{"data":{"link":"https://files.example/f/%s","id":"1"}}`, h.Filename)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), auths...) }
}

func TestImportGenericSXCUThenUploadAndExport(t *testing.T) {
	srv, auths := fileHost(t)
	cli, secrets := testEnv(t)
	file := writeSXCU(t, "files.sxcu", fmt.Sprintf(`{"Version":"15.0.0","DestinationType":"ImageUploader","RequestMethod":"POST",
		"RequestURL":"%s/api/upload","Headers":{"Authorization":"Bearer tok_CLI_secret"},"Body":"MultipartFormData",
		"FileFormName":"file","URL":"{json:data.link}","ErrorMessage":"{json:error.message}"}`, srv.URL))
	r := cli("", "profile", "import", file, "--name", "files", "--default")
	if r.code != ExitOK || !strings.Contains(r.stdout, `(custom uploader, file field "file")`) {
		t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if secrets["files#header:Authorization"] != "Bearer tok_CLI_secret" || strings.Contains(configText(t), "tok_CLI") {
		t.Errorf("secret: store %v; config:\n%s", secrets, configText(t))
	}
	up := cli("", "upload", writePNG(t, t.TempDir(), "g.png", 4, 4))
	if up.code != ExitOK || strings.TrimSpace(up.stdout) != "https://files.example/f/g.png" || len(auths()) != 1 || auths()[0] != "Bearer tok_CLI_secret" {
		t.Fatalf("upload via the default profile: %d %q %q, host got %q", up.code, up.stdout, up.stderr, auths())
	}
	plain := cli("", "profile", "export", "files")
	withKey := cli("", "profile", "export", "files", "--with-key")
	if plain.code != ExitOK || strings.Contains(plain.stdout, "tok_CLI") || !strings.Contains(withKey.stdout, "Bearer tok_CLI_secret") {
		t.Errorf("export: %q\nwith key: %q", plain.stdout, withKey.stdout)
	}
}

func TestExportCheveretoThenReimport(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Key: "k"})
	cli, secrets := testEnv(t)
	if r := cli("k\n", "profile", "add", "mine", "--host", srv.URL(), "--key-stdin"); r.code != ExitOK {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	plain := cli("", "profile", "export", "mine")
	var f map[string]any
	if err := json.Unmarshal([]byte(plain.stdout), &f); err != nil || plain.code != ExitOK {
		t.Fatalf("export: %d %v %q", plain.code, err, plain.stdout)
	}
	want := map[string]any{"Version": "17.0.0", "DestinationType": "ImageUploader, FileUploader", "RequestMethod": "POST",
		"RequestURL": srv.Endpoint(), "Body": "MultipartFormData", "FileFormName": "source", "URL": "{json:image.url}",
		"ThumbnailURL": "{json:image.thumb.url}", "DeletionURL": "{json:image.delete_url}", "ErrorMessage": "{json:error.message}"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s = %v, want %v", k, f[k], v)
		}
	}
	if _, ok := f["Headers"]; ok {
		t.Error("key exported without --with-key")
	}
	withKey := cli("", "profile", "export", "mine", "--with-key")
	file := writeSXCU(t, "mine.sxcu", withKey.stdout)
	if r := cli("", "profile", "import", file, "--name", "again"); r.code != ExitOK {
		t.Fatalf("re-import: %d %s", r.code, r.stderr)
	}
	if secrets["again"] != "k" {
		t.Errorf("key not carried: %v", secrets)
	}
	list := cli("", "profile", "list").stdout
	if strings.Count(list, srv.Endpoint()) != 2 {
		t.Errorf("both profiles should upload to %s:\n%s", srv.Endpoint(), list)
	}
	if up := cli("", "upload", "--profile", "again", writePNG(t, t.TempDir(), "r.png", 3, 3)); up.code != ExitOK {
		t.Errorf("upload with the re-imported profile: %d %s", up.code, up.stderr)
	}
}

func TestImportRefusalsExit2(t *testing.T) {
	cli, secrets := testEnv(t)
	ok := writeSXCU(t, "ok.sxcu", `{"Version":"15.0.0","RequestURL":"https://h.example/up","Body":"MultipartFormData","FileFormName":"f"}`)
	if r := cli("", "profile", "import", ok); r.code != ExitOK {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"binary body", []string{writeSXCU(t, "bin.sxcu", `{"Version":"15.0.0","RequestURL":"https://h.example","Body":"Binary"}`)},
			`bin.sxcu: unsupported Body "Binary" (only MultipartFormData is supported)`},
		{"base64 header", []string{writeSXCU(t, "b64.sxcu", `{"Version":"15.0.0","RequestURL":"https://h.example","Body":"MultipartFormData",
			"FileFormName":"f","Headers":{"Authorization":"Basic {base64:me:pw_SECRET}"}}`)}, `unsupported Headers["Authorization"] value (function {base64}`},
		{"same name", []string{ok}, `a profile named "h.example" exists already`},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.sxcu")}, "cannot open"},
		{"not JSON", []string{writeSXCU(t, "x.sxcu", "hello")}, "not a ShareX custom uploader"},
		{"two files", []string{ok, ok}, "expected 1 name argument"},
		{"bad name", []string{ok, "--name", " spaced "}, "starts or ends with a space"},
	}
	for _, tt := range tests {
		r := cli("", append([]string{"profile", "import"}, tt.args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, r.code, r.stderr, tt.want)
		}
		if strings.Contains(r.stderr, "pw_SECRET") {
			t.Errorf("%s: credential printed", tt.name)
		}
	}
	if len(secrets) != 0 {
		t.Errorf("refused imports stored secrets: %v", secrets)
	}
	if r := cli("", "profile", "export", "nope"); r.code != ExitUsage {
		t.Errorf("export of a missing profile: %d", r.code)
	}
}

func TestImportFromStdin(t *testing.T) {
	cli, _ := testEnv(t)
	r := cli(`{"Name":"piped","RequestURL":"https://h.example/up","FileFormName":"f","URL":"$json:url$"}`, "profile", "import", "-")
	if r.code != ExitOK || !strings.Contains(r.stdout, `profile "piped" imported: https://h.example/up`) {
		t.Errorf("stdin import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(configText(t), `url = "{json:url}"`) {
		t.Errorf("legacy syntax not converted:\n%s", configText(t))
	}
}

// TestImportTooBigSaysTheSize: an oversized file is refused with its own
// size, and standard input with the limit it went over.
func TestImportTooBigSaysTheSize(t *testing.T) {
	cli, _ := testEnv(t)
	big := writeSXCU(t, "big.sxcu", `{"RequestURL":"https://h.example/up","Name":"`+strings.Repeat("x", 3<<20)+`"}`)
	r := cli("", "profile", "import", big)
	want := "upshot: " + big + ": the file is 3.1 MB (3145775 bytes); a .sxcu is a small JSON file of at most 1 MiB — check that this is the right file"
	if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("file: exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
	r = cli(strings.Repeat(" ", 2<<20), "profile", "import", "-")
	want = "upshot: -: the input is more than 1 MiB; a .sxcu is a small JSON file — check that this is the right file"
	if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("stdin: exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
}
