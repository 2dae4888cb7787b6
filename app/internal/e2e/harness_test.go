//go:build e2e

// Package e2e runs the real upshot binary: the CLI against `upshot
// testhost` with no display, the GUI in the X server that .ci/e2e.sh
// starts, and both in a headless sway session (sway_harness_test.go).
// Run it with `make e2e`.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jezek/xgb"
)

func init() {
	// xgb logs "trying connection without authority info" on every connect
	// to Xvfb, which runs without an Xauthority file here.
	xgb.Logger.SetOutput(io.Discard)
}

// bin is the binary under test.
func bin(t *testing.T) string {
	t.Helper()
	b := os.Getenv("UPSHOT_BIN")
	if b == "" {
		t.Fatal("UPSHOT_BIN is not set: run the end-to-end tests with `make e2e`")
	}
	return b
}

// hostBin runs the test host: UPSHOT_HOST_BIN, else the binary under
// test. Under Wine (.ci/wine.sh) the host is the Linux build: it is the
// tests' fixture, not what they test, and a Windows program there could
// not be stopped with the interrupt its cleanup sends.
func hostBin(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("UPSHOT_HOST_BIN"); b != "" {
		return b
	}
	return bin(t)
}

// onWindows reports that the binary under test is the Windows build under
// Wine (.ci/wine.sh sets UPSHOT_WINDOWS=1).
func onWindows() bool { return os.Getenv("UPSHOT_WINDOWS") == "1" }

// home is an isolated user: its own config, data and runtime dirs.
type home struct {
	t   *testing.T
	dir string
	env []string
	// exe and cred, when set, are the binary its commands run and the
	// user they run as (the sway session's).
	exe  string
	cred *syscall.Credential
}

func newHome(t *testing.T) *home {
	t.Helper()
	dir := t.TempDir()
	h := &home{t: t, dir: dir}
	for _, d := range []string{"config", "data", "runtime", "cache"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		k := kv[:strings.IndexByte(kv, '=')]
		switch k {
		case "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME",
			"UPSHOT_HOST", "UPSHOT_API_KEY", "UPSHOT_CONFIG":
			continue
		}
		h.env = append(h.env, kv)
	}
	h.env = append(h.env, "HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	return h
}

// without returns the environment without the named variables.
func (h *home) without(names ...string) []string {
	var out []string
	for _, kv := range h.env {
		drop := false
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				drop = true
			}
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// result of one CLI run.
type result struct {
	stdout, stderr string
	code           int
	maxRSSKB       int64
}

// run runs the CLI with no display and no session bus, like cron or SSH.
func (h *home) run(stdin string, args ...string) result {
	h.t.Helper()
	return h.runEnv(h.without("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"), stdin, args...)
}

func (h *home) runEnv(env []string, stdin string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	exe := h.exe
	if exe == "" {
		exe = bin(h.t)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	if h.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: h.cred}
	}
	cmd.Env = env
	cmd.Dir = h.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSSKB = ru.Maxrss
		}
	}
	if err != nil && cmd.ProcessState == nil {
		h.t.Fatalf("run %v: %v", args, err)
	}
	return r
}

// testHost runs `upshot testhost` on a free loopback port until the test
// ends and returns its site URL.
func (h *home) testHost(args ...string) string {
	h.t.Helper()
	site, _ := h.testHostAt("127.0.0.1:0", filepath.Join(h.dir, "hostfiles"), args...)
	return site
}

// testHostAt runs `upshot testhost` on addr with its files in dir and
// returns its site URL and a stop function (also run when the test ends).
func (h *home) testHostAt(addr, dir string, args ...string) (site string, stop func()) {
	h.t.Helper()
	cmd := exec.Command(hostBin(h.t), append([]string{"testhost", "--addr", addr, "--dir", dir}, args...)...)
	cmd.Env = h.without("DISPLAY")
	out, err := cmd.StdoutPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }) }
	h.t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		h.t.Fatalf("testhost did not start: %v", err)
	}
	// "Upshot test host: http://127.0.0.1:PORT/api/1/upload (files in …)"
	for _, w := range strings.Fields(line) {
		if strings.HasPrefix(w, "http://") {
			return strings.TrimSuffix(w, "/api/1/upload"), stop
		}
	}
	h.t.Fatalf("testhost said %q", line)
	return "", stop
}

// writePNG writes a w×h PNG and returns its path.
func writePNG(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
