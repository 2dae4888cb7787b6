// Package portal makes requests to xdg-desktop-portal over the session bus:
// the Request/Response handshake shared by the Screenshot and
// GlobalShortcuts interfaces, spoken with godbus directly.
//
// rymdport/portal v0.4.2 subscribes to the Response signal only after the
// call returns, so a portal that answers at once (no dialog) is missed and
// the wait never ends. Call subscribes on the predicted request path first,
// as the portal documentation asks.
package portal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
)

// Where xdg-desktop-portal lives on the session bus.
const (
	Name         = "org.freedesktop.portal.Desktop"
	Path         = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	RequestIface = "org.freedesktop.portal.Request"
	SessionIface = "org.freedesktop.portal.Session"
)

// Response codes of org.freedesktop.portal.Request::Response.
const (
	StatusSuccess   uint32 = 0
	StatusCancelled uint32 = 1
	StatusEnded     uint32 = 2
)

// Errors of a request's Response.
var (
	// ErrCancelled is returned by Call when the user dismissed the
	// portal's dialog (response 1).
	ErrCancelled = errors.New("cancelled in the desktop's dialog")
	// ErrEnded is returned by Call when the portal ended the request
	// another way (response 2): its backend failed or refused.
	ErrEnded = errors.New("the portal ended the request")
)

// Call calls method ("Interface.Member") on the portal object with args and
// then the options vardict, to which it adds handle_token, and waits for
// the request's Response. It returns the response's results; a response
// other than success is an error (ErrCancelled for a dismissed dialog).
func Call(ctx context.Context, conn *dbus.Conn, method string, opts map[string]dbus.Variant, args ...any) (map[string]dbus.Variant, error) {
	what := method[strings.LastIndexByte(method, '.')+1:]
	token, err := Token()
	if err != nil {
		return nil, err
	}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	defer conn.RemoveSignal(signals)
	predicted := requestPath(conn, token)
	if err := watchRequest(ctx, conn, predicted); err != nil {
		return nil, err
	}
	defer unwatchRequest(conn, predicted)
	if opts == nil {
		opts = map[string]dbus.Variant{}
	}
	opts["handle_token"] = dbus.MakeVariant(token)
	var handle dbus.ObjectPath
	call := conn.Object(Name, Path).CallWithContext(ctx, method, 0, append(args, opts)...)
	if err := call.Store(&handle); err != nil {
		return nil, fmt.Errorf("the portal refused %s: %w", what, err)
	}
	if handle != predicted { // an old portal that ignores handle_token
		if err := watchRequest(ctx, conn, handle); err != nil {
			return nil, err
		}
		defer unwatchRequest(conn, handle)
	}
	return awaitResponse(ctx, signals, handle, what)
}

// endedError is a response 2 to a request for what; it is ErrEnded.
type endedError string

func (e endedError) Error() string        { return "the portal ended the " + string(e) + " request" }
func (e endedError) Is(target error) bool { return target == ErrEnded }

// Token is a fresh handle or session token: a valid object path element.
func Token() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "upshot_" + hex.EncodeToString(b), nil
}

// SessionPath is where the portal puts a session created with token.
func SessionPath(conn *dbus.Conn, token string) dbus.ObjectPath {
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/session/" + sender(conn) + "/" + token)
}

// requestPath is where the portal will put our request (see the
// org.freedesktop.portal.Request documentation).
func requestPath(conn *dbus.Conn, token string) dbus.ObjectPath {
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + sender(conn) + "/" + token)
}

// sender is the connection's unique name as a path element (":1.42" → "1_42").
func sender(conn *dbus.Conn) string {
	if names := conn.Names(); len(names) > 0 {
		return strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_")
	}
	return ""
}

func responseMatch(path dbus.ObjectPath) []dbus.MatchOption {
	return []dbus.MatchOption{dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(RequestIface), dbus.WithMatchMember("Response")}
}

func watchRequest(ctx context.Context, conn *dbus.Conn, path dbus.ObjectPath) error {
	if err := conn.AddMatchSignalContext(ctx, responseMatch(path)...); err != nil {
		return fmt.Errorf("watch the portal's answer: %w", err)
	}
	return nil
}

func unwatchRequest(conn *dbus.Conn, path dbus.ObjectPath) {
	_ = conn.RemoveMatchSignal(responseMatch(path)...)
}

// awaitResponse waits for the Response signal of the request at path.
func awaitResponse(ctx context.Context, signals <-chan *dbus.Signal, path dbus.ObjectPath, what string) (map[string]dbus.Variant, error) {
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("the portal did not answer %s: %w", what, ctx.Err())
		case sig, ok := <-signals:
			if !ok {
				return nil, fmt.Errorf("the session bus closed before the portal answered %s", what)
			}
			if sig.Path != path || sig.Name != RequestIface+".Response" || len(sig.Body) != 2 {
				continue
			}
			status, _ := sig.Body[0].(uint32)
			results, _ := sig.Body[1].(map[string]dbus.Variant)
			switch status {
			case StatusSuccess:
				return results, nil
			case StatusCancelled:
				return nil, ErrCancelled
			default:
				return nil, endedError(what)
			}
		}
	}
}
