//go:build !cgo || !(linux || freebsd || openbsd || netbsd)

package main

import (
	"os"

	"github.com/upshot-app/upshot/app/internal/hotkeys"
)

// main reports, in the protocol, that this build cannot grab keys.
func main() {
	_ = hotkeys.EncodeMessage(os.Stdout, hotkeys.Message{
		Type:  hotkeys.MsgFatal,
		Error: "this upshot-hotkeyd was built without cgo or X11 support",
	})
	os.Exit(1)
}
