package capture

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // portals answer with PNG; decode JPEG too, just in case
	_ "image/png"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// The xdg-desktop-portal Screenshot interface. We speak it with godbus
// directly rather than through rymdport/portal v0.4.2, which subscribes to
// the Response signal only after the call returns: a portal that answers
// at once (no dialog) is then missed and the wait never ends.
const (
	portalName   = "org.freedesktop.portal.Desktop"
	portalPath   = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	portalMethod = "org.freedesktop.portal.Screenshot.Screenshot"
	requestIface = "org.freedesktop.portal.Request"
)

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
	token, err := handleToken()
	if err != nil {
		return "", err
	}
	// Subscribe on the predicted request path before calling, as the
	// portal documentation asks, so no answer can slip by.
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	predicted := requestPath(conn, token)
	if err := watchRequest(ctx, conn, predicted); err != nil {
		return "", err
	}
	opts := map[string]dbus.Variant{
		"handle_token": dbus.MakeVariant(token),
		"modal":        dbus.MakeVariant(true),
		"interactive":  dbus.MakeVariant(interactive),
	}
	var handle dbus.ObjectPath
	call := conn.Object(portalName, portalPath).CallWithContext(ctx, portalMethod, 0, "", opts)
	if err := call.Store(&handle); err != nil {
		return "", fmt.Errorf("call the screenshot portal: %w", err)
	}
	if handle != predicted { // an old portal that ignores handle_token
		if err := watchRequest(ctx, conn, handle); err != nil {
			return "", err
		}
	}
	return awaitResponse(ctx, signals, handle)
}

// requestPath is where the portal will put our request (see the
// org.freedesktop.portal.Request documentation).
func requestPath(conn *dbus.Conn, token string) dbus.ObjectPath {
	sender := ""
	if names := conn.Names(); len(names) > 0 {
		sender = strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_")
	}
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + sender + "/" + token)
}

func watchRequest(ctx context.Context, conn *dbus.Conn, path dbus.ObjectPath) error {
	err := conn.AddMatchSignalContext(ctx, dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(requestIface), dbus.WithMatchMember("Response"))
	if err != nil {
		return fmt.Errorf("watch the portal's answer: %w", err)
	}
	return nil
}

// awaitResponse waits for the Response signal of the request at path.
func awaitResponse(ctx context.Context, signals <-chan *dbus.Signal, path dbus.ObjectPath) (string, error) {
	for {
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("the screenshot portal did not answer: %w", ctx.Err())
		case sig := <-signals:
			if sig.Path != path || sig.Name != requestIface+".Response" || len(sig.Body) != 2 {
				continue
			}
			status, _ := sig.Body[0].(uint32)
			results, _ := sig.Body[1].(map[string]dbus.Variant)
			switch status {
			case 0:
			case 1:
				return "", ErrCanceled
			default:
				return "", errors.New("the screenshot portal ended the request")
			}
			uri, ok := results["uri"].Value().(string)
			if !ok || uri == "" {
				return "", errors.New("the screenshot portal answered without a file")
			}
			return uri, nil
		}
	}
}

func handleToken() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "upshot_" + hex.EncodeToString(b), nil
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
