package fsx

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFileAtomic: the file ends up with the new content and mode, its
// missing directories are private, and no temporary file is left over.
func TestWriteFileAtomic(t *testing.T) {
	tests := []struct {
		name     string
		rel      string // path below the temp dir
		old      []byte // existing content (nil: no file)
		oldMode  os.FileMode
		perm     os.FileMode
		wantDirs []string // created directories, relative, that must be 0700
	}{
		{name: "new file in new dirs", rel: "a/b/keys.json", perm: 0o600, wantDirs: []string{"a", "a/b"}},
		{name: "replaces a private file", rel: "config.toml", old: []byte("old longer content"), oldMode: 0o600, perm: 0o600},
		{name: "tightens an open file", rel: "keys.json", old: []byte("x"), oldMode: 0o644, perm: 0o600},
		{name: "other mode", rel: "c/shared.txt", perm: 0o644, wantDirs: []string{"c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, tt.rel)
			if tt.old != nil {
				if err := os.WriteFile(path, tt.old, tt.oldMode); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFileAtomic(path, []byte("new"), tt.perm); err != nil {
				t.Fatal(err)
			}
			assertFile(t, path, "new", tt.perm)
			for _, d := range tt.wantDirs {
				assertMode(t, filepath.Join(root, d), 0o700|os.ModeDir)
			}
			assertNoTemp(t, filepath.Dir(path))
		})
	}
}

// TestWriteFileAtomicReplacesSymlink: the link itself is replaced; its
// target keeps its content (callers resolve links they want to follow).
func TestWriteFileAtomicReplacesSymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	if err := os.WriteFile(target, []byte("target"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink != 0 {
		t.Fatalf("link is still a symlink (err %v)", err)
	}
	assertFile(t, link, "new", 0o600)
	assertFile(t, target, "target", 0o600)
}

// TestWriteFileAtomicFailureKeepsOld: when the new file cannot take the
// place of the old one, the old content stays and no temporary remains.
func TestWriteFileAtomicFailureKeepsOld(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the path to write
		keep  string                                // a file (below dir) that must still read "old"
	}{
		{"path is a directory", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "sub")
			if err := os.MkdirAll(filepath.Join(p, "inner"), 0o700); err != nil {
				t.Fatal(err)
			}
			return p
		}, ""},
		{"parent is a file", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "file")
			if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(p, "child")
		}, "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			if err := WriteFileAtomic(path, []byte("new"), 0o600); err == nil {
				t.Fatal("no error")
			}
			assertNoTemp(t, dir)
			if tt.keep != "" {
				assertFile(t, filepath.Join(dir, tt.keep), "old", 0o600)
			}
		})
	}
}

func assertFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != content {
		t.Errorf("%s = %q, %v; want %q", path, data, err, content)
	}
	assertMode(t, path, perm)
}

func assertMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode()&(os.ModePerm|os.ModeDir) != mode {
		t.Errorf("%s mode %v, want %v", path, st.Mode(), mode)
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}
