// Package sstest plays the freedesktop Secret Service on a test's own bus:
// an in-memory keyring whose collection can be locked behind an unlock
// prompt, and a keyring that takes every call and never answers.
package sstest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
)

// The names of the Secret Service API.
const (
	Name       = "org.freedesktop.secrets"
	Path       = dbus.ObjectPath("/org/freedesktop/secrets")
	Collection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
	ifService  = "org.freedesktop.Secret.Service"
	ifColl     = "org.freedesktop.Secret.Collection"
	ifItem     = "org.freedesktop.Secret.Item"
	ifPrompt   = "org.freedesktop.Secret.Prompt"
)

// Secret is the Secret Service's Secret struct.
type Secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// Keyring is an in-memory Secret Service with one collection, the default.
type Keyring struct {
	conn *dbus.Conn

	mu      sync.Mutex
	items   map[dbus.ObjectPath]*entry
	next    int
	locked  bool
	dismiss bool // prompts answer "dismissed"
	hold    bool // prompts are never answered
	calls   []string

	// Prompted receives the path of each prompt shown, then "dismissed:"
	// and its path when the client dismisses one.
	Prompted chan string
}

type entry struct {
	attrs map[string]string
	value string
}

// Serve connects to the bus at addr, serves a Keyring there until the test
// ends and returns it once it owns the Secret Service's name.
func Serve(t *testing.T, addr string) *Keyring {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("sstest: connect to %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	k := &Keyring{conn: conn, items: map[dbus.ObjectPath]*entry{}, Prompted: make(chan string, 16)}
	for path, iface := range map[dbus.ObjectPath]string{Path: ifService, Collection: ifColl} {
		var v any = service{k}
		if iface == ifColl {
			v = collection{k}
		}
		if err := conn.Export(v, path, iface); err != nil {
			t.Fatal(err)
		}
	}
	own(t, conn)
	return k
}

func own(t *testing.T, conn *dbus.Conn) {
	t.Helper()
	reply, err := conn.RequestName(Name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("sstest: own %s: %v %v", Name, reply, err)
	}
}

// Lock locks the collection; dismiss and hold say how its prompts answer.
func (k *Keyring) Lock(dismiss, hold bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.locked, k.dismiss, k.hold = true, dismiss, hold
}

// Put stores an entry as another client would.
func (k *Keyring) Put(attrs map[string]string, value string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.put(attrs, value)
}

// Values lists the stored values by their attributes' "username".
func (k *Keyring) Values() map[string]string {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := map[string]string{}
	for _, e := range k.items {
		out[e.attrs["username"]] = e.value
	}
	return out
}

// Calls lists the methods called so far, in order.
func (k *Keyring) Calls() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.calls...)
}

func (k *Keyring) called(m string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls = append(k.calls, m)
}

