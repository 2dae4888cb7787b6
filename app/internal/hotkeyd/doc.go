// Command upshot-hotkeyd holds Upshot's global keyboard shortcuts on X11.
//
// It is a separate process because golang.design/x/hotkey panics in its
// package init when no X display can be opened: here that costs only the
// hotkeys, and the GUI's hotkeys.Manager reports why they are off. It
// speaks the JSON-lines protocol of package hotkeys on stdin/stdout and
// exits when stdin closes.
//
// It needs cgo and Xlib; without them it builds as a stub that says so.
package main
