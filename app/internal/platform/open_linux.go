package platform

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os/exec"
	"strings"
	"time"
)

// openWait is how long OpenURL waits for xdg-open to fail. It exits at
// once when nothing can open the link; in a desktop it hands the link to
// the running browser and exits too; without a desktop it may run the
// browser itself and only exit with it — still running after this long
// means the browser started.
const openWait = 3 * time.Second

// OpenURL opens u in the browser with xdg-open and says so when it could
// not: Fyne's own OpenURL only starts xdg-open, so a desktop with no
// browser set up failed without a word. It blocks up to a few seconds:
// call it off the UI thread.
func OpenURL(u *url.URL) error { return openWith("xdg-open", u.String(), openWait) }

// openWith runs opener on link and waits up to wait for it to fail.
func openWith(opener, link string, wait time.Duration) error {
	var stderr bytes.Buffer
	cmd := exec.Command(opener, link)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s is not installed, so nothing opens web links here — install xdg-utils and a browser, or copy the link instead", opener)
		}
		return fmt.Errorf("start %s: %w", opener, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return openerExit(opener, err, stderr.String())
	case <-time.After(wait):
		return nil // the browser runs (and the goroutine reaps it when it ends)
	}
}

// openerExit explains how xdg-open ended; nil when it succeeded.
func openerExit(opener string, err error, stderr string) error {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return err
	}
	why := strings.TrimSpace(stderr)
	if i := strings.LastIndexByte(why, '\n'); i >= 0 {
		why = why[i+1:] // its last line says what it tried last
	}
	// xdg-open's exit codes: 3 = no tool to open it with, 4 = the tool failed.
	switch ee.ExitCode() {
	case 3:
		return fmt.Errorf("no web browser is set up (%s found nothing to open the link with) — install or choose a default browser, or copy the link instead", opener)
	case 4:
		if why == "" {
			why = "the browser did not start"
		}
		return fmt.Errorf("the browser could not open the link (%s) — copy the link instead", why)
	}
	if why != "" {
		return fmt.Errorf("%s failed (%s): %s", opener, ee, why)
	}
	return fmt.Errorf("%s failed (%s)", opener, ee)
}
