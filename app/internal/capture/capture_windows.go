package capture

import (
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/kbinani/screenshot"
)

// errWindowsNotYet is what the parts not written for Windows answer.
var errWindowsNotYet = errors.New("not supported on Windows yet")

// Full captures the union of all displays.
func (Screen) Full() (*image.RGBA, error) {
	n := screenshot.NumActiveDisplays()
	if n == 0 {
		return nil, ErrNoScreen
	}
	all := image.Rectangle{}
	for i := range n {
		all = all.Union(screenshot.GetDisplayBounds(i))
	}
	img, err := screenshot.CaptureRect(all)
	if err != nil {
		return nil, fmt.Errorf("capture the screen: %w", err)
	}
	if blank(img) {
		return nil, fmt.Errorf("%w: Windows returned a black screen — if the screen is locked or asleep, unlock it and try again", ErrBlank)
	}
	return img, nil
}

// Monitor captures the display that contains (x, y), else everything.
func (c Screen) Monitor(x, y int) (*image.RGBA, error) {
	for i := range screenshot.NumActiveDisplays() {
		if b := screenshot.GetDisplayBounds(i); image.Pt(x, y).In(b) {
			return screenshot.CaptureRect(b)
		}
	}
	return c.Full()
}

// ActiveWindow is not written for Windows yet.
func (Screen) ActiveWindow() (*image.RGBA, error) {
	return nil, fmt.Errorf("capture the active window: %w", errWindowsNotYet)
}

// Pointer is not written for Windows yet; Take then captures everything.
func (Screen) Pointer() (x, y int, err error) {
	return 0, 0, fmt.Errorf("the pointer position: %w", errWindowsNotYet)
}

// AfterMenu lets the tray menu the capture was chosen from close.
func (Screen) AfterMenu() { time.Sleep(menuSettle) }
