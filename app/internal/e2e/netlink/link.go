package netlink

import (
	"errors"
	"time"
)

// Link is a relay in front of a TLS terminator in front of a backend:
// clients reach the backend at URL over TLS (HTTP/2 offered) with rtt of
// round trip.
type Link struct {
	URL   string // https://127.0.0.1:PORT, the relay
	Certs *Certs
	Relay *Relay
	Term  *Terminator
}

// Start builds the link to backend (a plain-http URL) with round-trip time
// rtt; h2 offers HTTP/2 beside HTTP/1.1.
func Start(backend string, rtt time.Duration, h2 bool) (*Link, error) {
	certs, err := NewCerts()
	if err != nil {
		return nil, err
	}
	term, err := StartTerminator(backend, certs.Server, h2)
	if err != nil {
		return nil, err
	}
	relay, err := StartRelay(term.Addr, rtt)
	if err != nil {
		_ = term.Close()
		return nil, err
	}
	return &Link{URL: "https://" + relay.Addr, Certs: certs, Relay: relay, Term: term}, nil
}

// Close stops the relay and the terminator.
func (l *Link) Close() error {
	return errors.Join(l.Relay.Close(), l.Term.Close())
}
