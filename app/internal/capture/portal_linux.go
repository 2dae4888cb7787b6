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

	"github.com/upshot-app/upshot/app/internal/portal"
)

// The xdg-desktop-portal Screenshot method.
const portalMethod = "org.freedesktop.portal.Screenshot.Screenshot"

// How long to wait for the portal: a dialog waits for the user.
const (
	portalTimeout            = 30 * time.Second
	portalInteractiveTimeout = 5 * time.Minute
)

// portalCapture takes a screenshot through the portal and decodes it.
func portalCapture(interactive bool) (*image.RGBA, error) {
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
		return nil, noScreen(err)
	}
	return readImageURI(uri)
}

// noScreen explains a failed portal in the user's terms.
func noScreen(err error) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("%w (portal: %v)", ErrNoScreen, err)
	}
	return fmt.Errorf("%w (the screenshot portal failed: %v)", ErrNoScreen, err)
}

// portalScreenshot asks the portal for a screenshot and returns its URI.
func portalScreenshot(ctx context.Context, interactive bool) (string, error) {
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("connect to the session bus: %w", err)
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
