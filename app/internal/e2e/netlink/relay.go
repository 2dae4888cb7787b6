package netlink

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Relay is a TCP relay on loopback that delays every byte by half the
// round-trip time in each direction. Bytes are read as fast as they come
// and queued with the time they are due, so the delay adds latency without
// limiting throughput (a sleep per read would serialise them). A new
// connection also carries nothing upstream until one round trip after it
// was accepted, as a real TCP handshake would hold it.
type Relay struct {
	Addr     string // host:port clients connect to
	rtt      time.Duration
	upstream string
	ln       net.Listener
	accepts  atomic.Int64

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// StartRelay listens on a free loopback port and relays to upstream.
func StartRelay(upstream string, rtt time.Duration) (*Relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Relay{Addr: ln.Addr().String(), rtt: rtt, upstream: upstream, ln: ln, conns: map[net.Conn]struct{}{}}
	r.wg.Add(1)
	go r.serve()
	return r, nil
}

// Accepts is the number of connections accepted so far.
func (r *Relay) Accepts() int64 { return r.accepts.Load() }

// Drop closes every relayed connection, as a host that restarts or a
// network that changes would: the next request starts cold.
func (r *Relay) Drop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.conns {
		_ = c.Close()
	}
}

// Close stops accepting, drops every connection and waits for the relay's
// goroutines.
func (r *Relay) Close() error {
	err := r.ln.Close()
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.Drop()
	r.wg.Wait()
	return err
}

func (r *Relay) serve() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.accepts.Add(1)
		r.wg.Add(1)
		go r.relay(c, time.Now())
	}
}

// relay connects c to the upstream and pumps both directions.
func (r *Relay) relay(c net.Conn, accepted time.Time) {
	defer r.wg.Done()
	up, err := net.Dial("tcp", r.upstream)
	if err != nil {
		_ = c.Close()
		return
	}
	if !r.track(c, up) {
		return
	}
	defer r.untrack(c, up)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); pump(up, c, r.rtt/2, accepted.Add(r.rtt)) }()
	go func() { defer wg.Done(); pump(c, up, r.rtt/2, time.Time{}) }()
	wg.Wait()
}

// track counts the connections as relayed, unless the relay is closing
// (they are then closed).
func (r *Relay) track(conns ...net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range conns {
		if r.closed {
			_ = c.Close()
			continue
		}
		r.conns[c] = struct{}{}
	}
	return !r.closed
}

func (r *Relay) untrack(conns ...net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range conns {
		delete(r.conns, c)
		_ = c.Close()
	}
}

// chunk is bytes read at one time, due for writing at due; nil data is
// the end of the stream.
type chunk struct {
	data []byte
	due  time.Time
}

// pump copies src to dst, each chunk delay after it was read and not
// before notBefore + delay. At src's end it half-closes dst, leaving the
// other direction running; on an error it closes both, which ends the
// other direction too.
func pump(dst, src net.Conn, delay time.Duration, notBefore time.Time) {
	q := make(chan chunk, 4096)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			due := time.Now().Add(delay)
			if due.Before(notBefore.Add(delay)) {
				due = notBefore.Add(delay)
			}
			if n > 0 {
				q <- chunk{data: buf[:n], due: due}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					q <- chunk{due: due}
				}
				return
			}
		}
	}()
	for c := range q {
		time.Sleep(time.Until(c.due))
		if c.data == nil {
			if tc, ok := dst.(*net.TCPConn); ok && tc.CloseWrite() == nil {
				return
			}
			break
		}
		if _, err := dst.Write(c.data); err != nil {
			break
		}
	}
	_ = src.Close()
	_ = dst.Close()
	for range q { // let the reader finish
	}
}
