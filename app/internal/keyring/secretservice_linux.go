package keyring

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/uploader/profile"
)

// The Secret Service API (freedesktop.org Secret Service 0.2), as GNOME
// Keyring, KWallet and KeePassXC serve it.
const (
	ssName       = "org.freedesktop.secrets"
	ssPath       = dbus.ObjectPath("/org/freedesktop/secrets")
	ssService    = "org.freedesktop.Secret.Service"
	ssCollection = "org.freedesktop.Secret.Collection"
	ssItem       = "org.freedesktop.Secret.Item"
	ssPrompt     = "org.freedesktop.Secret.Prompt"
	noPrompt     = dbus.ObjectPath("/")
)

// secret is the Secret Service's Secret struct, (oayays).
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// secretService is our own Secret Service client. go-keyring's cannot be
// told which bus to use (it takes godbus's shared session bus, which runs
// dbus-launch when there is none) and its calls take no context (a stuck
// keyring held a command for minutes, and SIGTERM could not end the
// wait); this one dials an address we found, bounds every call and ends
// with the caller's context.
//
// Each operation opens its own connection and closes it: nothing outlives
// a call, and a keyring restarted in between is found by the next one.
// Entries carry go-keyring's attributes (service, username), so keys
// stored by earlier versions are found.
type secretService struct {
	addr        string
	interactive bool          // a display can show an unlock prompt
	wait        time.Duration // one D-Bus call
	promptWait  time.Duration // a person answering an unlock prompt
}

// ssConn is one operation's connection; ctx is the operation's context.
type ssConn struct {
	*dbus.Conn
	s      *secretService
	ctx    context.Context
	cancel context.CancelFunc
}

// connect dials the bus. The connection closes when ctx ends, which also
// ends a handshake that a stuck bus never finishes.
func (s *secretService) connect(ctx context.Context) (*ssConn, error) {
	cctx, cancel := context.WithCancel(ctx)
	timer := time.AfterFunc(s.wait, cancel)
	conn, err := dbus.Connect(s.addr, dbus.WithContext(cctx))
	if !timer.Stop() {
		err = context.DeadlineExceeded
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		cancel()
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, callError(ctx, err, s.wait)
		}
		return nil, &Error{msg: fmt.Sprintf("cannot reach the session bus %s (%v) — check that your desktop session is running, then try again", s.addr, err), err: err}
	}
	return &ssConn{Conn: conn, s: s, ctx: cctx, cancel: cancel}, nil
}

func (c *ssConn) close() {
	c.Conn.Close()
	c.cancel()
}

// call makes one bounded method call on an object of the keyring.
func (c *ssConn) call(path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	return c.callOn(c.Object(ssName, path), method, args...)
}

func (c *ssConn) callOn(obj dbus.BusObject, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(c.ctx, c.s.wait)
	defer cancel()
	call := obj.CallWithContext(ctx, method, 0, args...)
	if call.Err != nil {
		call.Err = explain(ctx, call.Err, c.s.wait)
	}
	return call
}

// explain turns a failed call into a sentence that says what to do.
func explain(ctx context.Context, err error, wait time.Duration) error {
	var de dbus.Error
	if ctx.Err() != nil || !errors.As(err, &de) {
		return callError(ctx, err, wait)
	}
	switch de.Name {
	case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
		"org.freedesktop.DBus.Error.Spawn.ChildExited", "org.freedesktop.DBus.Error.Spawn.ChildSignaled",
		"org.freedesktop.DBus.Error.Spawn.ExecFailed":
		return &Error{msg: fmt.Sprintf("no keyring answers on the session bus (%v) — start your keyring (GNOME Keyring, KWallet, KeePassXC), then try again", de), err: de}
	case "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout":
		return callError(ctx, context.DeadlineExceeded, wait)
	case "org.freedesktop.Secret.Error.IsLocked":
		return errLocked(false)
	}
	return &Error{msg: fmt.Sprintf("the keyring refused (%s: %v) — check that it is running and unlocked, then try again", de.Name, de), err: de}
}

