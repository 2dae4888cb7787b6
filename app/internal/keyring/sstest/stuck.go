package sstest

import (
	"errors"
	"testing"

	"github.com/godbus/dbus/v5"
)

// Stuck owns the Secret Service's name on the bus at addr and takes every
// method call on every object without ever answering, like a keyring
// daemon that hangs. Each call's interface.member is sent on the returned
// channel as it arrives (dropped when the channel is full). The calls are
// let go, with an error, when the test ends.
func Stuck(t *testing.T, addr string) <-chan string {
	t.Helper()
	h := &stuck{seen: make(chan string, 64), release: make(chan struct{})}
	conn, err := dbus.Connect(addr, dbus.WithHandler(h))
	if err != nil {
		t.Fatalf("sstest: connect to %s: %v", addr, err)
	}
	t.Cleanup(func() { close(h.release); conn.Close() })
	own(t, conn)
	return h.seen
}

// stuck is a dbus.Handler whose every object, interface and method exists
// and blocks.
type stuck struct {
	seen    chan string
	release chan struct{}
}

func (s *stuck) LookupObject(dbus.ObjectPath) (dbus.ServerObject, bool) { return s, true }

func (s *stuck) LookupInterface(name string) (dbus.Interface, bool) {
	return stuckIface{s, name}, true
}

type stuckIface struct {
	s    *stuck
	name string
}

func (i stuckIface) LookupMethod(name string) (dbus.Method, bool) {
	return stuckMethod{i.s, i.name + "." + name}, true
}

type stuckMethod struct {
	s    *stuck
	name string
}

// DecodeArguments takes any arguments (dbus.ArgumentDecoder).
func (m stuckMethod) DecodeArguments(*dbus.Conn, string, *dbus.Message, []any) ([]any, error) {
	return nil, nil
}

func (m stuckMethod) Call(...any) ([]any, error) {
	select {
	case m.s.seen <- m.name:
	default:
	}
	<-m.s.release
	return nil, dbus.MakeFailedError(errors.New("the test is over"))
}

func (stuckMethod) NumArguments() int     { return 0 }
func (stuckMethod) NumReturns() int       { return 0 }
func (stuckMethod) ArgumentValue(int) any { return nil }
func (stuckMethod) ReturnValue(int) any   { return nil }
