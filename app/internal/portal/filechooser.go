package portal

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/sessionbus"
)

// ErrUnavailable means the session has no portal, or the portal lacks the
// interface asked for: the caller falls back to its own UI.
var ErrUnavailable = errors.New("the desktop portal is not available")

// OpenFiles asks the desktop's own file chooser (the FileChooser portal)
// for one or more files, offering the filter name with globs such as
// "*.png". It returns their paths, nothing when the user dismissed the
// chooser, and ErrUnavailable when there is no such chooser.
func OpenFiles(ctx context.Context, title, filterName string, globs []string) ([]string, error) {
	opts := map[string]dbus.Variant{
		"modal":    dbus.MakeVariant(true),
		"multiple": dbus.MakeVariant(true),
	}
	if len(globs) > 0 {
		f := newFilter(filterName, globs)
		opts["filters"] = dbus.MakeVariant([]filter{f})
		opts["current_filter"] = dbus.MakeVariant(f)
	}
	return openFile(ctx, title, opts)
}

// OpenFolder asks the desktop's own file chooser for a folder (the
// portal's "directory" option, FileChooser version 3). It returns its
// path, "" when the user dismissed the chooser, and ErrUnavailable when
// there is no such chooser.
func OpenFolder(ctx context.Context, title string) (string, error) {
	paths, err := openFile(ctx, title, map[string]dbus.Variant{
		"modal":     dbus.MakeVariant(true),
		"directory": dbus.MakeVariant(true),
	})
	if err != nil || len(paths) == 0 {
		return "", err
	}
	return paths[0], nil
}

// openFile calls the portal's OpenFile with opts and returns the local
// paths picked.
func openFile(ctx context.Context, title string, opts map[string]dbus.Variant) ([]string, error) {
	conn, err := sessionbus.Connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w (session bus: %v)", ErrUnavailable, err)
	}
	defer conn.Close()
	results, err := Call(ctx, conn, "org.freedesktop.portal.FileChooser.OpenFile", opts, "", title)
	switch {
	case errors.Is(err, ErrCancelled):
		return nil, nil
	case isMissing(err):
		return nil, fmt.Errorf("%w (%v)", ErrUnavailable, err)
	case err != nil:
		return nil, err
	}
	uris, _ := results["uris"].Value().([]string)
	paths := make([]string, 0, len(uris))
	for _, u := range uris {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "file" {
			return nil, fmt.Errorf("the file chooser answered %q, not a local file", u)
		}
		paths = append(paths, p.Path)
	}
	return paths, nil
}

// filter is a FileChooser filter, (sa(us)) on the wire.
type filter struct {
	Name     string
	Patterns []pattern
}

// pattern is one filter entry: kind 0 is a glob, 1 a MIME type.
type pattern struct {
	Kind uint32
	Glob string
}

func newFilter(name string, globs []string) filter {
	f := filter{Name: name}
	for _, g := range globs {
		f.Patterns = append(f.Patterns, pattern{0, g})
	}
	return f
}

// isMissing tells a portal that is absent, or lacks the method, from one
// that failed.
func isMissing(err error) bool {
	var de dbus.Error
	if !errors.As(err, &de) {
		return false
	}
	switch de.Name {
	case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.UnknownMethod",
		"org.freedesktop.DBus.Error.UnknownInterface", "org.freedesktop.DBus.Error.UnknownObject",
		"org.freedesktop.DBus.Error.NameHasNoOwner":
		return true
	}
	return strings.HasPrefix(de.Name, "org.freedesktop.DBus.Error.Spawn")
}
