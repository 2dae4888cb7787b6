package service

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader/profile"
)

func TestTargetsTypedErrorsAndWarnings(t *testing.T) {
	dir := t.TempDir()
	p := ResolvePaths(filepath.Join(dir, "config.toml"), func(string) string { return "" })
	cfg := profile.New()
	if err := cfg.Put(profile.Profile{Name: "plain", Host: "http://img.example/api/1/upload"}); err != nil {
		t.Fatal(err)
	}
	var warned []Warning
	warn := func(w Warning) { warned = append(warned, w) }
	for _, tt := range []struct {
		spec    TargetSpec
		problem ConfigProblem
		text    string
	}{
		{TargetSpec{}, ConfigNoHost, "no host: give --host URL"},
		{TargetSpec{Profile: "work"}, ConfigNoProfile, `no profile named "work" in ` + p.Config},
		{TargetSpec{Host: "ftp://x"}, ConfigBadHost, `host "ftp://x": `},
	} {
		_, err := NewTargets(cfg, p, tt.spec, Deps{}, warn)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Problem != tt.problem || !strings.HasPrefix(err.Error(), tt.text) || !IsConfig(err) {
			t.Errorf("%+v: %v, want problem %d %q", tt.spec, err, tt.problem, tt.text)
		}
	}
	if _, err := NewTargets(cfg, p, TargetSpec{Profile: "plain"}, Deps{}, warn); err != nil {
		t.Fatal(err)
	}
	if _, err := NewTargets(cfg, p, TargetSpec{Host: "http://127.0.0.1:9/"}, Deps{}, warn); err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || warned[0].Kind != WarnPlainProfile || warned[0].Name != "plain" ||
		warned[0].String() != `warning: profile "plain" uses plain http — the upload and your API key travel unencrypted` {
		t.Errorf("warnings %+v: want one about the plain profile, none about loopback", warned)
	}
	if err := os.WriteFile(p.Config, []byte("default = [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenTargets(p, TargetSpec{}, Deps{}, warn)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Problem != ConfigUnreadable || ce.Path != p.Config {
		t.Errorf("unreadable config: %v", err)
	}
}

func TestImportSXCUTypedErrors(t *testing.T) {
	dir := t.TempDir()
	p := ResolvePaths(filepath.Join(dir, "config.toml"), func(string) string { return "" })
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("pics.sxcu", `{"Version":"15.0.0","Name":"pics","DestinationType":"ImageUploader","RequestMethod":"POST",
		"RequestURL":"https://pics.example/api/1/upload","Body":"MultipartFormData","FileFormName":"source",
		"Arguments":{"key":"chv_K"},"URL":"{json:image.url}"}`)
	store := map[string]string{}
	secrets := func(string) (profile.Secrets, bool, error) { return mapSecrets(store), true, nil }
	im, err := ImportSXCU(p, ImportRequest{File: good}, secrets)
	if err != nil {
		t.Fatal(err)
	}
	if im.Name != "pics" || im.Generic || im.NoKey || im.KeyFile != p.Keys || store["pics"] != "chv_K" {
		t.Errorf("imported %+v, keys %v", im, store)
	}
	for _, tt := range []struct {
		file    string
		problem ImportProblem
	}{
		{good, ImportExists},
		{filepath.Join(dir, "none.sxcu"), ImportUnreadable},
		{write("bin.sxcu", `{"Version":"15.0.0","RequestURL":"https://x.example/up","Body":"Binary","DestinationType":"ImageUploader"}`), ImportUnsupported},
	} {
		_, err := ImportSXCU(p, ImportRequest{File: tt.file}, secrets)
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Problem != tt.problem || ie.File != tt.file {
			t.Errorf("%s: %v, want problem %d", filepath.Base(tt.file), err, tt.problem)
		}
	}
}

// mapSecrets is a key store in memory.
type mapSecrets map[string]string

func (m mapSecrets) Get(name string) (string, error) {
	if k, ok := m[name]; ok {
		return k, nil
	}
	return "", profile.ErrNoKey
}
func (m mapSecrets) Set(name, key string) error { m[name] = key; return nil }
func (m mapSecrets) Delete(name string) error   { delete(m, name); return nil }
