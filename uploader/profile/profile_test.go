package profile

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// memSecrets is an in-memory key store.
type memSecrets struct {
	mu   sync.Mutex
	keys map[string]string
	err  error // returned by Get when set
}

func newMemSecrets() *memSecrets { return &memSecrets{keys: map[string]string{}} }

func (m *memSecrets) Get(name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return "", m.err
	}
	k, ok := m.keys[name]
	if !ok {
		return "", ErrNoKey
	}
	return k, nil
}

func (m *memSecrets) Set(name, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys[name] = key
	return nil
}

func (m *memSecrets) Delete(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.keys, name)
	return nil
}

func TestNormalize(t *testing.T) {
	ok := Profile{Name: "a", Host: "https://h.example"}
	tests := []struct {
		name    string
		edit    func(*Profile)
		wantErr string
	}{
		{"valid", func(p *Profile) {}, ""},
		{"empty name", func(p *Profile) { p.Name = "" }, "name is empty"},
		{"padded name", func(p *Profile) { p.Name = " a" }, "space"},
		{"control in name", func(p *Profile) { p.Name = "a\nb" }, "invalid characters"},
		{"long name", func(p *Profile) { p.Name = strings.Repeat("x", 65) }, "longer than 64"},
		{"empty host", func(p *Profile) { p.Host = "" }, "empty"},
		{"ftp host", func(p *Profile) { p.Host = "ftp://h.example" }, "https://"},
		{"userinfo host", func(p *Profile) { p.Host = "https://u:pw@h.example" }, "user name"},
		{"negative size", func(p *Profile) { p.MaxSize = -1 }, "negative"},
		{"too many jobs", func(p *Profile) { p.Jobs = 99 }, "jobs 99"},
		{"bad format", func(p *Profile) { p.Formats = []string{"png", "tiff"} }, `"tiff"`},
		{"bad link format", func(p *Profile) { p.LinkFormat = "{nope}" }, "{nope}"},
		{"bad title template", func(p *Profile) { p.TitleTemplate = "{name}" }, "{name}"},
		{"bad expiration", func(p *Profile) { p.Defaults.Expiration = "soon" }, "expiration"},
		{"negative width", func(p *Profile) { p.Defaults.Width = -5 }, "width"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			_, err := p.Normalize()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestNormalizeCleansFields(t *testing.T) {
	p, err := Profile{Name: "a", Host: "H.example/sub/api/1/upload/", Formats: []string{".PNG", "jpg", "png"}}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if p.Host != "https://h.example/sub/api/1/upload" || strings.Join(p.Formats, ",") != "png,jpg" {
		t.Errorf("host %q, formats %v", p.Host, p.Formats)
	}
}

func TestPresets(t *testing.T) {
	ps := Presets()
	if len(ps) != 6 || ps[len(ps)-1].Name != PresetCustom {
		t.Fatalf("got %d presets ending with %q, want 5 hosts and custom", len(ps), ps[len(ps)-1].Name)
	}
	for _, pr := range ps[:5] {
		ep, err := uploader.NormalizeEndpoint(pr.Host)
		if err != nil || ep != pr.Host {
			t.Errorf("%s: endpoint %q normalises to %q (%v)", pr.Name, pr.Host, ep, err)
		}
		if pr.PlainHTTP != uploader.IsPlainHTTP(pr.Host) {
			t.Errorf("%s: PlainHTTP = %v for %s", pr.Name, pr.PlainHTTP, pr.Host)
		}
		if _, err := pr.NewProfile("x").Normalize(); err != nil {
			t.Errorf("%s: profile from preset: %v", pr.Name, err)
		}
	}
	if pr, ok := FindPreset("MINEURL.ORG"); !ok || pr.MaxSize != 1_000_000 || !pr.PlainHTTP {
		t.Errorf("mineurl.org preset = %+v", pr)
	}
	if pr, _ := FindPreset("img.api.hn"); pr.MaxSize != 5_000_000 {
		t.Errorf("img.api.hn limit = %d, want 5 MB", pr.MaxSize)
	}
}

func TestExpandTitle(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 5, 7, 0, time.UTC)
	tests := []struct{ tmpl, want string }{
		{"", ""},
		{"{filename}", "shot.final"},
		{"{filename} {date} {time}", "shot.final 2026-11-23 09:05:07"},
		{"Screenshot", "Screenshot"},
	}
	for _, tt := range tests {
		if got := (Profile{TitleTemplate: tt.tmpl}).ExpandTitle("shot.final.png", at); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.tmpl, got, tt.want)
		}
	}
}

