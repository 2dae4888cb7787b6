// Package xconn opens connections to the X server for the pure-Go X11 code
// (screen capture, the XDND test helper).
package xconn

import (
	"fmt"
	"time"

	"github.com/jezek/xgb"
)

// Dial connects to display ("" = $DISPLAY), trying again for about a
// second: an Xvfb under load drops a connection opened right after another
// one closed (seen with Xvfb 21: the setup answers EOF or a broken pipe),
// while a second try a few milliseconds later succeeds.
func Dial(display string) (*xgb.Conn, error) {
	var err error
	for wait := 10 * time.Millisecond; wait < 2*time.Second; wait *= 2 {
		var c *xgb.Conn
		if c, err = xgb.NewConnDisplay(display); err == nil {
			return c, nil
		}
		time.Sleep(wait)
	}
	return nil, fmt.Errorf("open the X display %q: %w", display, err)
}
