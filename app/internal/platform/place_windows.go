package platform

import (
	"image"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32                = windows.NewLazySystemDLL("user32.dll")
	procGetWindowRect     = user32.NewProc("GetWindowRect")
	procSetWindowPos      = user32.NewProc("SetWindowPos")
	procMonitorFromWindow = user32.NewProc("MonitorFromWindow")
	procGetMonitorInfo    = user32.NewProc("GetMonitorInfoW")
)

// CentreOn moves the top-level window child (an HWND) so that it sits
// centred on the window parent, wholly in the parent monitor's work area
// where it fits: Windows opens a new window at its own cascade position.
func CentreOn(_ Session, parent, child uintptr) error {
	if parent == 0 || child == 0 {
		return nil
	}
	pr, err := windowRect(parent)
	if err != nil {
		return err
	}
	cr, err := windowRect(child)
	if err != nil {
		return err
	}
	at := centredIn(cr.Size(), pr, workArea(parent))
	const swpNoSize, swpNoZOrder, swpNoActivate = 0x0001, 0x0004, 0x0010
	if ok, _, err := procSetWindowPos.Call(child, 0, uintptr(at.X), uintptr(at.Y), 0, 0, swpNoSize|swpNoZOrder|swpNoActivate); ok == 0 {
		return err
	}
	return nil
}

type winRect struct{ Left, Top, Right, Bottom int32 }

func (r winRect) image() image.Rectangle {
	return image.Rect(int(r.Left), int(r.Top), int(r.Right), int(r.Bottom))
}

func windowRect(hwnd uintptr) (image.Rectangle, error) {
	var r winRect
	if ok, _, err := procGetWindowRect.Call(hwnd, uintptr(unsafe.Pointer(&r))); ok == 0 {
		return image.Rectangle{}, err
	}
	return r.image(), nil
}

// workArea is the work area (without the taskbar) of hwnd's monitor.
func workArea(hwnd uintptr) image.Rectangle {
	const monitorDefaultToNearest = 2
	mon, _, _ := procMonitorFromWindow.Call(hwnd, monitorDefaultToNearest)
	info := struct {
		Size          uint32
		Monitor, Work winRect
		Flags         uint32
	}{}
	info.Size = uint32(unsafe.Sizeof(info))
	if ok, _, _ := procGetMonitorInfo.Call(mon, uintptr(unsafe.Pointer(&info))); ok == 0 {
		return image.Rect(-1<<20, -1<<20, 1<<20, 1<<20) // unknown: do not clamp
	}
	return info.Work.image()
}
