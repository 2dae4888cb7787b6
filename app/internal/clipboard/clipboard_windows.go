package clipboard

import (
	"errors"
	"io"
	"sync"

	xclip "golang.design/x/clipboard"

	"github.com/upshot-app/upshot/app/internal/platform"
)

var (
	initOnce sync.Once
	initErr  error
)

// Init opens the Windows clipboard once.
func Init() error {
	initOnce.Do(func() { initErr = xclip.Init() })
	return initErr
}

// WriteText puts text on the clipboard.
func (System) WriteText(s string) error {
	if err := Init(); err != nil {
		return err
	}
	xclip.Write(xclip.FmtText, []byte(s))
	return nil
}

// WriteImage puts a PNG image on the clipboard.
func (System) WriteImage(png []byte) error {
	if err := Init(); err != nil {
		return err
	}
	xclip.Write(xclip.FmtImage, png)
	return nil
}

// ReadText returns the clipboard's text, or "".
func (System) ReadText() string {
	if Init() != nil {
		return ""
	}
	return string(xclip.Read(xclip.FmtText))
}

// ReadImage returns the clipboard's image as PNG bytes, or nil.
func (System) ReadImage() []byte {
	if Init() != nil {
		return nil
	}
	return xclip.Read(xclip.FmtImage)
}

// Persist puts text on the clipboard. Windows keeps clipboard data after
// the program that wrote it exits, so no owner process is needed; there
// is one kind of session.
func Persist(_ platform.Session, text string) error { return System{}.WriteText(text) }

// Serve is the detached owner of the Linux build; Windows never starts it.
func Serve(io.Reader, io.Writer) error {
	return errors.New("the clipboard owner process is not needed on Windows")
}
