package capture

// Run under Wine with a display (make wine-test) or on Windows.

import (
	"errors"
	"image"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procGetSystemMetrics    = user32.NewProc("GetSystemMetrics")
	procSetCursorPos        = user32.NewProc("SetCursorPos")
	procCreateWindowEx      = user32.NewProc("CreateWindowExW")
	procDestroyWindow       = user32.NewProc("DestroyWindow")
	procSetForegroundWindow = user32.NewProc("SetForegroundWindow")
	procPeekMessage         = user32.NewProc("PeekMessageW")
	procDispatchMessage     = user32.NewProc("DispatchMessageW")
)

func metric(i uintptr) int {
	r, _, _ := procGetSystemMetrics.Call(i)
	return int(int32(r))
}

// virtualScreen is the desktop as user32 sees it (SM_*VIRTUALSCREEN).
func virtualScreen() image.Rectangle {
	x, y := metric(76), metric(77)
	return image.Rect(x, y, x+metric(78), y+metric(79))
}

func TestFullIsTheWholeDesktop(t *testing.T) {
	img, err := (Screen{}).Full()
	if err != nil {
		t.Fatal(err)
	}
	if want := virtualScreen(); img.Bounds().Size() != want.Size() || want.Empty() {
		t.Fatalf("Full is %v, want the desktop's %v", img.Bounds().Size(), want.Size())
	}
}

func TestPointerAndItsMonitor(t *testing.T) {
	if ok, _, err := procSetCursorPos.Call(123, 234); ok == 0 {
		t.Fatalf("SetCursorPos: %v", err)
	}
	x, y, err := (Screen{}).Pointer()
	if err != nil || x != 123 || y != 234 {
		t.Fatalf("Pointer = %d, %d, %v; want 123, 234", x, y, err)
	}
	img, err := (Screen{}).Take(ModeMonitor)
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X < 640 || s.Y < 480 || !image.Pt(x, y).In(image.Rectangle{Max: virtualScreen().Max}) {
		t.Fatalf("the monitor under the pointer is %v", s)
	}
}

// showWindow opens a plain 320×200 window at (40, 60), brings it to the
// front and returns it with a pump for its messages. It must stay on the
// calling OS thread.
func showWindow(t *testing.T) (windows.HWND, func()) {
	t.Helper()
	const wsOverlappedWindowVisible = 0x00CF0000 | 0x10000000
	class, _ := windows.UTF16PtrFromString("STATIC")
	title, _ := windows.UTF16PtrFromString("capture test")
	h, _, err := procCreateWindowEx.Call(0, uintptr(unsafe.Pointer(class)), uintptr(unsafe.Pointer(title)),
		wsOverlappedWindowVisible, 40, 60, 320, 200, 0, 0, 0, 0)
	if h == 0 {
		t.Fatalf("CreateWindowEx: %v", err)
	}
	t.Cleanup(func() { procDestroyWindow.Call(h) })
	pump := func() {
		var msg [48]byte
		for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
			if r, _, _ := procPeekMessage.Call(uintptr(unsafe.Pointer(&msg)), 0, 0, 0, 1); r != 0 {
				procDispatchMessage.Call(uintptr(unsafe.Pointer(&msg)))
				continue
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	procSetForegroundWindow.Call(h)
	pump()
	return windows.HWND(h), pump
}

func TestActiveWindowIsTheForegroundWindow(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	hwnd, _ := showWindow(t)
	if fg := windows.GetForegroundWindow(); fg != hwnd {
		t.Fatalf("the test window is not in front (%v, want %v)", fg, hwnd)
	}
	want, err := windowBounds(hwnd)
	if err != nil {
		t.Fatal(err)
	}
	img, err := (Screen{}).ActiveWindow()
	if err != nil {
		t.Fatal(err)
	}
	// The frame as drawn: the 320×200 window, less any invisible border.
	if s := img.Bounds().Size(); s != want.Size() || s.X > 320 || s.Y > 200 || s.X < 280 || s.Y < 160 {
		t.Fatalf("ActiveWindow is %v, want the window's %v (about 320×200)", s, want.Size())
	}
}

func TestNoActiveWindowIsErrNoWindow(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	hwnd, pump := showWindow(t)
	const swMinimize = 6
	user32.NewProc("ShowWindow").Call(uintptr(hwnd), swMinimize)
	pump()
	if fg := windows.GetForegroundWindow(); fg != hwnd && fg != 0 {
		t.Skipf("another window (%v) came to the front: nothing to test here", fg)
	}
	if _, err := (Screen{}).ActiveWindow(); !errors.Is(err, ErrNoWindow) {
		t.Fatalf("ActiveWindow with the window minimised: %v, want ErrNoWindow", err)
	}
}
