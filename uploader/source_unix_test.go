//go:build unix

package uploader

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestInspectRefusesSpecialFiles: a FIFO must be refused without being
// opened (opening one for reading blocks until a writer comes), a device
// likewise.
func TestInspectRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{fifo, "pipe.png is not a regular file (a FIFO)"},
		{"/dev/null", "null is not a regular file (a device)"},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() {
			_, err := Inspect(tt.path, 0)
			done <- err
		}()
		select {
		case err := <-done:
			fxKind(t, err, KindInvalid, tt.want)
		case <-time.After(5 * time.Second): // a hang is the failure, not a timing check
			t.Fatalf("Inspect(%s) blocked: it opened the file", tt.path)
		}
	}
}
