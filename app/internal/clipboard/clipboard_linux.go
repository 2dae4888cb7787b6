package clipboard

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	xclip "golang.design/x/clipboard"
)

// initClipboard connects to the X display's clipboard; without DISPLAY
// golang.design/x/clipboard would fail less clearly.
func initClipboard() error {
	if os.Getenv("DISPLAY") == "" {
		return errors.New("no X display (DISPLAY is not set)")
	}
	return xclip.Init()
}

// writeWithout writes text when the X clipboard is not reachable (initErr
// says why): through wl-copy on a Wayland session.
func writeWithout(s string, initErr error) error {
	if wayland() {
		return wlCopy(s)
	}
	return fmt.Errorf("clipboard: %w", initErr)
}

// readWithout reads one MIME type when the X clipboard is not reachable.
func readWithout(mime string) []byte { return wlPaste(mime) }

// wayland reports a Wayland session without an X display to fall back on.
func wayland() bool {
	return os.Getenv("WAYLAND_DISPLAY") != "" && os.Getenv("DISPLAY") == ""
}

// errNoWlClipboard says what to install when the Wayland tools are missing.
var errNoWlClipboard = errors.New("clipboard: on Wayland, Upshot uses wl-copy and wl-paste — install wl-clipboard (apt install wl-clipboard)")

// wlCopy hands text to wl-copy, which keeps serving it after we exit.
func wlCopy(s string) error {
	path, err := exec.LookPath("wl-copy")
	if err != nil {
		return errNoWlClipboard
	}
	// wl-copy forks a child that serves the clipboard and inherits stdout
	// and stderr. Capturing them through a pipe would make Run wait for that
	// child — until another program takes the clipboard — so stderr goes to
	// a file, read only when wl-copy fails, and stdout to /dev/null.
	errFile, err := os.CreateTemp("", "upshot-wl-copy-*.err")
	if err != nil {
		return fmt.Errorf("clipboard: wl-copy: %w", err)
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	cmd := exec.Command(path)
	cmd.Stdin = strings.NewReader(s)
	cmd.Stderr = errFile
	if err := cmd.Run(); err != nil {
		msg, _ := os.ReadFile(errFile.Name())
		return fmt.Errorf("clipboard: wl-copy: %v %s", err, strings.TrimSpace(string(msg)))
	}
	return nil
}

// wlPaste reads one MIME type from the Wayland clipboard; nil when it is
// not there or wl-paste is missing.
func wlPaste(mime string) []byte {
	if !wayland() {
		return nil
	}
	path, err := exec.LookPath("wl-paste")
	if err != nil {
		return nil
	}
	out, err := exec.Command(path, "--no-newline", "--type", mime).Output()
	if err != nil {
		return nil
	}
	return out
}

// Persist puts text on the clipboard from a detached child process that
// owns the selection until another program takes it, so the text survives
// this process's exit. It returns once the child owns the selection.
func Persist(text string) error {
	if wayland() {
		return wlCopy(text)
	}
	if os.Getenv("DISPLAY") == "" {
		return errors.New("no X display (DISPLAY is not set)")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, ServeCommand)
	cmd.Stdin = strings.NewReader(text)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("clipboard owner: %w", err)
	}
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(out).ReadString('\n')
		if err == nil && strings.TrimSpace(line) != "ready" {
			err = errors.New(strings.TrimSpace(line))
		}
		ready <- err
	}()
	select {
	case err = <-ready:
	case <-time.After(5 * time.Second):
		err = errors.New("the clipboard owner did not start in 5s")
	}
	_ = cmd.Process.Release()
	if err != nil {
		return fmt.Errorf("clipboard: %w", err)
	}
	return nil
}
