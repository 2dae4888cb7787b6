package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

func sxcuFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "sxcu", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// saveAndRead saves c and returns the file's text and the config loaded
// back from it.
func saveAndRead(t *testing.T, c *Config) (string, *Config) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), back
}

func TestImportCheveretoSXCU(t *testing.T) {
	im, err := ImportSXCU(sxcuFile(t, "chevereto_header.sxcu"))
	if err != nil {
		t.Fatal(err)
	}
	want := Profile{Name: "img.api.hn", Host: "https://img.api.hn/api/1/upload", MaxSize: 5_000_000, Preset: "img.api.hn",
		Defaults: uploader.Options{AlbumID: "mq", NSFW: true}}
	if !reflect.DeepEqual(im.Profile, want) || im.Key != "chv_hdr_KEY_1234567890" || im.Generic() || len(im.Warnings) != 1 {
		t.Fatalf("got %+v key %q warnings %q", im.Profile, im.Key, im.Warnings)
	}
	s := newMemSecrets()
	c := New()
	if err := c.AddImported(im, s); err != nil {
		t.Fatal(err)
	}
	text, back := saveAndRead(t, c)
	if strings.Contains(text, im.Key) || s.keys["img.api.hn"] != im.Key || back.Profiles[0].Key != "" {
		t.Errorf("key: store %v, file:\n%s", s.keys, text)
	}
	if err := c.AddImported(im, s); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("second import: %v", err)
	}
}

