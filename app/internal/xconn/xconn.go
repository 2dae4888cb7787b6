// Package xconn opens connections to the X server for the pure-Go X11 code
// (screen capture, the XDND test helper).
package xconn

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/jezek/xgb"
)

// tries is how many times Dial tries to connect; the waits between tries
// double from 10ms, about 1.3s in all.
const tries = 8

// Dial connects to display ("" = $DISPLAY), trying again for about a
// second: an Xvfb under load drops a connection opened right after another
// one closed (seen with Xvfb 21: the setup answers EOF or a broken pipe),
// while a second try a few milliseconds later succeeds.
func Dial(display string) (*xgb.Conn, error) {
	quiet.Do(func() { xgb.Logger.SetOutput(io.Discard) })
	return dial(display, xgb.NewConnDisplay, time.Sleep)
}

// quiet silences xgb's logger once: it prints "Trying connection without
// authority info..." to stderr on every connection to a server without an
// Xauthority file, which would land in the CLI's output.
var quiet sync.Once

// dial is Dial with the connecting and the waiting passed in.
func dial(display string, connect func(string) (*xgb.Conn, error), sleep func(time.Duration)) (*xgb.Conn, error) {
	wait := 10 * time.Millisecond
	for try := 1; ; try++ {
		c, err := connect(display)
		if err == nil {
			return c, nil
		}
		if try == tries {
			return nil, fmt.Errorf("open the X display %q: %w", display, err)
		}
		sleep(wait)
		wait *= 2
	}
}
