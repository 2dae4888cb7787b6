package capture

import (
	"time"

	"github.com/jezek/xgb/xproto"
)

// menuGoneTimeout bounds the wait for the popups that were up at the
// click to go: one that stays (a notification, a desktop widget) must
// not hold the screenshot up for long.
const menuGoneTimeout = time.Second

// popupPoll is how often the X server is asked whether they are gone.
const popupPoll = 20 * time.Millisecond

// AfterMenu waits until the menu the capture was chosen from (the tray's)
// is off the screen, so that it is not frozen into the screenshot. On X11
// it waits for the popup windows that are up now — menus are
// override-redirect windows — to unmap, then lets the desktop repaint.
func (c Screen) AfterMenu() { c.afterMenu(time.Sleep) }

func (c Screen) afterMenu(sleep func(time.Duration)) {
	if c.session.X11() {
		_, _ = withX(c.session, func(x *xconn) (struct{}, error) {
			x.awaitPopupsGone(time.Now().Add(menuGoneTimeout), sleep)
			return struct{}{}, nil
		})
	}
	sleep(menuSettle)
}

// awaitPopupsGone waits, until deadline, for the popups up now to unmap.
func (x *xconn) awaitPopupsGone(deadline time.Time, sleep func(time.Duration)) {
	up := x.popups()
	for len(up) > 0 && time.Now().Before(deadline) {
		sleep(popupPoll)
		now := x.popups()
		for w := range up {
			if !now[w] {
				delete(up, w)
			}
		}
	}
}

// popups are the top-level override-redirect windows on screen: menus,
// tooltips, notifications.
func (x *xconn) popups() map[xproto.Window]bool {
	tree, err := xproto.QueryTree(x.c, x.root).Reply()
	if err != nil {
		return nil
	}
	cookies := make([]xproto.GetWindowAttributesCookie, len(tree.Children))
	for i, w := range tree.Children {
		cookies[i] = xproto.GetWindowAttributes(x.c, w)
	}
	up := map[xproto.Window]bool{}
	for i, ck := range cookies {
		a, err := ck.Reply()
		if err == nil && a.OverrideRedirect && a.MapState == xproto.MapStateViewable {
			up[tree.Children[i]] = true
		}
	}
	return up
}
