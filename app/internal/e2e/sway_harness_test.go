//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

// swayUser runs the sway session when the tests run as root: sway
// refuses root, and a real session is a user's.
const swayUser = "upshot-test"

// Output is the headless output's size; wallpaper is its colour, which
// screenshots must show and a window that does not fill its tile leaves
// visible.
const (
	outputW, outputH = 1280, 800
	wallpaper        = 0x3366cc
)

// swaySession is a headless sway with Xwayland, as a user gets it from a
// TTY (XDG_SESSION_TYPE=tty, DISPLAY set): a private session bus on which
// the harness starts PipeWire, xdg-desktop-portal-wlr and -gtk and
// xdg-desktop-portal itself. One runs per package run, for every test.
type swaySession struct {
	dir     string              // root of the session's files, readable by its user
	run     string              // its XDG_RUNTIME_DIR
	cred    *syscall.Credential // its user, nil when the tests are not root
	exe     string              // the upshot binary, where the user can run it
	wayland string              // WAYLAND_DISPLAY
	display string              // DISPLAY: Xwayland
	ipc     string              // SWAYSOCK
	bus     string              // DBUS_SESSION_BUS_ADDRESS
	procs   *procGroup
}

var swayOnce struct {
	sync.Once
	s   *swaySession
	err error
}

// sway returns the session, starting it for the first test that asks.
func sway(t *testing.T) *swaySession {
	t.Helper()
	swayOnce.Do(func() { swayOnce.s, swayOnce.err = startSway(bin(t)) })
	if swayOnce.err != nil {
		t.Fatalf("headless sway session: %v", swayOnce.err)
	}
	return swayOnce.s
}

// stopSway ends the session, if one was started (TestMain, in
// realhost_test.go, calls it after the tests).
func stopSway() {
	if s := swayOnce.s; s != nil {
		s.procs.stop()
		os.RemoveAll(s.dir)
	}
}

func startSway(exe string) (_ *swaySession, err error) {
	dir, err := os.MkdirTemp("", "upshot-sway-")
	if err != nil {
		return nil, err
	}
	s := &swaySession{dir: dir, run: filepath.Join(dir, "run"), procs: newProcGroup()}
	defer func() {
		if err != nil {
			s.procs.stop()
			os.RemoveAll(dir)
		}
	}()
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	if s.cred, err = sessionUser(); err != nil {
		return nil, err
	}
	if err := s.writeFiles(exe); err != nil {
		return nil, err
	}
	if err := s.startSway(); err != nil {
		return nil, err
	}
	if err := s.startBus(); err != nil {
		return nil, err
	}
	return s, s.startPortals(filepath.Join(dir, "portals"), s.bus, true)
}

// sessionUser is the user the session runs as: swayUser, created when
// missing, when the tests run as root; else the tests' own user.
func sessionUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(swayUser)
	if err != nil {
		out, err := exec.Command("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
			"--shell", "/usr/sbin/nologin", swayUser).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("create the user %s: %v %s", swayUser, err, out)
		}
		if u, err = user.Lookup(swayUser); err != nil {
			return nil, err
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// own gives path to the session's user.
func (s *swaySession) own(path string) error {
	if s.cred == nil {
		return nil
	}
	return os.Chown(path, int(s.cred.Uid), int(s.cred.Gid))
}

// mkdir makes a directory of the session's user, mode 0700.
func (s *swaySession) mkdir(path string) error {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return err
	}
	return s.own(path)
}