// keyServer answers like Chevereto to a key check and records the key sent.
func keyServer(t *testing.T) (*httptest.Server, *string) {
	t.Helper()
	var mu sync.Mutex
	got := new(string)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		*got = r.Header.Get("X-API-Key")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"status_code":400,"error":{"message":"Empty upload source","code":130},"status_txt":"Bad Request"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func TestTargetKeySources(t *testing.T) {
	srv, sent := keyServer(t)
	tests := []struct {
		name, stored, fileKey, want string
		storeErr                    error
		wantErr                     error
	}{
		{"keyring wins", "ring-key", "file-key", "ring-key", nil, nil},
		{"file fallback", "", "file-key", "file-key", nil, nil},
		{"keyring broken, file fallback", "", "file-key", "file-key", errors.New("dbus gone"), nil},
		{"no key: sent without one (guest uploads)", "", "", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemSecrets()
			s.err = tt.storeErr
			if tt.stored != "" {
				s.keys["p"] = tt.stored
			}
			p := Profile{Name: "p", Host: srv.URL, MaxSize: 7, Formats: []string{"png"}, Fit: true, Strip: true,
				Defaults: uploader.Options{Title: "d"}, Key: tt.fileKey}
			tgt, err := p.Target(s, uploader.ClientConfig{Retries: -1})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), `profile "p"`) {
					t.Fatalf("err = %v, want %v naming the profile", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tgt.Host != srv.URL+"/api/1/upload" || tgt.MaxSize != 7 || !tgt.Fit || !tgt.Strip ||
				tgt.Defaults.Title != "d" || len(tgt.Formats) != 1 {
				t.Errorf("target = %+v", tgt)
			}
			st, err := tgt.Uploader.(*uploader.Client).CheckKey(context.Background())
			if err != nil || st != uploader.KeyOK || *sent != tt.want {
				t.Errorf("key check: %v %v, host got key %q, want %q", st, err, *sent, tt.want)
			}
		})
	}
}

func TestTargetReportsKeyringError(t *testing.T) {
	s := newMemSecrets()
	s.err = errors.New("keyring is locked")
	_, err := Profile{Name: "p", Host: "https://h.example"}.Target(s, uploader.ClientConfig{})
	if err == nil || !strings.Contains(err.Error(), "keyring is locked") {
		t.Errorf("err = %v, want the keyring's error", err)
	}
}

func TestKeyNeverWrittenWithSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	s := newMemSecrets()
	c := New()
	if err := c.Add(Profile{Name: "p", Host: "https://h.example", Key: "old-file-key"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetKey("p", "chv_SECRET_key", s); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "chv_SECRET_key") || strings.Contains(string(data), "old-file-key") {
		t.Errorf("the key reached the file:\n%s", data)
	}
	if k, _ := s.Get("p"); k != "chv_SECRET_key" {
		t.Errorf("key store has %q", k)
	}
	// Without a key store, the file is the key's home.
	if err := c.SetKey("p", "file-only", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `key = "file-only"`) {
		t.Errorf("fallback key missing from the file:\n%s", data)
	}
	if err := c.SetKey("nope", "k", s); err == nil {
		t.Error("SetKey on a missing profile succeeded")
	}
}

func TestTargetTitleTemplate(t *testing.T) {
	srv, _ := keyServer(t)
	p := Profile{Name: "p", Host: srv.URL, TitleTemplate: "shot {filename}"}
	tgt, err := p.Target(newMemSecrets(), uploader.ClientConfig{Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if tgt.Title == nil || tgt.Title("beach.png") != "shot beach" {
		t.Error("the title template is not applied")
	}
	p.TitleTemplate = ""
	if tgt, _ = p.Target(newMemSecrets(), uploader.ClientConfig{}); tgt.Title != nil {
		t.Error("no template must leave titles to the host")
	}
}
