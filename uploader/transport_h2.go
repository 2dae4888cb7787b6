package uploader

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"

	"golang.org/x/net/http2"
)

// h2Pool holds the HTTP/2 connections of a Transport. A connection joins
// it as soon as its TLS handshake chose h2 — the first dial to a host, or
// a Preconnect — so the HTTP/2 preface and SETTINGS are exchanged before
// the upload needs them: a fresh connection's first flight is otherwise
// held to 64 KB by the initial flow-control window until the host's
// SETTINGS arrive, a round trip more for a screenshot over that size.
type h2Pool struct {
	t     *Transport
	mu    sync.Mutex
	conns map[string][]*http2.ClientConn // by "host:port"
}

// maxH2Dials bounds the dials of one request that finds no connection
// able to take it (each new one refusing, e.g. closing at once).
const maxH2Dials = 3

// GetClientConn returns a connection to addr reserved for req's request,
// dialling one when none can take it; concurrent requests share the dial.
// It implements http2.ClientConnPool.
func (p *h2Pool) GetClientConn(req *http.Request, addr string) (*http2.ClientConn, error) {
	for range maxH2Dials {
		if cc := p.reserve(addr); cc != nil {
			return cc, nil
		}
		if err := p.t.dialH2(req.Context(), "https://"+addr); err != nil {
			return nil, err
		}
	}
	if cc := p.reserve(addr); cc != nil {
		return cc, nil
	}
	return nil, errors.New("no HTTP/2 connection to " + addr + " would take a request")
}

// reserve is a pooled connection to addr that took a reservation, or nil.
func (p *h2Pool) reserve(addr string) *http2.ClientConn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, cc := range p.conns[addr] {
		if cc.ReserveNewRequest() {
			return cc
		}
	}
	return nil
}

// add pools cc, a new connection to addr.
func (p *h2Pool) add(addr string, cc *http2.ClientConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns[addr] = append(p.conns[addr], cc)
}

// MarkDead forgets cc, which closed or will take no more requests. It
// implements http2.ClientConnPool.
func (p *h2Pool) MarkDead(cc *http2.ClientConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for addr, list := range p.conns {
		if i := slices.Index(list, cc); i >= 0 {
			p.conns[addr] = slices.Delete(list, i, i+1)
			if len(p.conns[addr]) == 0 {
				delete(p.conns, addr)
			}
		}
	}
}

// closeIdle closes the connections that carry no request.
func (p *h2Pool) closeIdle() {
	p.mu.Lock()
	var all []*http2.ClientConn
	for _, list := range p.conns {
		all = append(all, list...)
	}
	p.mu.Unlock()
	for _, cc := range all {
		if st := cc.State(); st.StreamsActive == 0 && st.StreamsReserved == 0 {
			_ = cc.Close()
		}
	}
}

// dialH2 waits for a new HTTP/2 connection to key to join the pool: the
// one being dialled, else a new one. errNotH2 says the host chose HTTP/1.1.
func (t *Transport) dialH2(ctx context.Context, key string) error {
	t.mu.Lock()
	h := t.host(key)
	d := h.dial
	if d == nil && h.proto != protoH1 {
		d = t.startDialLocked(key, h, false)
	}
	t.mu.Unlock()
	if d != nil {
		if err := wait(ctx, d); err != nil {
			return err
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if h.proto == protoH1 {
		return errNotH2
	}
	return nil
}