// genericHost answers like files.example and records the Authorization
// header it got.
func genericHost(t *testing.T) (*httptest.Server, *string) {
	t.Helper()
	got := new(string)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*got = r.Header.Get("Authorization")
		_, _ = io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"data":{"link":"https://files.example/f/1.png","id":"1","thumbs":[]}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func TestImportGenericKeepsSecretsOutOfTheFile(t *testing.T) {
	const token = "Bearer tok_SECRET_files_987"
	srv, gotAuth := genericHost(t)
	im, err := ImportSXCU(sxcuFile(t, "files_json.sxcu"))
	if err != nil || !im.Generic() || im.Key != "" {
		t.Fatalf("import: %v %+v", err, im)
	}
	im.Profile.SXCU.RequestURL = srv.URL + "/api/upload"
	s := newMemSecrets()
	c := New()
	if err := c.AddImported(im, s); err != nil {
		t.Fatal(err)
	}
	text, back := saveAndRead(t, c)
	if strings.Contains(text, "tok_SECRET") || !strings.Contains(text, sxcu.SecretPlaceholder) || !strings.Contains(text, "[profile.sxcu]") {
		t.Errorf("config file:\n%s", text)
	}
	if s.keys["files.example#header:Authorization"] != token {
		t.Errorf("key store %v", s.keys)
	}
	p := back.Profiles[0]
	if p.Host != srv.URL+"/api/upload" || !reflect.DeepEqual(p.SecretNames(), []string{"files.example", "files.example#header:Authorization"}) {
		t.Errorf("loaded profile %+v, secret names %v", p, p.SecretNames())
	}
	tg, err := p.Target(s, uploader.ClientConfig{Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tg.Uploader.Upload(context.Background(), pngFile(t), uploader.Options{}, nil)
	if err != nil || res.URL != "https://files.example/f/1.png" || *gotAuth != token || tg.Host != p.Host {
		t.Errorf("upload: %+v %v, host got Authorization %q, target host %q", res, err, *gotAuth, tg.Host)
	}
	delete(s.keys, "files.example#header:Authorization")
	if _, err := p.Target(s, uploader.ClientConfig{}); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "header:Authorization") {
		t.Errorf("missing secret: %v", err)
	}
}

func TestImportGenericWithoutKeyStore(t *testing.T) {
	im, err := ImportSXCU(sxcuFile(t, "regex_host.sxcu"))
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	if err := c.AddImported(im, nil); err != nil {
		t.Fatal(err)
	}
	text, back := saveAndRead(t, c)
	if !strings.Contains(text, "pics_SECRET_555") || back.Profiles[0].SXCU.Arguments["secret"] != "pics_SECRET_555" {
		t.Errorf("without a key store the file is the secret's home:\n%s", text)
	}
}

func pngFile(t *testing.T) *uploader.File {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.png")
	if err := os.WriteFile(p, []byte("\x89PNG\r\n\x1a\nxx"), 0o600); err != nil {
		t.Fatal(err)
	}
	return &uploader.File{Path: p, Name: "a.png", Size: 10, Mime: "image/png"}
}

func TestExportSXCU(t *testing.T) {
	s := newMemSecrets()
	s.keys["mine"] = "chv_export_KEY"
	chev := Profile{Name: "mine", Host: "https://h.example/api/1/upload"}
	tests := []struct {
		name    string
		p       Profile
		withKey bool
		want    map[string]any // keys of the JSON and their values
		absent  []string
	}{
		{"chevereto without key", chev, false, map[string]any{
			"Version": "17.0.0", "Name": "mine", "DestinationType": "ImageUploader, FileUploader", "RequestMethod": "POST",
			"RequestURL": "https://h.example/api/1/upload", "Body": "MultipartFormData", "FileFormName": "source",
			"Arguments": map[string]any{"format": "json"}, "URL": "{json:image.url}", "ThumbnailURL": "{json:image.thumb.url}",
			"DeletionURL": "{json:image.delete_url}", "ErrorMessage": "{json:error.message}",
		}, []string{"Headers", "chv_export_KEY"}},
		{"chevereto with key", chev, true, map[string]any{"Headers": map[string]any{"X-API-Key": "chv_export_KEY"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := ExportSXCU(tt.p, s, tt.withKey)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(string(data), a) {
					t.Errorf("%q in the export:\n%s", a, data)
				}
			}
		})
	}
	if _, err := ExportSXCU(Profile{Name: "nokey", Host: chev.Host}, s, true); !errors.Is(err, ErrNoKey) {
		t.Errorf("--with-key without a key: %v", err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	s := newMemSecrets()
	c := New()
	for _, f := range []string{"chevereto_arg.sxcu", "files_json.sxcu", "regex_legacy.sxcu"} {
		im, err := ImportSXCU(sxcuFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddImported(im, s); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range c.Profiles {
		data, err := ExportSXCU(p, s, true)
		if err != nil {
			t.Fatal(err)
		}
		im, err := ImportSXCU(data)
		if err != nil {
			t.Fatalf("%s: re-import: %v\n%s", p.Name, err, data)
		}
		back, want := im.Profile, p
		if p.SXCU != nil { // the store's placeholders come back as the values
			spec, _ := p.resolveSecrets(s)
			want.SXCU = &spec
		}
		if !reflect.DeepEqual(back, want) || im.Key != s.keys[p.Name] {
			t.Errorf("%s: round trip\ngot  %+v %+v key %q\nwant %+v %+v key %q", p.Name, back, back.SXCU, im.Key, want, want.SXCU, s.keys[p.Name])
		}
		noKey, _ := ExportSXCU(p, s, false)
		if strings.Contains(string(noKey), "tok_SECRET") || strings.Contains(string(noKey), "chv_arg_KEY") {
			t.Errorf("%s: export without --with-key holds a secret:\n%s", p.Name, noKey)
		}
	}
}

// TestImportEmptyCredentialsAreSent: a credential slot left empty (or
// null) in the file is a value — ShareX sends it empty — and no secret:
// it stays in the config, the key store is not asked for it, and every
// upload sends it. The import says the host may want a value there.
func TestImportEmptyCredentialsAreSent(t *testing.T) {
	tests := []struct {
		name, file string
		slot       string
		sent       func(r *http.Request) (string, bool)
	}{
		{"empty header", `{"Version":"13.2.1","DestinationType":"ImageUploader, TextUploader, FileUploader","RequestMethod":"POST",
			"RequestURL":"%s/api/upload","Headers":{"authorization":""},"Body":"MultipartFormData","FileFormName":"file",
			"URL":"https://files.example$json:data.link$"}`, "header:authorization",
			func(r *http.Request) (string, bool) {
				v, ok := r.Header["Authorization"]
				return strings.Join(v, ","), ok
			}},
		{"null argument", `{"Version":"13.2.1","DestinationType":"ImageUploader, FileUploader","RequestMethod":"POST",
			"RequestURL":"%s/script.php","Body":"MultipartFormData","Arguments":{"time":"none","key":null,"one_time_download":null},
			"FileFormName":"file","URL":"$json:data.link$"}`, "arg:key", formValue("key")},
		{"empty argument without a version", `{"Name":"dtransfer (User)","DestinationType":"ImageUploader, TextUploader, FileUploader",
			"RequestURL":"%s/en/api/upload","FileFormName":"files[]","Arguments":{"api_token":"","store_days":"14"},"URL":"$json:data.link$"}`,
			"arg:api_token", formValue("api_token")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			var present bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, present = tt.sent(r)
				io.WriteString(w, `{"data":{"link":"https://files.example/f/1.png"}}`)
			}))
			defer srv.Close()
			im, err := ImportSXCU([]byte(fmt.Sprintf(tt.file, srv.URL)))
			if err != nil || !im.Generic() {
				t.Fatalf("import: %v %+v", err, im)
			}
			if im.NeedsKeyStore() {
				t.Error("an empty credential asks for the key store")
			}
			if w := strings.Join(im.Warnings, "\n"); !strings.Contains(w, "is empty in the file: it is sent empty, as ShareX does") {
				t.Errorf("warnings %q: nothing says the credential is empty", im.Warnings)
			}
			s := newMemSecrets()
			c := New()
			if err := c.AddImported(im, s); err != nil {
				t.Fatal(err)
			}
			text, back := saveAndRead(t, c)
			if len(s.keys) != 0 || strings.Contains(text, sxcu.SecretPlaceholder) {
				t.Errorf("key store %v; config:\n%s", s.keys, text)
			}
			p := back.Profiles[0]
			if v, ok := p.SXCU.Value(tt.slot); !ok || v != "" {
				t.Errorf("%s = %q (%v) in the loaded config", tt.slot, v, ok)
			}
			tg, err := p.Target(s, uploader.ClientConfig{Retries: -1})
			if err != nil {
				t.Fatal(err)
			}
			res, err := tg.Uploader.Upload(context.Background(), pngFile(t), uploader.Options{}, nil)
			if err != nil || !present || got != "" {
				t.Errorf("upload: %+v %v; the host got %s = %q (present %v)", res, err, tt.slot, got, present)
			}
			again, err := ExportSXCU(p, s, false)
			if err != nil || !strings.Contains(string(again), `"`+strings.SplitN(tt.slot, ":", 2)[1]+`": ""`) {
				t.Errorf("export left out the empty value: %v\n%s", err, again)
			}
		})
	}
}

// formValue reads a multipart field, and whether it was there.
func formValue(name string) func(r *http.Request) (string, bool) {
	return func(r *http.Request) (string, bool) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return "", false
		}
		v, ok := r.MultipartForm.Value[name]
		return strings.Join(v, ","), ok
	}
}
