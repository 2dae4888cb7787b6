//go:build e2e

package clipboard

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/platform"
)

// xclipOut asks the X clipboard for target with xclip, as another program
// pasting would.
func xclipOut(t *testing.T, target string) ([]byte, error) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run with make e2e")
	}
	cmd := exec.Command("xclip", "-o", "-selection", "clipboard", "-t", target)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, &exec.ExitError{ProcessState: cmd.ProcessState, Stderr: stderr.Bytes()}
	}
	return out, nil
}

func ownFor(t *testing.T, c Content) *owner {
	t.Helper()
	o, err := own("", c)
	if err != nil {
		t.Fatalf("own: %v", err)
	}
	t.Cleanup(o.Close)
	return o
}

// TestOwnerOffersExactlyWhatItServes: text is offered as UTF8_STRING,
// STRING, TEXT and text/plain, every one of them answers, and image/png —
// not held — is neither listed nor served.
func TestOwnerOffersExactlyWhatItServes(t *testing.T) {
	const text = "héllo ✓ https://img.test/a.png"
	ownFor(t, Content{Text: text})
	targets, err := xclipOut(t, "TARGETS")
	if err != nil {
		t.Fatalf("TARGETS: %v", err)
	}
	got := strings.Fields(string(targets))
	want := []string{"TARGETS", "TIMESTAMP", "UTF8_STRING", "STRING", "TEXT", "text/plain;charset=utf-8", "text/plain"}
	if !slices.Equal(got, want) {
		t.Errorf("TARGETS = %q, want %q", got, want)
	}
	for target, want := range map[string]string{
		"UTF8_STRING": text, "TEXT": text, "text/plain;charset=utf-8": text, "text/plain": text,
		"STRING": "h\xe9llo ? https://img.test/a.png", // Latin-1; ✓ is outside it
	} {
		out, err := xclipOut(t, target)
		if err != nil || string(out) != want {
			t.Errorf("%s = %q (%v), want %q", target, out, err, want)
		}
	}
	if out, err := xclipOut(t, "image/png"); err == nil {
		t.Errorf("image/png of a text answered %d bytes; it must be refused", len(out))
	}
}

// TestOwnerServesLargeImagesInChunks: a 3 MB image (more than one X request
// may carry) arrives whole through INCR, and text targets are not offered.
func TestOwnerServesLargeImagesInChunks(t *testing.T) {
	img := make([]byte, 3<<20)
	rand.Read(img)
	copy(img, "\x89PNG\r\n\x1a\n")
	ownFor(t, Content{PNG: img})
	targets, err := xclipOut(t, "TARGETS")
	if err != nil {
		t.Fatalf("TARGETS: %v", err)
	}
	if got := strings.Fields(string(targets)); !slices.Equal(got, []string{"TARGETS", "TIMESTAMP", "image/png"}) {
		t.Errorf("TARGETS = %q", got)
	}
	out, err := xclipOut(t, "image/png")
	if err != nil || !bytes.Equal(out, img) {
		t.Fatalf("image/png: %d bytes (%v), want the %d bytes given", len(out), err, len(img))
	}
	if _, err := xclipOut(t, "UTF8_STRING"); err == nil {
		t.Error("an image answered UTF8_STRING")
	}
}

// TestOwnerLetsGo: when another program copies, Lost is closed and the
// other program's text is what pastes.
func TestOwnerLetsGo(t *testing.T) {
	o := ownFor(t, Content{Text: "first"})
	cmd := exec.Command("xclip", "-i", "-selection", "clipboard")
	cmd.Stdin = strings.NewReader("second")
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip -i: %v", err)
	}
	select {
	case <-o.Lost():
	case <-time.After(10 * time.Second):
		t.Fatal("the owner did not notice it lost the selection")
	}
	if out, _ := xclipOut(t, "UTF8_STRING"); string(out) != "second" {
		t.Errorf("clipboard = %q, want the other program's text", out)
	}
}

// TestSystemWriteReplacesItsOwnOwner: the GUI's writes replace each other;
// the newest text is what pastes, and images can be copied too.
func TestSystemWriteReplacesItsOwnOwner(t *testing.T) {
	s := System{Session: platform.Session{Kind: platform.X11, Display: os.Getenv("DISPLAY")}}
	for _, text := range []string{"one", "two"} {
		if err := s.WriteText(text); err != nil {
			t.Fatal(err)
		}
	}
	if out, _ := xclipOut(t, "UTF8_STRING"); string(out) != "two" {
		t.Errorf("clipboard = %q, want two", out)
	}
	png := []byte("\x89PNG\r\n\x1a\nsmall")
	if err := s.WriteImage(png); err != nil {
		t.Fatal(err)
	}
	if out, err := xclipOut(t, "image/png"); err != nil || !bytes.Equal(out, png) {
		t.Errorf("image/png = %q (%v)", out, err)
	}
}