// writeFiles lays out the session: its runtime dir and home, the
// configuration of sway, the bus and -wlr, the portals' backend list, and
// a copy of the binary under test its user can run (the worktree may not
// be readable to it).
func (s *swaySession) writeFiles(exe string) error {
	for _, d := range []string{s.run, filepath.Join(s.dir, "home")} {
		if err := s.mkdir(d); err != nil {
			return err
		}
	}
	s.exe = filepath.Join(s.dir, "upshot")
	b, err := os.ReadFile(exe)
	if err != nil {
		return err
	}
	files := map[string]string{
		"upshot": string(b),
		// The bus activates nothing, so the machine's portals never start
		// by themselves: the harness starts each one.
		"bus.conf": string(portaltest.BusConfig()),
		"sway.conf": fmt.Sprintf("output HEADLESS-1 mode %dx%d position 0 0 bg #%06x solid_color\n"+
			"xwayland enable\nexec %s\n", outputW, outputH, wallpaper, filepath.Join(s.dir, "session-env.sh")),
		// What sway hands its clients, for the harness to read.
		"session-env.sh": "#!/bin/sh\nprintf '%s\\n%s\\n%s\\n' \"$WAYLAND_DISPLAY\" \"$DISPLAY\" \"$SWAYSOCK\" > \"$XDG_RUNTIME_DIR/session-env.tmp\"\n" +
			"mv \"$XDG_RUNTIME_DIR/session-env.tmp\" \"$XDG_RUNTIME_DIR/session-env\"\n",
		// -wlr picks the one output itself, asking nobody.
		"wlr.conf":             "[screencast]\noutput_name=HEADLESS-1\nchooser_type=none\n",
		"portals/wlr.portal":   "[portal]\nDBusName=org.freedesktop.impl.portal.desktop.wlr\nInterfaces=org.freedesktop.impl.portal.Screenshot;org.freedesktop.impl.portal.ScreenCast;\nUseIn=sway;\n",
		"portals/gtk.portal":   "[portal]\nDBusName=org.freedesktop.impl.portal.desktop.gtk\nInterfaces=org.freedesktop.impl.portal.FileChooser;org.freedesktop.impl.portal.Access;org.freedesktop.impl.portal.Settings;\nUseIn=gnome;\n",
		"nobackend/gtk.portal": "[portal]\nDBusName=org.freedesktop.impl.portal.desktop.gtk\nInterfaces=org.freedesktop.impl.portal.FileChooser;org.freedesktop.impl.portal.Access;org.freedesktop.impl.portal.Settings;\nUseIn=gnome;\n",
	}
	for name, body := range files {
		p := filepath.Join(s.dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// env is what the session's programs run with: nothing of the tests'
// own environment (their X display, their bus) leaks in.
func (s *swaySession) env(extra ...string) []string {
	env := []string{
		"PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LANG=C.UTF-8",
		"HOME=" + filepath.Join(s.dir, "home"), "XDG_RUNTIME_DIR=" + s.run,
		"XDG_SESSION_TYPE=tty", "XDG_CURRENT_DESKTOP=sway",
	}
	if s.wayland != "" {
		env = append(env, "WAYLAND_DISPLAY="+s.wayland, "DISPLAY="+s.display, "SWAYSOCK="+s.ipc)
	}
	if s.bus != "" {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS="+s.bus)
	}
	return append(env, extra...)
}

// command is a program run as the session's user in env.
func (s *swaySession) command(env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Dir = s.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	return cmd
}

// logFile is where a session program's output goes, for failures.
func (s *swaySession) logFile(name string) *os.File {
	f, err := os.Create(filepath.Join(s.dir, name+".log"))
	if err != nil {
		return nil
	}
	return f
}

// logs is the tail of every session program's log.
func (s *swaySession) logs() string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(s.dir, "*.log"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if len(data) > 2000 {
			data = data[len(data)-2000:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(f), data)
	}
	return b.String()
}

func (s *swaySession) startSway() error {
	env := s.env("WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman")
	if err := s.procs.start(s.command(env, "sway", "--config", filepath.Join(s.dir, "sway.conf")), s.logFile("sway")); err != nil {
		return fmt.Errorf("start sway (is it installed? .ci/deps.sh test): %w", err)
	}
	envFile := filepath.Join(s.run, "session-env")
	var vals []string
	if err := until(10*time.Second, func() bool {
		b, err := os.ReadFile(envFile)
		vals = strings.Split(strings.TrimSpace(string(b)), "\n")
		return err == nil && len(vals) == 3
	}); err != nil {
		return fmt.Errorf("sway did not start: %v\n%s", err, s.logs())
	}
	s.wayland, s.display, s.ipc = vals[0], vals[1], vals[2]
	if s.display == "" {
		return fmt.Errorf("sway started without Xwayland (no DISPLAY); is xwayland installed?\n%s", s.logs())
	}
	return nil
}

// startBus starts the session's private bus.
func (s *swaySession) startBus() error {
	addr, err := s.startBusAt(filepath.Join(s.run, "bus"))
	s.bus = addr
	return err
}

func (s *swaySession) startBusAt(path string) (string, error) {
	cmd := s.command(s.env(), "dbus-daemon", "--config-file="+filepath.Join(s.dir, "bus.conf"),
		"--nofork", "--nopidfile", "--print-address", "--address=unix:path="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := s.procs.start(cmd, nil); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(out).ReadString('\n') // printed once it listens
	if err != nil {
		return "", fmt.Errorf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(line), nil
}

// startPortals starts xdg-desktop-portal on bus with the backends listed
// in portalsDir; with backends, PipeWire, -wlr and -gtk first.
func (s *swaySession) startPortals(portalsDir, bus string, backends bool) error {
	env := s.env("DBUS_SESSION_BUS_ADDRESS="+bus, "GDK_BACKEND=wayland", "XDG_DESKTOP_PORTAL_DIR="+portalsDir)
	if backends {
		if err := s.startBackends(env); err != nil {
			return err
		}
	}
	name := "portal-" + filepath.Base(portalsDir)
	if err := s.procs.start(s.command(env, "/usr/libexec/xdg-desktop-portal", "--verbose"), s.logFile(name)); err != nil {
		return fmt.Errorf("start xdg-desktop-portal: %w", err)
	}
	return s.awaitName(env, "org.freedesktop.portal.Desktop")
}

// startBackends starts PipeWire, which -wlr will not start without, then
// -wlr (Screenshot) and -gtk (Settings, Access), each before the portal
// looks for it.
func (s *swaySession) startBackends(env []string) error {
	// -wlr runs grim into a fixed /tmp/out.png: one left by another user
	// would make every screenshot fail.
	if st, err := os.Stat("/tmp/out.png"); err == nil && s.cred != nil && st.Sys().(*syscall.Stat_t).Uid != s.cred.Uid {
		os.Remove("/tmp/out.png")
	}
	if err := s.procs.start(s.command(env, "pipewire"), s.logFile("pipewire")); err != nil {
		return fmt.Errorf("start pipewire: %w", err)
	}
	if err := until(10*time.Second, func() bool { return exists(filepath.Join(s.run, "pipewire-0")) }); err != nil {
		return fmt.Errorf("pipewire did not start: %v\n%s", err, s.logs())
	}
	for _, b := range []struct {
		name, busName string
		args          []string
	}{
		{"xdg-desktop-portal-wlr", "org.freedesktop.impl.portal.desktop.wlr", []string{"--config", filepath.Join(s.dir, "wlr.conf"), "--loglevel", "INFO"}},
		{"xdg-desktop-portal-gtk", "org.freedesktop.impl.portal.desktop.gtk", nil},
	} {
		if err := s.procs.start(s.command(env, "/usr/libexec/"+b.name, b.args...), s.logFile(b.name)); err != nil {
			return fmt.Errorf("start %s: %w", b.name, err)
		}
		if err := s.awaitName(env, b.busName); err != nil {
			return err
		}
	}
	return nil
}

// awaitName waits until a program owns name on the bus of env.
func (s *swaySession) awaitName(env []string, name string) error {
	out, err := s.command(env, "gdbus", "wait", "--session", "--timeout", "15", name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s never appeared on the session bus: %v %s\n%s", name, err, out, s.logs())
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// until polls cond every 50 ms for up to limit.
func until(limit time.Duration, cond func() bool) error {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %v", limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// noBackendBus is a second session bus whose xdg-desktop-portal has no
// backend that takes screenshots (only -gtk's interfaces, and -gtk not
// even running): what a sway user without xdg-desktop-portal-wlr has.
func (s *swaySession) noBackendBus(t *testing.T) string {
	t.Helper()
	bus, err := s.startBusAt(filepath.Join(s.run, fmt.Sprintf("bus-nobackend-%d", time.Now().UnixNano())))
	if err == nil {
		err = s.startPortals(filepath.Join(s.dir, "nobackend"), bus, false)
	}
	if err != nil {
		t.Fatalf("a portal without a Screenshot backend: %v", err)
	}
	return bus
}

// outputOf runs a session program and returns its stdout.
func (s *swaySession) outputOf(t *testing.T, env []string, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := s.command(env, name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v %s", name, args, err, stderr.String())
	}
	return out
}
