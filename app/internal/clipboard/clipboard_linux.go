package clipboard

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	xclip "golang.design/x/clipboard"

	"github.com/upshot-app/upshot/app/internal/platform"
)

var (
	initOnce sync.Once
	initErr  error
)

// errNoDisplay is the clipboard of a session without a display.
var errNoDisplay = errors.New("no display, so no clipboard (DISPLAY and WAYLAND_DISPLAY are unset)")

// initX connects to the X display's clipboard (for reading) once.
func initX(s platform.Session) error {
	initOnce.Do(func() {
		if !s.X11() {
			initErr = errNoDisplay
			return
		}
		initErr = xclip.Init()
	})
	return initErr
}

// WriteText puts text on the clipboard.
func (c System) WriteText(s string) error {
	if c.Session.Wayland() {
		return wlCopy(s)
	}
	return holdInProcess(c.Session, Content{Text: s})
}

// WriteImage puts a PNG image on the clipboard (for pasting the picture
// itself into a chat or a document).
func (c System) WriteImage(png []byte) error {
	if c.Session.Wayland() {
		return wlCopyType(png, "image/png")
	}
	return holdInProcess(c.Session, Content{PNG: png})
}

// inProcess is this process's owner of the X selection; like the
// selection itself there is one per display, and a new write replaces it.
var inProcess struct {
	mu  sync.Mutex
	cur *owner
}

// holdInProcess takes the selection for c in this process (the GUI),
// replacing what this process offered before.
func holdInProcess(s platform.Session, c Content) error {
	if !s.X11() {
		return fmt.Errorf("clipboard: %w", errNoDisplay)
	}
	o, err := own("", c)
	if err != nil {
		return fmt.Errorf("clipboard: %w", err)
	}
	inProcess.mu.Lock()
	old := inProcess.cur
	inProcess.cur = o
	inProcess.mu.Unlock()
	if old != nil {
		old.Close() // already superseded by o on the server
	}
	return nil
}

// ReadText returns the clipboard's text, or "".
func (c System) ReadText() string {
	if c.Session.Wayland() {
		return string(wlPaste("text/plain"))
	}
	if initX(c.Session) != nil {
		return ""
	}
	return string(xclip.Read(xclip.FmtText))
}

// ReadImage returns the clipboard's image as PNG bytes, or nil.
func (c System) ReadImage() []byte {
	if c.Session.Wayland() {
		return wlPaste("image/png")
	}
	if initX(c.Session) != nil {
		return nil
	}
	return xclip.Read(xclip.FmtImage)
}

// errNoWlClipboard says what to install when the Wayland tools are missing.
var errNoWlClipboard = errors.New("clipboard: on Wayland, Upshot uses wl-copy and wl-paste — install wl-clipboard (apt install wl-clipboard)")

// wlCopy hands text to wl-copy, which keeps serving it after we exit.
func wlCopy(s string) error { return wlCopyType([]byte(s), "") }

// wlCopyType hands data of MIME type mime ("" = text) to wl-copy.
func wlCopyType(data []byte, mime string) error {
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
	var args []string
	if mime != "" {
		args = []string{"--type", mime}
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin = bytes.NewReader(data)
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

// Persist puts text on the session's clipboard so that it survives this
// process's exit: on X11 from a detached child process that owns the
// selection until another program takes it, on Wayland through wl-copy,
// which does the same. It returns once the text is there to paste.
func Persist(s platform.Session, text string) error {
	if s.Wayland() {
		return wlCopy(text)
	}
	if !s.X11() {
		return errNoDisplay
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

// Serve is the detached owner: it reads the text from in, owns the
// selection, says "ready" on out, and returns when another program takes
// the clipboard.
func Serve(in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	o, err := own("", Content{Text: string(data)})
	if err != nil {
		fmt.Fprintln(out, err.Error())
		return err
	}
	fmt.Fprintln(out, "ready")
	if c, ok := out.(io.Closer); ok {
		_ = c.Close()
	}
	<-o.Lost()
	return nil
}
