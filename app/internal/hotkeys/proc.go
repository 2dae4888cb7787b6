package hotkeys

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// helperProc is one running upshot-hotkeyd, or one Config.Serve running
// in this process.
type helperProc struct {
	wait    func() error // reaps it, once its stdout has ended
	kill    func()       // ends it when it does not stop by itself
	stdin   io.WriteCloser
	stderr  *tailBuffer
	msgs    chan Message  // closed when the helper's stdout ends
	exited  chan struct{} // closed once the process is reaped
	waitErr error         // valid after exited is closed
	abandon chan struct{} // closed by stop: nobody reads msgs any more
	once    sync.Once
}

func newHelperProc() *helperProc {
	return &helperProc{
		stderr:  &tailBuffer{max: 4 << 10},
		msgs:    make(chan Message),
		exited:  make(chan struct{}),
		abandon: make(chan struct{}),
	}
}

// startHelper starts the helper and its reader: cfg.Serve on a goroutine
// when it is set, else the helper executable.
func startHelper(cfg Config) (*helperProc, error) {
	if cfg.Serve != nil {
		return startInProcess(cfg.Serve), nil
	}
	cmd := exec.Command(cfg.Helper, cfg.Args...)
	cmd.Env = append(os.Environ(), cfg.Env...)
	h := newHelperProc()
	h.wait = cmd.Wait
	h.kill = func() { _ = cmd.Process.Kill() }
	cmd.Stderr = h.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h.stdin = stdin
	go h.read(stdout)
	return h, nil
}

// startInProcess runs serve as the helper, its stdin and stdout pipes in
// memory: where the grab needs no process of its own (Windows'
// RegisterHotKey cannot take the app down), the Manager is the same. Its
// error, if any, is the helper's last words.
func startInProcess(serve func(io.Reader, io.Writer) error) *helperProc {
	h := newHelperProc()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	served := make(chan error, 1)
	go func() {
		err := serve(inR, outW)
		if err != nil {
			fmt.Fprintln(h.stderr, err)
		}
		_ = inR.Close()
		_ = outW.Close()
		served <- err
	}()
	killed := make(chan struct{})
	h.stdin = inW
	h.wait = func() error {
		select {
		case err := <-served:
			return err
		case <-killed:
			return errors.New("the hotkey loop did not stop")
		}
	}
	// A goroutine cannot be killed: stop reading it and let it finish.
	h.kill = func() { close(killed); _ = outR.Close() }
	go h.read(outR)
	return h
}

// read forwards the helper's messages, then reaps it. Lines that are not
// protocol messages (a stray print) are dropped.
func (h *helperProc) read(stdout io.Reader) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		m, err := DecodeMessage(sc.Bytes())
		if err != nil {
			continue
		}
		select {
		case h.msgs <- m:
		case <-h.abandon:
		}
	}
	close(h.msgs)
	_, _ = io.Copy(io.Discard, stdout) // after a too-long line: let the helper finish
	h.waitErr = h.wait()
	close(h.exited)
}

// send writes one command to the helper. A helper that died is noticed by
// the reader, so a failed write needs no handling of its own.
func (h *helperProc) send(c Command) {
	_ = EncodeCommand(h.stdin, c)
}

// stop closes the helper's stdin, which asks it to release its grabs and
// exit, and kills it if it has not exited within timeout.
func (h *helperProc) stop(timeout time.Duration) {
	h.once.Do(func() {
		close(h.abandon)
		_ = h.stdin.Close()
	})
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-h.exited:
	case <-t.C:
		h.kill()
		<-h.exited
	}
}

// explain turns the end of a helper into a reason for the user, and says
// whether starting it again could help.
func explain(stderr string, waitErr error, display, fatal string) (reason string, retry bool) {
	switch {
	case strings.Contains(stderr, "Failed to initialize the X11 display"):
		// golang.design/x/hotkey panics in init when XOpenDisplay fails.
		if display == "" {
			return "no X display (DISPLAY is not set; global shortcuts need X11 or XWayland)", false
		}
		return fmt.Sprintf("cannot open the X display %s (X error)", display), false
	case fatal != "":
		return fatal, false
	}
	status := "the hotkey helper stopped"
	if waitErr != nil {
		status = "the hotkey helper stopped: " + waitErr.Error()
	}
	if line := stderrReason(stderr); line != "" {
		return line + " (" + status + ")", true
	}
	return status, true
}

// stderrReason picks the most telling line of the helper's stderr: a Go
// panic's first line, else the last line.
func stderrReason(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
