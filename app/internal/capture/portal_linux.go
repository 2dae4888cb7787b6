package capture

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // portals answer with PNG; decode JPEG too, just in case
	_ "image/png"
	"net/url"
	"os"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/portal"

	"github.com/upshot-app/upshot/app/internal/sessionbus"
)

// The xdg-desktop-portal Screenshot method.
const portalMethod = "org.freedesktop.portal.Screenshot.Screenshot"

// How long to wait for the portal: a dialog waits for the user.
const (
	portalTimeout            = 30 * time.Second
	portalInteractiveTimeout = 5 * time.Minute
)

// portalCapture takes a screenshot through the portal and decodes it.
func (c Screen) portalCapture(interactive bool) (*image.RGBA, error) {
	timeout := portalTimeout
	if interactive {
		timeout = portalInteractiveTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	uri, err := portalScreenshot(ctx, interactive)
	if err != nil {
		if errors.Is(err, ErrCanceled) {
			return nil, err
		}
		return nil, c.portalProblem(err)
	}
	img, err := readImageURI(uri)
	if err == nil && blank(img) {
		return nil, fmt.Errorf("%w: the desktop's screenshot portal returned a black picture — if the screen was not black, "+
			"check your desktop's portal backend (xdg-desktop-portal-wlr, -gnome or -kde)", ErrBlank)
	}
	return img, err
}

// The desktop's portal backends, named in messages.
const backends = "xdg-desktop-portal-wlr (sway, Hyprland and other wlroots desktops), -gnome or -kde"

// portalProblem explains a failed portal call in the user's terms: what
// is missing — the session bus, xdg-desktop-portal, a backend of it that
// takes screenshots, or the dialog a backend needs — and what to install.
func (c Screen) portalProblem(err error) error {
	var derr dbus.Error
	isDBus := errors.As(err, &derr)
	switch {
	case errors.Is(err, errNoBus) && c.session.Kind == platform.NoSession:
		return fmt.Errorf("%w: no X display and no Wayland session here (DISPLAY and WAYLAND_DISPLAY are unset) — "+
			"capture from your desktop session", ErrNoScreen)
	case errors.Is(err, errNoBus):
		return fmt.Errorf("%w: the screenshot portal needs the D-Bus session bus, which is not reachable (%v) — start Upshot from your desktop session", ErrNoScreen, err)
	case isDBus && (derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" || derr.Name == "org.freedesktop.DBus.Error.NameHasNoOwner"):
		return fmt.Errorf("%w: xdg-desktop-portal is not running — install xdg-desktop-portal and the backend for your desktop, %s", ErrNoScreen, backends)
	case isDBus && (derr.Name == "org.freedesktop.DBus.Error.UnknownMethod" || derr.Name == "org.freedesktop.DBus.Error.UnknownInterface" ||
		derr.Name == "org.freedesktop.DBus.Error.UnknownObject"):
		return fmt.Errorf("%w: xdg-desktop-portal runs but none of its backends takes screenshots — install the one for your desktop, %s, and log in again", ErrNoScreen, backends)
	case errors.Is(err, portal.ErrEnded):
		return fmt.Errorf("%w: the desktop's screenshot backend could not take it (%v) — check that the backend for your desktop runs (%s), "+
			"and install xdg-desktop-portal-gtk if it asks permission in a dialog", ErrNoScreen, err, backends)
	}
	return fmt.Errorf("%w: the screenshot portal failed: %v", ErrNoScreen, err)
}

// errNoBus marks a session bus that cannot be reached.
var errNoBus = errors.New("no session bus")

// portalScreenshot asks the portal for a screenshot and returns its URI.
func portalScreenshot(ctx context.Context, interactive bool) (string, error) {
	conn, err := sessionbus.Connect(ctx)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errNoBus, err)
	}
	defer conn.Close()
	results, err := portal.Call(ctx, conn, portalMethod, map[string]dbus.Variant{
		"modal":       dbus.MakeVariant(true),
		"interactive": dbus.MakeVariant(interactive),
	}, "")
	if errors.Is(err, portal.ErrCancelled) {
		return "", ErrCanceled
	}
	if err != nil {
		return "", err
	}
	uri, ok := results["uri"].Value().(string)
	if !ok || uri == "" {
		return "", errors.New("the screenshot portal answered without a file")
	}
	return uri, nil
}

// readImageURI decodes the file the portal wrote. The file is the user's
// (the portal may have put it in their Pictures folder): it is left alone.
func readImageURI(uri string) (*image.RGBA, error) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("the screenshot portal answered %q, not a file", uri)
	}
	f, err := os.Open(u.Path)
	if err != nil {
		return nil, fmt.Errorf("read the portal's screenshot: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode the portal's screenshot %s: %w", u.Path, err)
	}
	if rgba, ok := img.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) {
		return rgba, nil
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	return out, nil
}
