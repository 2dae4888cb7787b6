// Package clipboard is the OS clipboard adapter: golang.design/x/clipboard
// in process, plus (on Linux) a small detached owner process that keeps a
// link on the clipboard after a CLI run exits (the way xclip does) and the
// wl-clipboard tools on a Wayland session without XWayland.
package clipboard

import (
	"fmt"
	"io"
	"sync"

	xclip "golang.design/x/clipboard"
)

// ServeCommand is the hidden subcommand the detached owner runs as.
const ServeCommand = "__clipboard-serve"

var (
	initOnce sync.Once
	initErr  error
)

// Init connects to the display's clipboard once.
func Init() error {
	initOnce.Do(func() { initErr = initClipboard() })
	return initErr
}

// System is the in-process clipboard, for the GUI.
type System struct{}

// WriteText puts text on the clipboard.
func (System) WriteText(s string) error {
	if err := Init(); err != nil {
		return writeWithout(s, err)
	}
	xclip.Write(xclip.FmtText, []byte(s))
	return nil
}

// ReadText returns the clipboard's text, or "".
func (System) ReadText() string {
	if Init() != nil {
		return string(readWithout("text/plain"))
	}
	return string(xclip.Read(xclip.FmtText))
}

// ReadImage returns the clipboard's image as PNG bytes, or nil.
func (System) ReadImage() []byte {
	if Init() != nil {
		return readWithout("image/png")
	}
	return xclip.Read(xclip.FmtImage)
}

// Serve is the detached owner: it reads the text from in, owns the
// selection, says "ready" on out, and returns when another program takes
// the clipboard.
func Serve(in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	if err := Init(); err != nil {
		fmt.Fprintln(out, err.Error())
		return err
	}
	changed := xclip.Write(xclip.FmtText, data)
	fmt.Fprintln(out, "ready")
	if c, ok := out.(io.Closer); ok {
		_ = c.Close()
	}
	<-changed
	return nil
}
