// Package clipboard is the OS clipboard adapter, in the session the caller
// decided once (platform.Session). On Linux, in an X11 session, it is our
// own X11 CLIPBOARD owner (xgb) in process, plus a small detached owner
// process that keeps a link on the clipboard after a CLI run exits (the
// way xclip does); reading goes through golang.design/x/clipboard. In a
// Wayland session — even with Xwayland's DISPLAY set, whose selection
// Wayland apps never see — it is wl-copy and wl-paste. On Windows it is
// the system clipboard through golang.design/x/clipboard.
package clipboard

import "github.com/upshot-app/upshot/app/internal/platform"

// ServeCommand is the hidden subcommand the detached owner runs as.
const ServeCommand = "__clipboard-serve"

// System is the in-process clipboard of the session, for the GUI.
type System struct {
	Session platform.Session
}