// errLocked is a keyring that stayed locked: no display to ask on, or the
// user dismissed the prompt.
func errLocked(dismissed bool) error {
	if dismissed {
		return &Error{msg: "the keyring stayed locked (its unlock prompt was dismissed) — unlock it and try again"}
	}
	return &Error{msg: "the keyring is locked and cannot ask for its password here (no display) — unlock it in your desktop session, then try again"}
}

// present reports whether a Secret Service runs on the bus or can be
// started there. Only the bus daemon is asked, never the keyring itself:
// the answer is immediate, starts nothing and cannot prompt.
func (s *secretService) present(ctx context.Context) (bool, error) {
	c, err := s.connect(ctx)
	if err != nil {
		return false, err
	}
	defer c.close()
	var has bool
	if err := c.callOn(c.BusObject(), "org.freedesktop.DBus.NameHasOwner", ssName).Store(&has); err != nil || has {
		return has, err
	}
	var names []string
	if err := c.callOn(c.BusObject(), "org.freedesktop.DBus.ListActivatableNames").Store(&names); err != nil {
		return false, err
	}
	return slices.Contains(names, ssName), nil
}

// attributes identify an entry; go-keyring's, so that old entries match.
func attributes(name string) map[string]string {
	return map[string]string{"service": service, "username": name}
}

// Get reads the key called name; profile.ErrNoKey when there is none.
func (s *secretService) Get(ctx context.Context, name string) (string, error) {
	c, err := s.connect(ctx)
	if err != nil {
		return "", err
	}
	defer c.close()
	items, err := c.find(name, false)
	if err != nil || len(items) == 0 {
		return "", orNoKey(err)
	}
	session, err := c.openSession()
	if err != nil {
		return "", err
	}
	var sec secret
	if err := c.call(items[0], ssItem+".GetSecret", session).Store(&sec); err != nil {
		return "", err
	}
	return string(sec.Value), nil
}

func orNoKey(err error) error {
	if err == nil {
		return profile.ErrNoKey
	}
	return err
}

// Set stores key under name in the default collection, replacing the
// entry of that name.
func (s *secretService) Set(ctx context.Context, name, key string) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	coll, err := c.defaultCollection()
	if err != nil {
		return err
	}
	if _, err := c.unlock([]dbus.ObjectPath{coll}); err != nil {
		return err
	}
	session, err := c.openSession()
	if err != nil {
		return err
	}
	props := map[string]dbus.Variant{
		ssItem + ".Label":      dbus.MakeVariant("Upshot: " + name),
		ssItem + ".Attributes": dbus.MakeVariant(attributes(name)),
	}
	sec := secret{Session: session, Parameters: []byte{}, Value: []byte(key), ContentType: "text/plain; charset=utf8"}
	var item, prompt dbus.ObjectPath
	if err := c.call(coll, ssCollection+".CreateItem", props, sec, true).Store(&item, &prompt); err != nil {
		return err
	}
	_, err = c.prompt(prompt)
	return err
}

// Delete removes every entry called name; none is no error.
func (s *secretService) Delete(ctx context.Context, name string) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	items, err := c.find(name, true)
	if err != nil {
		return err
	}
	for _, item := range items {
		var prompt dbus.ObjectPath
		if err := c.call(item, ssItem+".Delete").Store(&prompt); err != nil {
			return err
		}
		if _, err := c.prompt(prompt); err != nil {
			return err
		}
	}
	return nil
}

// find returns the unlocked entries called name, unlocking locked ones
// (which may prompt) when there is no unlocked one, or always when all
// are wanted.
func (c *ssConn) find(name string, all bool) ([]dbus.ObjectPath, error) {
	var unlocked, locked []dbus.ObjectPath
	if err := c.call(ssPath, ssService+".SearchItems", attributes(name)).Store(&unlocked, &locked); err != nil {
		return nil, err
	}
	if len(locked) == 0 || len(unlocked) > 0 && !all {
		return unlocked, nil
	}
	if !all {
		locked = locked[:1]
	}
	got, err := c.unlock(locked)
	return append(unlocked, got...), err
}

