//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImportRefusesAFIFO: a named pipe (or any file that is not a regular
// one) is refused at once; opening it would wait for a writer forever.
func TestImportRefusesAFIFO(t *testing.T) {
	cli, _ := testEnv(t)
	fifo := filepath.Join(t.TempDir(), "uploader.sxcu")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan run, 1)
	go func() { done <- cli("", "profile", "import", fifo) }()
	select {
	case r := <-done:
		want := "upshot: " + fifo + ": not a regular file (a FIFO) — give the path of a .sxcu file, or - to read one from standard input"
		if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
		}
	case <-time.After(30 * time.Second): // a hang, not a speed limit
		// Free the import stuck in open(2), so that the test binary can end.
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		t.Fatal("profile import of a FIFO hangs")
	}
}
