package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/uploader"
)

func TestHeaderTranslated(t *testing.T) {
	running := uploader.Summary{Total: 3, Uploading: 3, SentBytes: 150, Bytes: 300}
	one := uploader.Summary{Total: 1, Uploading: 1, SentBytes: 1, Bytes: 4}
	done := uploader.Summary{Total: 2, Done: 2}
	some := uploader.Summary{Total: 2, Done: 1, Failed: 1}
	none := uploader.Summary{Total: 2, Failed: 2}
	cases := []struct {
		lang                                    string
		idle, running, one, done, some, none, r string
	}{
		{"en", "Drop files to upload", "Uploading 3 files (50% complete)", "Uploading 1 file (25% complete)",
			"Upload complete", "Note: some files couldn't be uploaded", "No files were uploaded", "See error report"},
		{"zh", "拖放文件即可上传", "上传 3 个文件（已完成 50%）", "上传 1 个文件（已完成 25%）",
			"上传完毕", "注意：部分文件无法上传。", "没有文件被上传", "检查错误报告，了解更多信息"},
		{"es", "Suelta archivos para subirlos", "Subiendo 3 archivos (50% completado)", "Subiendo 1 archivo (25% completado)",
			"Subida completada", "Nota: algunos archivos no se pudieron subir.", "No se han subido archivos",
			"Revisa el reporte de error para más información."},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			withLanguage(t, c.lang)
			got := []string{headerText(uploader.Summary{}), headerText(running), headerText(one),
				headerText(done), headerText(some), headerText(none), lang.X("header.report", "See error report")}
			want := []string{c.idle, c.running, c.one, c.done, c.some, c.none, c.r}
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestHeaderInWindowFollowsLanguage(t *testing.T) {
	for code, want := range map[string]string{"zh": "上传 2 个文件（已完成 50%）", "es": "Subiendo 2 archivos (50% completado)"} {
		t.Run(code, func(t *testing.T) {
			e := newMainEnv(t, code, false)
			e.m.applyBatch(uploadingScene())
			if h := e.m.Header(); h != want {
				t.Errorf("header = %q, want %q", h, want)
			}
		})
	}
}

func TestFyneStringsFollowLanguage(t *testing.T) {
	for code, want := range map[string]string{"en": "Cancel", "zh": "取消", "es": "Cancelar"} {
		withLanguage(t, code)
		if got := lang.L("Cancel"); got != want {
			t.Errorf("%s: fyne's Cancel = %q, want %q", code, got, want)
		}
	}
}

func TestSetLanguage(t *testing.T) {
	withLanguage(t, "en")
	if err := SetLanguage("fr"); err == nil {
		t.Error("SetLanguage(fr) succeeded; only en, zh, es exist")
	}
	// The environment says English (and "C", which makes LANGUAGE ignored);
	// the chosen language wins, and the environment stays as it was for the
	// programs Upshot starts.
	t.Setenv("LC_ALL", "C")
	t.Setenv("LANGUAGE", "en")
	t.Setenv("LANG", "en_US.UTF-8")
	for _, code := range []string{"es", "zh", "en", "es"} {
		if err := SetLanguage(code); err != nil {
			t.Fatal(err)
		}
	}
	if got := lang.X("header.done", "Upload complete"); got != "Subida completada" {
		t.Errorf("under LC_ALL=C, es header = %q", got)
	}
	if got := lang.L("Cancel"); got != "Cancelar" {
		t.Errorf("fyne's Cancel in es = %q", got)
	}
	for k, want := range map[string]string{"LC_ALL": "C", "LANGUAGE": "en", "LANG": "en_US.UTF-8"} {
		if got := os.Getenv(k); got != want {
			t.Errorf("SetLanguage changed %s to %q (was %q)", k, got, want)
		}
	}
	if err := SetLanguage(""); err != nil {
		t.Fatal(err)
	}
	if got := lang.X("header.done", "Upload complete"); got != "Upload complete" {
		t.Errorf("back to the system language (en), header = %q", got)
	}
}

// TestTranslationsComplete checks that every key the code uses exists in
// every language file, and that the files agree on their keys.
func TestTranslationsComplete(t *testing.T) {
	used, _ := usedKeys(t)
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the code; the scan is broken", len(used))
	}
	var first []string
	for _, name := range []string{"en.json", "zh.json", "es.json"} {
		raw, err := assets.Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, k := range used {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q", name, k)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if first == nil {
			first = keys
		} else if !slices.Equal(keys, first) {
			t.Errorf("%s has different keys than en.json", name)
		}
	}
}

// usedKeys collects the string-literal keys of lang.X / lang.XN calls, of
// screenText / screenTextN calls (also returned as screen) and of the
// expiration table.
func usedKeys(t *testing.T) (keys []string, screen map[string]bool) {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	app, _ := filepath.Glob("../app/*.go") // the tray, banners, notices and titles: ui.T(…)
	files = append(files, app...)
	fset := token.NewFileSet()
	screen = map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			lit, isLit := call.Args[0].(*ast.BasicLit)
			isLit = isLit && lit.Kind == token.STRING
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr: // lang.X(key, fallback, …), ui.T(key, …)
				if !isLit {
					return true
				}
				if x, ok := fun.X.(*ast.Ident); ok && x.Name == "ui" && (fun.Sel.Name == "T" || fun.Sel.Name == "TN") {
					break
				}
				if len(call.Args) < 2 || (fun.Sel.Name != "X" && fun.Sel.Name != "XN") {
					return true
				}
			case *ast.Ident: // screenText(key, …), T(key, …)
				if (fun.Name == "T" || fun.Name == "TN" || fun.Name == "screenText" || fun.Name == "screenTextN" || fun.Name == "englishText") && isLit {
					k, _ := strconv.Unquote(lit.Value)
					keys = append(keys, k)
					return true
				}
				if fun.Name != "screenText" && fun.Name != "screenTextN" {
					return true
				}
				if !isLit {
					t.Errorf("%s: %s called with a computed key; keys must be literals", fset.Position(call.Pos()), fun.Name)
					return true
				}
				k, _ := strconv.Unquote(lit.Value)
				screen[k] = true
			default:
				return true
			}
			k, _ := strconv.Unquote(lit.Value)
			keys = append(keys, k)
			return true
		})
	}
	for _, c := range expirationChoices {
		keys = append(keys, c.key)
	}
	for _, k := range hintKeys {
		keys = append(keys, k)
	}
	for _, np := range notePatterns {
		keys = append(keys, np.key)
	}
	keys = append(keys, uploaderReasonKeys(t)...)
	for _, f := range uploader.LinkFormatTable() {
		keys = append(keys, f.Label)
	}
	return keys, screen
}

