package clipboard

import (
	"fmt"

	xclip "golang.design/x/clipboard"
)

// initClipboard opens the Windows clipboard.
func initClipboard() error { return xclip.Init() }

// writeWithout reports why the clipboard cannot be written: Windows has no
// other clipboard to fall back on.
func writeWithout(_ string, initErr error) error { return fmt.Errorf("clipboard: %w", initErr) }

// readWithout finds nothing: Windows has no other clipboard to read.
func readWithout(string) []byte { return nil }

// Persist puts text on the clipboard. Windows keeps clipboard data after
// the program that wrote it exits, so no owner process is needed.
func Persist(text string) error { return System{}.WriteText(text) }
