//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

const (
	pkgVersion = "0.0.0-e2e"
	appID      = "app.upshot.Upshot"
)

var iconSizes = []int{512, 256, 128, 64, 48}

// TestPackage: .ci/package.sh (what `make package` runs) turns the built
// binaries into a tarball whose programs run where it is unpacked, whose
// .desktop file matches the window the app opens, and whose install.sh
// installs for one user and removes it all again.
func TestPackage(t *testing.T) {
	dir := unpack(t, buildTarball(t))
	checkTree(t, dir)
	desktop := readFile(t, filepath.Join(dir, appID+".desktop"))
	for _, line := range []string{"Name=Upshot", "Exec=upshot", "Icon=" + appID, "Categories=Utility;Graphics;",
		"Actions=capture-region;capture-full;", "Exec=upshot capture region", "Exec=upshot capture full"} {
		if !hasLine(desktop, line) {
			t.Errorf("%s.desktop lacks the line %q:\n%s", appID, line, desktop)
		}
	}
	meta := readFile(t, filepath.Join(dir, appID+".metainfo.xml"))
	if !strings.Contains(meta, "<id>"+appID+"</id>") || !strings.Contains(meta, `<launchable type="desktop-id">`+appID+".desktop<") {
		t.Errorf("metainfo does not name %s and its .desktop file:\n%s", appID, meta)
	}
	want := versionOf(t, bin(t))
	if got := versionOf(t, filepath.Join(dir, "upshot")); got != want {
		t.Errorf("unpacked upshot --version = %q, want %q (the built binary's)", got, want)
	}
	t.Run("gui", func(t *testing.T) { testPackagedGUI(t, dir, desktop) })
	t.Run("install", func(t *testing.T) { testInstallScript(t, dir, want) })
}

// buildTarball runs .ci/package.sh on the binaries under test.
func buildTarball(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(filepath.Join(repo, ".ci", "package.sh"))
	cmd.Env = append(os.Environ(), "BIN_DIR="+filepath.Dir(bin(t)), "OUT_DIR="+out,
		"VERSION="+pkgVersion, "ARCH=", "STAGE_ONLY=")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf(".ci/package.sh: %v\n%s", err, b)
	}
	tarball := filepath.Join(out, "upshot-"+pkgVersion+"-linux-"+runtime.GOARCH+".tar.gz")
	if _, err := os.Stat(tarball); err != nil {
		entries, _ := os.ReadDir(out)
		t.Fatalf("no %s: %v (OUT_DIR holds %v)", filepath.Base(tarball), err, entries)
	}
	return tarball
}

// unpack extracts the tarball and returns its one top directory.
func unpack(t *testing.T, tarball string) string {
	t.Helper()
	list, err := exec.Command("tar", "tzf", tarball).Output()
	if err != nil {
		t.Fatalf("tar tzf: %v", err)
	}
	top := "upshot-" + pkgVersion + "/"
	for _, name := range lines(string(list)) {
		if !strings.HasPrefix(name, top) {
			t.Errorf("tarball entry %q is outside %s", name, top)
		}
	}
	dir := t.TempDir()
	if b, err := exec.Command("tar", "xzf", tarball, "-C", dir).CombinedOutput(); err != nil {
		t.Fatalf("tar xzf: %v\n%s", err, b)
	}
	return filepath.Join(dir, top)
}

// checkTree compares the unpacked files with the expected list: names,
// executable bits and icon sizes.
func checkTree(t *testing.T, dir string) {
	t.Helper()
	want := map[string]bool{ // name → executable
		"upshot": true, "upshot-hotkeyd": true, "install.sh": true,
		"README.txt": false, appID + ".desktop": false, appID + ".metainfo.xml": false,
	}
	for _, s := range iconSizes {
		want[iconPath("icons", s)] = false
	}
	got := filesUnder(t, dir)
	for name, exe := range want {
		mode, ok := got[name]
		switch {
		case !ok:
			t.Errorf("the package lacks %s", name)
		case exe != (mode&0o111 != 0):
			t.Errorf("%s has mode %v, want executable=%v", name, mode, exe)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the package holds an unexpected %s", name)
		}
	}
	for _, s := range iconSizes {
		checkIcon(t, filepath.Join(dir, iconPath("icons", s)), s)
	}
}

func iconPath(base string, size int) string {
	return fmt.Sprintf("%s/hicolor/%dx%d/apps/%s.png", base, size, size, appID)
}

