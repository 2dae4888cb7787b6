package uploader

import (
	"fmt"
	"net/url"
)

// Destination is where an item goes. It is fixed when the item is added
// and journaled with it, so that a resume — by another command, or the app
// after a crash — sends the item to the same place and nowhere else. It
// never holds a key.
type Destination struct {
	Profile string `json:"profile,omitempty"` // a saved profile
	Host    string `json:"host,omitempty"`    // the endpoint of an ad-hoc host (--host, UPSHOT_HOST)
	Keyed   bool   `json:"keyed,omitempty"`   // the ad-hoc host was given a key, which is not stored
	Local   bool   `json:"local,omitempty"`   // the app's built-in local test host (its port changes per run)
}

// Known reports whether d says where to go. Items journaled by an Upshot
// older than destinations, for the default target, do not.
func (d Destination) Known() bool { return d.Profile != "" || d.Host != "" || d.Local }

// HostPort is the host[:port] of an ad-hoc destination's endpoint, as the
// messages name it.
func (d Destination) HostPort() string {
	if u, err := url.Parse(d.Host); err == nil && u.Host != "" {
		return u.Host
	}
	return d.Host
}

// String names the destination in messages.
func (d Destination) String() string {
	switch {
	case d.Profile != "":
		return fmt.Sprintf("profile %q", d.Profile)
	case d.Host != "":
		return d.HostPort()
	case d.Local:
		return "the local test host"
	}
	return "an unknown host"
}

// Interrupted is how many unfinished items earlier runs left for one
// destination.
type Interrupted struct {
	Dest  Destination
	Count int
}

// Route decides, at resume, whether an interrupted item is taken now and
// where it goes (an item of an old journal, with no destination, can be
// given one). Returning false leaves the item in the journal.
type Route func(Destination) (Destination, bool)

// recordDest is the destination an add record names. Records written
// before destinations existed carry only a profile name ("" for the
// command's default target, which then is not known).
func recordDest(r jrecord) Destination {
	if r.Dest != nil {
		return *r.Dest
	}
	return Destination{Profile: r.Profile}
}

// routeAll applies route to every record; ok is false when it declines
// any. changed lists the records whose destination route replaced.
func routeAll(recs []jrecord, route Route) (out []jrecord, changed []jrecord, ok bool) {
	out = make([]jrecord, len(recs))
	for i, r := range recs {
		d := recordDest(r)
		if route != nil {
			nd, take := route(d)
			if !take {
				return nil, nil, false
			}
			if nd != d {
				r.Dest, r.Profile = &nd, nd.Profile
				changed = append(changed, r)
				d = nd
			}
		}
		r.Dest = &d
		out[i] = r
	}
	return out, changed, true
}

// tally adds recs to counts, keeping the order destinations first appear.
func tally(counts []Interrupted, recs []jrecord) []Interrupted {
next:
	for _, r := range recs {
		d := recordDest(r)
		for i := range counts {
			if counts[i].Dest == d {
				counts[i].Count++
				continue next
			}
		}
		counts = append(counts, Interrupted{Dest: d, Count: 1})
	}
	return counts
}
