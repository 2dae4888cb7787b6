package platform

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS for AttachConsole.
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// AttachConsole connects the command line of upshot.exe — a GUI-subsystem
// program, so that the GUI opens with no console window — to the console of
// the terminal that started it: Ctrl+C reaches it, and what it prints
// shows there. A standard handle that the caller redirected (a file, a
// pipe, NUL) is kept; the console's own take the place of missing ones and of
// console handles from elsewhere. Started with no console (Explorer, a
// shortcut) it does nothing. upshot.com (the console launcher) makes the
// shell wait for the exit status, which it does not for a GUI program.
func AttachConsole() {
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console, or attached already
	}
	for _, s := range []struct {
		std   uint32
		name  string
		write bool
		file  **os.File
	}{
		{windows.STD_INPUT_HANDLE, "CONIN$", false, &os.Stdin},
		{windows.STD_OUTPUT_HANDLE, "CONOUT$", true, &os.Stdout},
		{windows.STD_ERROR_HANDLE, "CONOUT$", true, &os.Stderr},
	} {
		if h, err := windows.GetStdHandle(s.std); err == nil && redirected(h) {
			continue
		}
		flag := os.O_RDONLY
		if s.write {
			flag = os.O_WRONLY
		}
		f, err := os.OpenFile(s.name, flag, 0)
		if err != nil {
			continue
		}
		_ = windows.SetStdHandle(s.std, windows.Handle(f.Fd()))
		*s.file = f
	}
}

// redirected reports whether h is something the caller gave that is not a
// console: a file, a pipe, NUL.
func redirected(h windows.Handle) bool {
	if h == 0 || h == windows.InvalidHandle {
		return false
	}
	var mode uint32
	return windows.GetConsoleMode(h, &mode) != nil
}
