package capture

import "image"

// Full captures the union of all monitors.
func (c Screen) Full() (*image.RGBA, error) {
	if c.session.X11() {
		return x11Full(c.session)
	}
	return c.portalCapture(false)
}

// Monitor captures the monitor that contains the point (x, y), in root
// window coordinates (as Pointer returns them). On Wayland, where
// monitors are not known, it captures everything, like Full.
func (c Screen) Monitor(x, y int) (*image.RGBA, error) {
	if c.session.X11() {
		return x11Monitor(c.session, image.Pt(x, y))
	}
	return c.portalCapture(false)
}

// ActiveWindow captures the active window with its frame. On Wayland the
// portal lets the user pick the window.
func (c Screen) ActiveWindow() (*image.RGBA, error) {
	if c.session.X11() {
		return x11ActiveWindow(c.session)
	}
	return c.portalCapture(true)
}

// Pointer returns the pointer position in root window coordinates.
func (c Screen) Pointer() (x, y int, err error) {
	if !c.session.X11() {
		return 0, 0, ErrNoPointer
	}
	p, err := x11Pointer(c.session)
	return p.X, p.Y, err
}

// Windows lists the rectangles of the windows on the screen, topmost
// first, with their frames, in root window coordinates, for the region
// overlay to snap to. Wayland shows a client no other client's windows:
// there it lists none.
func (c Screen) Windows() ([]image.Rectangle, error) {
	if !c.session.X11() {
		return nil, nil
	}
	return x11Windows(c.session)
}