// unlock unlocks objects, through the keyring's prompt when it asks for
// one, and returns those now unlocked; none is an error.
func (c *ssConn) unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, error) {
	var done []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := c.call(ssPath, ssService+".Unlock", objects).Store(&done, &prompt); err != nil {
		return nil, err
	}
	result, err := c.prompt(prompt)
	if err != nil {
		return nil, err
	}
	if more, ok := result.Value().([]dbus.ObjectPath); ok {
		done = append(done, more...)
	}
	if len(done) == 0 {
		return nil, errLocked(false)
	}
	return done, nil
}

// defaultCollection is where new entries go: the "default" alias (the
// login keyring on GNOME).
func (c *ssConn) defaultCollection() (dbus.ObjectPath, error) {
	var coll dbus.ObjectPath
	if err := c.call(ssPath, ssService+".ReadAlias", "default").Store(&coll); err != nil {
		return "", err
	}
	if coll == noPrompt || coll == "" {
		return "", &Error{msg: "the keyring has no default collection to keep keys in — create one in your keyring manager (Passwords and Keys, KWalletManager, KeePassXC), then try again"}
	}
	return coll, nil
}

// openSession opens a plain session: the key travels over the user's own
// session bus, which only the user's processes can reach.
func (c *ssConn) openSession() (dbus.ObjectPath, error) {
	var out dbus.Variant
	var session dbus.ObjectPath
	err := c.call(ssPath, ssService+".OpenSession", "plain", dbus.MakeVariant("")).Store(&out, &session)
	return session, err
}

// prompt shows the keyring's prompt (path "/" is none) and waits for the
// user to answer it, up to promptWait; its result is the prompt's. Without
// a display nobody could answer, so a locked keyring is reported at once.
func (c *ssConn) prompt(path dbus.ObjectPath) (dbus.Variant, error) {
	if path == noPrompt || path == "" {
		return dbus.MakeVariant(""), nil
	}
	if !c.s.interactive {
		return dbus.Variant{}, errLocked(false)
	}
	ch := make(chan *dbus.Signal, 8)
	c.Signal(ch)
	defer c.RemoveSignal(ch)
	mctx, cancel := context.WithTimeout(c.ctx, c.s.wait)
	err := c.AddMatchSignalContext(mctx, dbus.WithMatchObjectPath(path), dbus.WithMatchInterface(ssPrompt), dbus.WithMatchMember("Completed"))
	cancel()
	if err != nil {
		return dbus.Variant{}, explain(mctx, err, c.s.wait)
	}
	if err := c.call(path, ssPrompt+".Prompt", "").Err; err != nil {
		return dbus.Variant{}, err
	}
	return c.awaitPrompt(path, ch)
}

// awaitPrompt waits for the prompt's Completed signal; a prompt left
// unanswered is dismissed.
func (c *ssConn) awaitPrompt(path dbus.ObjectPath, ch <-chan *dbus.Signal) (dbus.Variant, error) {
	timer := time.NewTimer(c.s.promptWait)
	defer timer.Stop()
	for {
		select {
		case sig, ok := <-ch:
			if !ok {
				return dbus.Variant{}, callError(c.ctx, errors.New("the session bus closed the connection"), c.s.wait)
			}
			if sig.Path != path || sig.Name != ssPrompt+".Completed" || len(sig.Body) < 2 {
				continue
			}
			if dismissed, _ := sig.Body[0].(bool); dismissed {
				return dbus.Variant{}, errLocked(true)
			}
			result, _ := sig.Body[1].(dbus.Variant)
			return result, nil
		case <-timer.C:
			c.Object(ssName, path).Go(ssPrompt+".Dismiss", dbus.FlagNoReplyExpected, nil)
			return dbus.Variant{}, &Error{msg: fmt.Sprintf("nobody answered the keyring's unlock prompt within %v — unlock the keyring, then try again", c.s.promptWait)}
		case <-c.ctx.Done():
			return dbus.Variant{}, callError(c.ctx, c.ctx.Err(), c.s.wait)
		}
	}
}
