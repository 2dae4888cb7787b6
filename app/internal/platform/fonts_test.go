package platform

import (
	"os"
	"path/filepath"
	"testing"
)

func TestScanFontDirs(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "truetype", "dejavu")
	if err := os.MkdirAll(latin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(latin, "DejaVuSans.ttf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if has, known := scanFontDirs([]string{dir}); has || !known {
		t.Fatalf("only DejaVu: has=%v known=%v, want false, true", has, known)
	}
	if has, known := scanFontDirs([]string{filepath.Join(dir, "missing")}); has || known {
		t.Fatalf("no font folder: has=%v known=%v, want false, false", has, known)
	}
	cjk := filepath.Join(dir, "opentype", "noto")
	if err := os.MkdirAll(cjk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cjk, "NotoSansCJK-Regular.ttc"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if has, _ := scanFontDirs([]string{filepath.Join(dir, "missing"), dir}); !has {
		t.Fatal("NotoSansCJK-Regular.ttc not found")
	}
}

func TestLatinNeedsNoOwnFont(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		if has, known := (SystemFonts{}).HasFont(lang); !has || !known {
			t.Errorf("%s: has=%v known=%v; the bundled font draws it", lang, has, known)
		}
	}
}
