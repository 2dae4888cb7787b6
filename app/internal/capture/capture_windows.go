package capture

import (
	"fmt"
	"image"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/kbinani/screenshot"
	"golang.org/x/sys/windows"
)

// On Windows kbinani/screenshot reads the screen with GDI (BitBlt from the
// desktop's device context) in desktop coordinates, the ones user32 gives
// for windows and the pointer.

var (
	user32                    = windows.NewLazySystemDLL("user32.dll")
	procGetCursorPos          = user32.NewProc("GetCursorPos")
	procGetWindowRect         = user32.NewProc("GetWindowRect")
	procIsIconic              = user32.NewProc("IsIconic")
	procSetDpiAwarenessCtx    = user32.NewProc("SetProcessDpiAwarenessContext")
	dwmapi                    = windows.NewLazySystemDLL("dwmapi.dll")
	procDwmGetWindowAttribute = dwmapi.NewProc("DwmGetWindowAttribute")
)

// dwmwaCloaked is DWMWA_CLOAKED: nonzero for a window that is "visible"
// but not drawn (a suspended store app, a window on another virtual
// desktop).
const dwmwaCloaked = 14

// dwmwaExtendedFrameBounds is DWMWA_EXTENDED_FRAME_BOUNDS: the window as
// drawn, without the invisible resize borders GetWindowRect counts.
const dwmwaExtendedFrameBounds = 9

// rect is a Win32 RECT.
type rect struct{ Left, Top, Right, Bottom int32 }

// dpiAware makes this process see real pixels: a process that is not DPI
// aware gets scaled-down coordinates on a display scaled above 100%, and
// its screenshots miss part of the screen. The GUI is aware already (GLFW
// says so at start); the command line says it here. Later calls fail
// harmlessly.
func dpiAware() {
	const perMonitorAwareV2 = ^uintptr(3) // DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 (-4)
	if procSetDpiAwarenessCtx.Find() == nil {
		procSetDpiAwarenessCtx.Call(perMonitorAwareV2)
	}
}

// Full captures the union of all displays.
func (Screen) Full() (*image.RGBA, error) {
	dpiAware()
	n := screenshot.NumActiveDisplays()
	if n == 0 {
		return nil, ErrNoScreen
	}
	all := image.Rectangle{}
	for i := range n {
		all = all.Union(screenshot.GetDisplayBounds(i))
	}
	return grab(all, "the screen")
}

// Monitor captures the display that contains (x, y), else everything.
func (c Screen) Monitor(x, y int) (*image.RGBA, error) {
	dpiAware()
	for i := range screenshot.NumActiveDisplays() {
		if b := screenshot.GetDisplayBounds(i); image.Pt(x, y).In(b) {
			return grab(b, "the monitor")
		}
	}
	return c.Full()
}

// ActiveWindow captures the foreground window as it is drawn, with its
// frame, clipped to the displays.
func (Screen) ActiveWindow() (*image.RGBA, error) {
	dpiAware()
	hwnd := windows.GetForegroundWindow()
	if hwnd == 0 || hwnd == windows.GetShellWindow() || !windows.IsWindowVisible(hwnd) {
		return nil, ErrNoWindow
	}
	if r, _, _ := procIsIconic.Call(uintptr(hwnd)); r != 0 {
		return nil, ErrNoWindow // minimised: nothing of it is on the screen
	}
	r, err := windowBounds(hwnd)
	if err != nil {
		return nil, fmt.Errorf("capture the active window: %w", err)
	}
	all := image.Rectangle{}
	for i := range screenshot.NumActiveDisplays() {
		all = all.Union(screenshot.GetDisplayBounds(i))
	}
	if r = r.Intersect(all); r.Empty() {
		return nil, ErrNoWindow
	}
	return grab(r, "the active window")
}

