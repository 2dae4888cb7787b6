//go:build cgo && (linux || freebsd || openbsd || netbsd)

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

static int keycodeOf(Display *d, unsigned long sym) { return XKeysymToKeycode(d, (KeySym)sym); }

// keyDown reports whether keycode is down now.
static int keyDown(Display *d, int keycode) {
	char keys[32];
	XQueryKeymap(d, keys);
	return (keys[keycode / 8] & (1 << (keycode % 8))) != 0;
}

// modsNow returns which of Shift, Ctrl, Alt (Mod1) and Super (Mod4) are held.
static unsigned int modsNow(Display *d) {
	Window root, child;
	int rx, ry, wx, wy;
	unsigned int mask = 0;
	XQueryPointer(d, DefaultRootWindow(d), &root, &child, &rx, &ry, &wx, &wy, &mask);
	return mask & (ShiftMask | ControlMask | Mod1Mask | Mod4Mask);
}
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.design/x/hotkey"

	"github.com/upshot-app/upshot/app/internal/hotkeys"
)

func main() {
	os.Exit(run())
}

func run() int {
	// A display of our own, to look up keycodes and the keyboard state: the
	// hotkey package opens one per shortcut and does not share them.
	dpy := C.XOpenDisplay(nil)
	if dpy == nil {
		msg := fmt.Sprintf("cannot open the X display %q", os.Getenv("DISPLAY"))
		_ = hotkeys.EncodeMessage(os.Stdout, hotkeys.Message{Type: hotkeys.MsgFatal, Error: msg})
		return 1
	}
	defer C.XCloseDisplay(dpy)
	if err := hotkeys.Serve(os.Stdin, os.Stdout, &x11Grabber{dpy: dpy}); err != nil {
		fmt.Fprintln(os.Stderr, "upshot-hotkeyd:", err)
		return 1
	}
	return 0
}

// x11Grabber grabs shortcuts with golang.design/x/hotkey.
type x11Grabber struct {
	mu  sync.Mutex // dpy is used by Grab and by every shortcut's goroutine
	dpy *C.Display
}

// Grab implements hotkeys.Grabber.
func (g *x11Grabber) Grab(c hotkeys.Combo, down, up func()) (func() error, error) {
	mods, sym := c.X11()
	g.mu.Lock()
	keycode := C.keycodeOf(g.dpy, C.ulong(sym))
	g.mu.Unlock()
	// XKeysymToKeycode gives 0 for a key the keyboard lacks, and a grab of
	// keycode 0 is a grab of every key (AnyKey): refuse it here.
	if keycode == 0 {
		return nil, fmt.Errorf("this keyboard has no %s key", c.Key)
	}
	// Build the key from our keysym: hotkey's digit constants are off by one.
	hk := hotkey.New([]hotkey.Modifier{hotkey.Modifier(mods)}, hotkey.Key(sym))
	if err := hk.Register(); err != nil {
		if strings.Contains(err.Error(), "taken") {
			return nil, fmt.Errorf("%v: %w", err, hotkeys.ErrTaken)
		}
		return nil, err
	}
	k := &keyState{g: g, keycode: keycode, mods: C.uint(mods)}
	// Unregister closes both channels and replaces them: read them once.
	go hotkeys.Forward(hk.Keydown(), hk.Keyup(), k.filter(down, true), k.filter(up, false))
	return hk.Unregister, nil
}

// keyState checks hotkey's events against the keyboard.
//
// hotkey selects KeyPress on the root window, so while the root has the
// focus (no window manager, or the desktop focused) it reports every key
// pressed there as this hotkey; and it reports the release of every key
// during the grab. It also delivers downs and ups on two channels, which
// loses their order, and auto-repeat comes as up/down pairs. So: a down
// counts only while our key is down with exactly our modifiers, an up only
// once our key is up.
type keyState struct {
	g       *x11Grabber
	keycode C.int
	mods    C.uint
}

func (k *keyState) filter(next func(), isDown bool) func() {
	return func() {
		k.g.mu.Lock()
		held := C.keyDown(k.g.dpy, k.keycode) != 0
		if isDown && held {
			held = C.modsNow(k.g.dpy) == k.mods
		}
		k.g.mu.Unlock()
		if held == isDown {
			next()
		}
	}
}
