// Package platform is what differs between the operating systems Upshot
// runs on, one file per OS (dirs_linux.go, dirs_windows.go, …): where the
// user's config and data live, starting at login, whether a tray host is
// there to hide the window in, and whether a display is reachable before
// Fyne starts. The session type (X11 or Wayland) is decided in session.go,
// once, for capture, clipboard and hotkeys.
//
// Everything takes the environment as a getenv function so that tests can
// give their own; nothing here keeps state.
package platform

import "errors"

// ErrNotSupported is what a stub answers where this OS has no code yet.
var ErrNotSupported = errors.New("not supported on this system yet")