func uploadingScene() []uploader.Event {
	evs := []uploader.Event{
		evAdded(qItem(1, "beach.jpg", uploader.StateQueued, 0, 0)),
		evAdded(qItem(2, "clip.mp4", uploader.StateQueued, 0, 0)),
		evUpdated(qItem(1, "beach.jpg", uploader.StateUploading, 0, 4_000_000)),
		evUpdated(qItem(2, "clip.mp4", uploader.StateUploading, 0, 6_000_000)),
	}
	// Ten ticks of the queue's sampling: 3 MB/s and 2 MB/s, so that the
	// rows and the header show speed and time left.
	t0 := time.Date(2026, 12, 2, 2, 29, 0, 0, time.UTC)
	for tick := int64(0); tick <= 10; tick++ {
		ev := evProgress(uploader.ProgressSample{ID: 1, Sent: tick * 300_000, Total: 4_000_000},
			uploader.ProgressSample{ID: 2, Sent: tick * 200_000, Total: 6_000_000})
		ev.Time = t0.Add(time.Duration(tick) * 100 * time.Millisecond)
		evs = append(evs, ev)
	}
	return evs
}

// uploaderKeyRE finds where the uploader names a message's catalog entry:
// .keyed("k"), keyedAddr(err, "k") (also "k_addr"), e.Key = "k", Key:
// "k", defaultKey's return "k", and the "download/" of a nested one.
var uploaderKeyRE = regexp.MustCompile(`keyed\("(\w+)"\)|keyedAddr\(err, "(\w+)"\)|Key(?:, e\.Args)? = "(\w+)"|Key: +"(\w+)"|return "(\w+)", |Args = "(\w+)/"\+`)

// uploaderReasonKeys are the "reason.…" keys of the uploader's messages.
func uploaderReasonKeys(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../uploader/*.go")
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uploaderKeyRE.FindAllStringSubmatch(string(src), -1) {
			for i, k := range m[1:] {
				if k == "" {
					continue
				}
				keys = append(keys, "reason."+k)
				if i == 1 { // keyedAddr: with and without the address
					keys = append(keys, "reason."+k+"_addr")
				}
			}
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d message keys in ../uploader; the scan is broken", len(keys))
	}
	return keys
}
