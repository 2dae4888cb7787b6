package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader"
)

// realErrors are errors the uploader gives for files and links a user
// adds, made by its own functions.
func realErrors(t *testing.T) map[string]error {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := map[string]error{}
	inspect := func(key, path string, limit int64) {
		_, err := uploader.Inspect(path, limit)
		if err == nil {
			t.Fatalf("%s: Inspect(%s) succeeded", key, path)
		}
		out[key] = err
	}
	inspect("empty", write("empty.png", nil), 0)
	inspect("not_media", write("notes.png", []byte("just some text, not a picture")), 0)
	inspect("not_found", filepath.Join(dir, "gone.png"), 0)
	sub := filepath.Join(dir, "shots")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	inspect("folder", sub, 0)
	png := writeTestPNGs(t, "big.png")[0]
	inspect("too_big", png, 10)
	if _, errs := uploader.Expand([]string{sub}, 100); len(errs) > 0 {
		out["folder_no_media"] = errs[0]
	}
	_, err := uploader.Fetch(context.Background(), "ftp://example.com/a.png", dir, 0)
	out["not_web"] = err
	_, err = uploader.Fetch(context.Background(), "http://127.0.0.1:1/a.png", dir, 0)
	out["refused"] = err
	out["host"] = &uploader.APIError{Kind: uploader.KindDenied, Code: 100, Message: "Request denied"}
	out["status"] = &uploader.APIError{Kind: uploader.KindServer, HTTPStatus: 502}
	return out
}

// TestErrorTextEnglish: the catalog's English for the uploader's errors
// reads exactly as the uploader words them, so en.json and the Go text
// cannot drift apart; and each is keyed, so it has a translation.
func TestErrorTextEnglish(t *testing.T) {
	withLanguage(t, "en")
	errs := realErrors(t)
	if len(errs) < 10 {
		t.Fatalf("only %d errors made", len(errs))
	}
	for name, err := range errs {
		var ae *uploader.APIError
		if !errors.As(err, &ae) {
			t.Errorf("%s: %T is not an *uploader.APIError: %v", name, err, err)
			continue
		}
		if p := ae.Parts(); p.Key == "" && !p.FromHost {
			t.Errorf("%s: %q has no catalog key", name, err)
		}
		if got := errorText(err); got != err.Error() {
			t.Errorf("%s:\n en.json: %q\nuploader: %q", name, got, err.Error())
		}
	}
	for english, key := range hintKeys {
		if got := T(key); got != english {
			t.Errorf("%s = %q, the uploader's advice is %q", key, got, english)
		}
	}
	for k := uploader.KindUnknown; k <= uploader.KindCanceled; k++ {
		if h := (&uploader.APIError{Kind: k}).Parts().Hint; h != "" && hintKeys[h] == "" {
			t.Errorf("kind %v: advice %q has no catalog key", k, h)
		}
	}
}

// TestErrorTextTranslated: in zh and es the same errors are in the
// language, file names and links as they are.
func TestErrorTextTranslated(t *testing.T) {
	want := map[string]map[string]string{
		"zh": {"too_big": "big.png 大小为 ", "not_found": "gone.png 不存在——请检查路径", "host": "图床返回：Request denied——此图床目前不接受 API 上传",
			"status": "图床返回了 HTTP 502——图床出现了问题，请稍后再试"},
		"es": {"not_found": "gone.png no existe: revisa la ruta", "status": "el servidor respondió HTTP 502; hay un problema en el servidor; inténtalo más tarde"},
	}
	for _, code := range []string{"zh", "es"} {
		t.Run(code, func(t *testing.T) {
			withLanguage(t, code)
			for name, err := range realErrors(t) {
				got := errorText(err)
				if got == err.Error() {
					t.Errorf("%s: still English: %q", name, got)
				}
				if code == "zh" && name != "host" {
					// What the message quotes (names, types, addresses)
					// stays as it is; the words around it must not.
					bare := got
					var ae *uploader.APIError
					if errors.As(err, &ae) {
						for _, a := range ae.Parts().Args {
							bare = strings.ReplaceAll(bare, a, " ")
						}
					}
					bare = strings.NewReplacer("HTTP", "", "http(s)", "").Replace(bare)
					if left := englishLeft([]string{bare}); len(left) > 0 {
						t.Errorf("%s: English left in %q", name, got)
					}
				}
				if w, ok := want[code][name]; ok && !startsWith(got, w) {
					t.Errorf("%s = %q, want it to start %q", name, got, w)
				}
			}
		})
	}
}

func startsWith(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }
