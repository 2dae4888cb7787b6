//go:build e2e

// These tests need an X server: run them with
//
//	Xvfb :78 -screen 0 1280x800x24 & DISPLAY=:78 go test -tags e2e ./app/internal/xdnd/
//
// They drive Drop against fakeTarget, a pure-Go copy of GLFW's XDND target
// code, because building a Fyne app here would cost a minute. Drop has been
// checked by hand against a real Fyne v2.8.1 window (w.SetOnDropped got every
// URI, at the requested position). The app's own e2e tests exercise Drop
// against the real binary: start it under Xvfb, poll FindWindow(display,
// "Upshot") until it stops returning ErrWindowNotFound, then
//
//	uri, _ := xdnd.FileURI(path)
//	err := xdnd.Drop(display, "Upshot", x, y, []string{uri}, 5*time.Second)
//
// and assert on what the fake Chevereto host received.

package xdnd

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"
)

// testDisplay returns $DISPLAY; these tests fail rather than skip without it.
func testDisplay(t *testing.T) string {
	t.Helper()
	d := os.Getenv("DISPLAY")
	if d == "" {
		t.Fatal("DISPLAY is not set: start Xvfb (Xvfb :78 &) and set DISPLAY=:78")
	}
	return d
}

// uniqueTitle keeps parallel runs on one server from finding each other's windows.
func uniqueTitle(t *testing.T) string {
	return fmt.Sprintf("xdnd-%s-%d", t.Name(), os.Getpid())
}

// waitWindow polls FindWindow the way an e2e test waits for an app to show up.
func waitWindow(t *testing.T, display, title string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := FindWindow(display, title)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrWindowNotFound) || time.Now().After(deadline) {
			t.Fatalf("window %q never appeared: %v", title, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDropDelivers(t *testing.T) {
	display := testDisplay(t)
	tests := []struct {
		name       string
		uris       []string
		extraTypes []string
		wantList   bool
	}{
		{name: "one file", uris: []string{"file:///tmp/a.png"}},
		{name: "even-length payload", uris: []string{"file:///tmp/ab.png"}},
		{name: "several encoded", uris: []string{"file:///tmp/a%20b.png", "file:///tmp/%C3%BC.jpg", "file:///c.gif"}},
		{name: "more than three types", uris: []string{"file:///tmp/a.png"},
			extraTypes: []string{"text/plain", "UTF8_STRING", "STRING"}, wantList: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title := uniqueTitle(t)
			ft := startTarget(t, display, title, 30, 40, 200, 100, acceptDrops, true)
			waitWindow(t, display, title)
			err := dropWith(request{display: display, title: title, x: 5, y: 6, uris: tt.uris,
				timeout: 2 * time.Second, extraTypes: tt.extraTypes})
			if err != nil {
				t.Fatalf("Drop: %v", err)
			}
			got := <-ft.drops // Drop returned after XdndFinished, which follows this send
			want := targetDrop{uris: tt.uris, rootX: 35, rootY: 46, typeListUsed: tt.wantList}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("target got %+v, want %+v", got, want)
			}
		})
	}
}

func TestDropErrors(t *testing.T) {
	display := testDisplay(t)
	tests := []struct {
		name    string
		mode    targetMode
		aware   bool
		x, y    int
		wantErr error
	}{
		{name: "refusing target", mode: refuseDrops, aware: true, x: 1, y: 1, wantErr: ErrRejected},
		{name: "mute target", mode: stayMute, aware: true, x: 1, y: 1, wantErr: ErrTimeout},
		{name: "not aware", mode: acceptDrops, aware: false, x: 1, y: 1, wantErr: ErrNotAware},
		{name: "outside window", mode: acceptDrops, aware: true, x: 200, y: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title := uniqueTitle(t)
			ft := startTarget(t, display, title, 0, 0, 200, 100, tt.mode, tt.aware)
			waitWindow(t, display, title)
			err := Drop(display, title, tt.x, tt.y, []string{"file:///tmp/a.png"}, 300*time.Millisecond)
			if err == nil {
				t.Fatal("Drop succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Drop error = %v, want %v", err, tt.wantErr)
			}
			if len(ft.drops) != 0 {
				t.Errorf("target received a drop: %+v", <-ft.drops)
			}
		})
	}
}

func TestFindWindow(t *testing.T) {
	display := testDisplay(t)
	title := uniqueTitle(t)
	ft := startTarget(t, display, title, 0, 0, 50, 50, acceptDrops, true)
	waitWindow(t, display, title)
	got, err := FindWindow(display, title)
	if err != nil || got != ft.win {
		t.Errorf("FindWindow(%q) = %d, %v; want %d", title, got, err, ft.win)
	}
	if _, err := FindWindow(display, title+"-absent"); !errors.Is(err, ErrWindowNotFound) {
		t.Errorf("FindWindow(absent) error = %v, want ErrWindowNotFound", err)
	}
	if err := Drop(display, title+"-absent", 1, 1, []string{"file:///a"}, time.Second); !errors.Is(err, ErrWindowNotFound) {
		t.Errorf("Drop(absent) error = %v, want ErrWindowNotFound", err)
	}
}