// filesUnder maps the regular files below dir (slash paths) to their modes.
func filesUnder(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	files := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = info.Mode()
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

func checkIcon(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != size || cfg.Height != size {
		t.Errorf("%s: %d×%d (%v), want a %d×%d PNG", path, cfg.Width, cfg.Height, err, size, size)
	}
}

// testPackagedGUI starts the unpacked upshot: its window opens with the
// WM_CLASS the .desktop file's StartupWMClass names, and it runs the
// upshot-hotkeyd that sits next to it.
func testPackagedGUI(t *testing.T, dir, desktop string) {
	h := newHome(t)
	site := h.testHost()
	// Without UPSHOT_HOTKEYD the app looks for its helper next to itself.
	env := append(h.without("UPSHOT_HOST", "UPSHOT_HOTKEYD"), "UPSHOT_HOST="+site, "UPSHOT_LANG=en")
	a := startAppWith(t, h, filepath.Join(dir, "upshot"), env)
	if class, want := wmClass(t, a.display, a.win), desktopValue(desktop, "StartupWMClass"); class != want {
		t.Errorf("window WM_CLASS class %q, .desktop StartupWMClass %q: desktops would not match them", class, want)
	}
	hotkeyd := filepath.Join(dir, "upshot-hotkeyd")
	waitFor(t, "the packaged upshot-hotkeyd as the app's child", 15*time.Second, func() bool {
		return childRuns(a.cmd.Process.Pid, hotkeyd)
	})
	a.stop()
}

// wmClass returns the class half of the window's WM_CLASS ("instance\0class\0").
func wmClass(t *testing.T, display string, win xproto.Window) string {
	t.Helper()
	conn, err := xconn.Dial(display)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r, err := xproto.GetProperty(conn, false, win, xproto.AtomWmClass, xproto.AtomString, 0, 256).Reply()
	if err != nil {
		t.Fatalf("WM_CLASS: %v", err)
	}
	parts := strings.Split(strings.TrimRight(string(r.Value), "\x00"), "\x00")
	return parts[len(parts)-1]
}

// desktopValue is the first "key=value" value in a .desktop file.
func desktopValue(desktop, key string) string {
	for _, l := range lines(desktop) {
		if v, ok := strings.CutPrefix(l, key+"="); ok {
			return v
		}
	}
	return ""
}

// childRuns reports whether a child of pid executes the file exe.
func childRuns(pid int, exe string) bool {
	want, err := filepath.EvalSymlinks(exe)
	if err != nil {
		return false
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, s := range stats {
		b, err := os.ReadFile(s)
		i := bytes.LastIndexByte(b, ')')
		if err != nil || i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:])) // state ppid …
		if len(f) < 2 || f[1] != strconv.Itoa(pid) {
			continue
		}
		if got, err := os.Readlink(filepath.Join(filepath.Dir(s), "exe")); err == nil && got == want {
			return true
		}
	}
	return false
}

// testInstallScript installs the unpacked package with its install.sh into
// temporary prefixes, checks the files and the menu entry's Exec lines, and
// uninstalls them again.
func testInstallScript(t *testing.T, dir, version string) {
	tmp := t.TempDir()
	cases := []struct {
		name, prefix, destdir, exec string
	}{
		{"user prefix", tmp + "/home/.local", "", tmp + "/home/.local/bin/upshot"},
		{"prefix with a space", tmp + "/my apps", "", `"` + tmp + `/my apps/bin/upshot"`},
		{"staged with DESTDIR", "/opt/upshot-e2e", tmp + "/stage", "/opt/upshot-e2e/bin/upshot"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHome(t)
			env := append(h.without("PREFIX", "DESTDIR"), "PREFIX="+c.prefix, "DESTDIR="+c.destdir)
			root := c.destdir + c.prefix
			runScript(t, env, filepath.Join(dir, "install.sh"))
			checkInstalled(t, root, c.exec)
			if got := versionOf(t, filepath.Join(root, "bin", "upshot")); got != version {
				t.Errorf("installed upshot --version = %q, want %q", got, version)
			}
			out := runScript(t, env, filepath.Join(dir, "install.sh"), "--uninstall")
			if left := filesUnder(t, root); len(left) != 0 || !strings.Contains(out, "Removed") {
				t.Errorf("after --uninstall (%q) these remain: %v", out, left)
			}
			if out := runScript(t, env, filepath.Join(dir, "install.sh"), "--uninstall"); !strings.Contains(out, "nothing to remove") {
				t.Errorf("a second --uninstall said %q, want that nothing is installed", out)
			}
		})
	}
}

// checkInstalled compares root's files with the install layout and the
// menu entry's Exec lines with the installed binary.
func checkInstalled(t *testing.T, root, exe string) {
	t.Helper()
	want := map[string]bool{"bin/upshot": true, "bin/upshot-hotkeyd": true,
		"share/applications/" + appID + ".desktop": false, "share/metainfo/" + appID + ".metainfo.xml": false}
	for _, s := range iconSizes {
		want[iconPath("share/icons", s)] = false
	}
	got := filesUnder(t, root)
	if len(got) != len(want) {
		t.Errorf("installed files %v, want %d files", got, len(want))
	}
	for name, isExe := range want {
		if mode, ok := got[name]; !ok || isExe != (mode&0o111 != 0) {
			t.Errorf("installed %s: present %v, mode %v; want executable=%v", name, ok, mode, isExe)
		}
	}
	desktop := readFile(t, filepath.Join(root, "share/applications", appID+".desktop"))
	for _, line := range []string{"Exec=" + exe, "Exec=" + exe + " capture region", "Exec=" + exe + " capture full"} {
		if !hasLine(desktop, line) {
			t.Errorf("installed .desktop lacks %q:\n%s", line, desktop)
		}
	}
}

func runScript(t *testing.T, env []string, script string, args ...string) string {
	t.Helper()
	cmd := exec.Command(script, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(script), args, err, out)
	}
	return string(out)
}

// versionOf runs `exe --version` and returns what it printed.
func versionOf(t *testing.T, exe string) string {
	t.Helper()
	out, err := exec.Command(exe, "--version").Output()
	if err != nil {
		t.Fatalf("%s --version: %v", exe, err)
	}
	v := strings.TrimSpace(string(out))
	if !strings.HasPrefix(v, "upshot ") {
		t.Fatalf("%s --version printed %q, want \"upshot VERSION\"", exe, v)
	}
	return v
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func hasLine(text, line string) bool {
	for _, l := range lines(text) {
		if l == line {
			return true
		}
	}
	return false
}