// put adds or replaces the entry with exactly attrs; k.mu is held.
func (k *Keyring) put(attrs map[string]string, value string) dbus.ObjectPath {
	for path, e := range k.items {
		if same(e.attrs, attrs) {
			e.value = value
			return path
		}
	}
	k.next++
	path := dbus.ObjectPath(fmt.Sprintf("%s/%d", Collection, k.next))
	k.items[path] = &entry{attrs: attrs, value: value}
	if err := k.conn.Export(item{k, path}, path, ifItem); err != nil {
		panic(err)
	}
	return path
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func matches(attrs, query map[string]string) bool {
	for k, v := range query {
		if attrs[k] != v {
			return false
		}
	}
	return true
}

var errLocked = &dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked", Body: []any{"the collection is locked"}}

// service is org.freedesktop.Secret.Service.
type service struct{ k *Keyring }

func (s service) OpenSession(alg string, _ dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	s.k.called("OpenSession")
	if alg != "plain" {
		return dbus.Variant{}, "/", &dbus.Error{Name: "org.freedesktop.DBus.Error.NotSupported", Body: []any{"only plain"}}
	}
	return dbus.MakeVariant(""), "/org/freedesktop/secrets/session/1", nil
}

func (s service) SearchItems(query map[string]string) ([]dbus.ObjectPath, []dbus.ObjectPath, *dbus.Error) {
	s.k.called("SearchItems")
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	var found []dbus.ObjectPath
	for path, e := range s.k.items {
		if matches(e.attrs, query) {
			found = append(found, path)
		}
	}
	if s.k.locked {
		return []dbus.ObjectPath{}, append([]dbus.ObjectPath{}, found...), nil
	}
	return append([]dbus.ObjectPath{}, found...), []dbus.ObjectPath{}, nil
}

func (s service) ReadAlias(name string) (dbus.ObjectPath, *dbus.Error) {
	s.k.called("ReadAlias")
	if name != "default" {
		return "/", nil
	}
	return Collection, nil
}

// Unlock answers at once when unlocked, else with a prompt that unlocks
// everything when the user accepts it.
func (s service) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	s.k.called("Unlock")
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	if !s.k.locked {
		return objects, "/", nil
	}
	s.k.next++
	path := dbus.ObjectPath(fmt.Sprintf("/org/freedesktop/secrets/prompt/p%d", s.k.next))
	if err := s.k.conn.Export(prompt{s.k, path, objects}, path, ifPrompt); err != nil {
		return nil, "/", dbus.MakeFailedError(err)
	}
	return []dbus.ObjectPath{}, path, nil
}

// collection is org.freedesktop.Secret.Collection.
type collection struct{ k *Keyring }

func (c collection) CreateItem(props map[string]dbus.Variant, sec Secret, _ bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	c.k.called("CreateItem")
	c.k.mu.Lock()
	defer c.k.mu.Unlock()
	if c.k.locked {
		return "/", "/", errLocked
	}
	attrs, ok := props[ifItem+".Attributes"].Value().(map[string]string)
	if !ok {
		return "/", "/", dbus.MakeFailedError(errors.New("no attributes"))
	}
	return c.k.put(attrs, string(sec.Value)), "/", nil
}

// item is org.freedesktop.Secret.Item.
type item struct {
	k    *Keyring
	path dbus.ObjectPath
}

func (i item) GetSecret(session dbus.ObjectPath) (Secret, *dbus.Error) {
	i.k.called("GetSecret")
	i.k.mu.Lock()
	defer i.k.mu.Unlock()
	e, ok := i.k.items[i.path]
	switch {
	case !ok:
		return Secret{}, &dbus.Error{Name: "org.freedesktop.DBus.Error.UnknownObject", Body: []any{"no such item"}}
	case i.k.locked:
		return Secret{}, errLocked
	}
	return Secret{Session: session, Parameters: []byte{}, Value: []byte(e.value), ContentType: "text/plain"}, nil
}

func (i item) Delete() (dbus.ObjectPath, *dbus.Error) {
	i.k.called("Delete")
	i.k.mu.Lock()
	defer i.k.mu.Unlock()
	if i.k.locked {
		return "/", errLocked
	}
	delete(i.k.items, i.path)
	return "/", nil
}

// prompt is org.freedesktop.Secret.Prompt for an Unlock.
type prompt struct {
	k       *Keyring
	path    dbus.ObjectPath
	objects []dbus.ObjectPath
}

func (p prompt) Prompt(string) *dbus.Error {
	p.k.called("Prompt")
	p.k.Prompted <- string(p.path)
	p.k.mu.Lock()
	dismiss, hold := p.k.dismiss, p.k.hold
	if !dismiss && !hold {
		p.k.locked = false
	}
	p.k.mu.Unlock()
	if hold {
		return nil
	}
	result := dbus.MakeVariant(p.objects)
	if dismiss {
		result = dbus.MakeVariant([]dbus.ObjectPath{})
	}
	go p.k.conn.Emit(p.path, ifPrompt+".Completed", dismiss, result)
	return nil
}

func (p prompt) Dismiss() *dbus.Error {
	p.k.called("Dismiss")
	p.k.Prompted <- "dismissed:" + string(p.path)
	return nil
}
