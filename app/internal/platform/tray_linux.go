package platform

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/godbus/dbus/v5"
)

// trayWatcherName is the bus name of the StatusNotifierWatcher a tray host
// (a panel, GNOME's AppIndicator extension, KDE's system tray) runs.
const trayWatcherName = "org.kde.StatusNotifierWatcher"

// trayAskTimeout bounds the first answer, given while the app starts: a
// wedged bus must not hold the window up.
const trayAskTimeout = 2 * time.Second

// WatchTrayHost tells changed whether a StatusNotifierItem host runs on the
// session bus: once before it returns, then from a goroutine each time a
// host comes or goes, until ctx ends. Only while one runs may closing the
// window hide it to the tray (bare X11, i3 and GNOME without the
// AppIndicator extension have none); a host started after the app, or one
// that went away, counts from then on. UPSHOT_TRAY=0/1 fixes the answer.
// It connects to the session bus the desktop runs and never starts one.
func WatchTrayHost(ctx context.Context, getenv func(string) string, changed func(present bool)) {
	if v, ok := trayOverride(getenv); ok {
		changed(v)
		return
	}
	if getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		changed(false)
		return
	}
	conn, signals, err := watchWatcherName(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot: tray probe:", err)
		changed(false)
		return
	}
	ask, cancel := context.WithTimeout(ctx, trayAskTimeout)
	defer cancel()
	var present bool
	err = conn.BusObject().CallWithContext(ask, "org.freedesktop.DBus.NameHasOwner", 0, trayWatcherName).Store(&present)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot: tray probe:", err)
	}
	changed(present)
	go followWatcher(ctx, conn, signals, present, changed)
}

// watchWatcherName connects privately to the session bus and subscribes
// to the watcher name's owner changes — before the first question, so
// that no change between the answer and the subscription is missed.
func watchWatcherName(ctx context.Context) (*dbus.Conn, chan *dbus.Signal, error) {
	conn, err := dbus.SessionBusPrivate(dbus.WithContext(ctx))
	if err != nil {
		return nil, nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, nil, err
	}
	err = conn.AddMatchSignalContext(ctx, dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, trayWatcherName))
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	return conn, signals, nil
}

// followWatcher reports each change of the watcher name's owner until ctx
// ends. A bus that goes away takes the tray with it.
func followWatcher(ctx context.Context, conn *dbus.Conn, signals chan *dbus.Signal, present bool, changed func(bool)) {
	defer conn.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case s, ok := <-signals:
			now := present
			switch {
			case !ok:
				now = false
			case s.Name == "org.freedesktop.DBus.NameOwnerChanged" && len(s.Body) == 3 && s.Body[0] == trayWatcherName:
				owner, _ := s.Body[2].(string)
				now = owner != ""
			}
			if now != present {
				present = now
				changed(present)
			}
			if !ok {
				return
			}
		}
	}
}