// Windows lists the top-level windows drawn on the desktop, topmost first
// (EnumWindows goes in Z order), as they are drawn, clipped to the
// displays, for the region overlay to snap to.
func (Screen) Windows() ([]image.Rectangle, error) {
	dpiAware()
	all := image.Rectangle{}
	for i := range screenshot.NumActiveDisplays() {
		all = all.Union(screenshot.GetDisplayBounds(i))
	}
	enumMu.Lock()
	enumFound = nil
	err := windows.EnumWindows(enumCallback, nil)
	found := enumFound
	enumMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("list the windows: %w", err)
	}
	shell := windows.GetShellWindow()
	var out []image.Rectangle
	for _, hwnd := range found {
		if hwnd == shell || !drawn(hwnd) {
			continue
		}
		if r, err := windowBounds(hwnd); err == nil && !r.Intersect(all).Empty() {
			out = append(out, r.Intersect(all))
		}
	}
	return out, nil
}

// EnumWindows reports each window to one callback made once: Go never
// frees a callback, and a closure per call would make one per capture.
var (
	enumMu       sync.Mutex
	enumFound    []windows.HWND
	enumCallback = syscall.NewCallback(func(hwnd windows.HWND, _ uintptr) uintptr {
		enumFound = append(enumFound, hwnd) // under enumMu: EnumWindows calls back before it returns
		return 1                            // go on
	})
)

// drawn reports whether hwnd is visible, not minimised and not cloaked.
func drawn(hwnd windows.HWND) bool {
	if !windows.IsWindowVisible(hwnd) {
		return false
	}
	if r, _, _ := procIsIconic.Call(uintptr(hwnd)); r != 0 {
		return false
	}
	var cloaked uint32
	if procDwmGetWindowAttribute.Find() == nil {
		procDwmGetWindowAttribute.Call(uintptr(hwnd), dwmwaCloaked, uintptr(unsafe.Pointer(&cloaked)), unsafe.Sizeof(cloaked))
	}
	return cloaked == 0
}

// windowBounds is where hwnd is drawn: DWM's frame bounds where the
// desktop composes windows (Vista on), else its window rectangle.
func windowBounds(hwnd windows.HWND) (image.Rectangle, error) {
	var r rect
	if procDwmGetWindowAttribute.Find() == nil {
		hr, _, _ := procDwmGetWindowAttribute.Call(uintptr(hwnd), dwmwaExtendedFrameBounds,
			uintptr(unsafe.Pointer(&r)), unsafe.Sizeof(r))
		if hr == 0 && r.Right > r.Left && r.Bottom > r.Top {
			return image.Rect(int(r.Left), int(r.Top), int(r.Right), int(r.Bottom)), nil
		}
	}
	if ok, _, err := procGetWindowRect.Call(uintptr(hwnd), uintptr(unsafe.Pointer(&r))); ok == 0 {
		return image.Rectangle{}, err
	}
	return image.Rect(int(r.Left), int(r.Top), int(r.Right), int(r.Bottom)), nil
}

// Pointer returns the pointer position in desktop coordinates.
func (Screen) Pointer() (x, y int, err error) {
	dpiAware()
	var p struct{ X, Y int32 }
	if ok, _, err := procGetCursorPos.Call(uintptr(unsafe.Pointer(&p))); ok == 0 {
		return 0, 0, fmt.Errorf("the pointer position: %w", err)
	}
	return int(p.X), int(p.Y), nil
}

// grab reads r of the screen.
func grab(r image.Rectangle, what string) (*image.RGBA, error) {
	img, err := screenshot.CaptureRect(r)
	if err != nil {
		return nil, fmt.Errorf("capture %s: %w", what, err)
	}
	if blank(img) {
		return nil, fmt.Errorf("%w: Windows returned a black screen — if the screen is locked or asleep, unlock it and try again", ErrBlank)
	}
	return img, nil
}

// AfterMenu lets the tray menu the capture was chosen from close.
func (Screen) AfterMenu() { time.Sleep(menuSettle) }
