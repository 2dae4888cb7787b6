// Package clipboard is the OS clipboard adapter. On Linux it is our own X11
// CLIPBOARD owner (xgb) in process, a small detached owner process that
// keeps a link on the clipboard after a CLI run exits (the way xclip does),
// and the wl-clipboard tools on a Wayland session without XWayland; reading
// goes through golang.design/x/clipboard. On Windows it is the system
// clipboard through golang.design/x/clipboard.
package clipboard

// ServeCommand is the hidden subcommand the detached owner runs as.
const ServeCommand = "__clipboard-serve"

// System is the in-process clipboard, for the GUI.
type System struct{}
