// Command linkd runs a netlink.Link for `make bench`: a TCP relay adding
// round-trip time in front of a TLS terminator (HTTP/2 and HTTP/1.1) in
// front of a plain-http backend, all on loopback. It writes the run-time
// CA to --ca, prints one line
//
//	link https://127.0.0.1:PORT control http://127.0.0.1:PORT
//
// and serves on the control address GET /accepts (connections the relay
// accepted so far) and POST /drop (close every relayed connection), until
// SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/upshot-app/upshot/app/internal/e2e/netlink"
)

func main() {
	backend := flag.String("backend", "", "plain-http URL of the host behind the link")
	rtt := flag.Duration("rtt", 60*time.Millisecond, "round-trip time the relay adds")
	ca := flag.String("ca", "", "file to write the CA certificate (PEM) to")
	h1 := flag.Bool("http1", false, "offer only HTTP/1.1 (no h2)")
	flag.Parse()
	if err := run(*backend, *rtt, *ca, !*h1); err != nil {
		fmt.Fprintln(os.Stderr, "linkd:", err)
		os.Exit(1)
	}
}

func run(backend string, rtt time.Duration, ca string, h2 bool) error {
	if backend == "" || ca == "" {
		return fmt.Errorf("give --backend URL and --ca FILE")
	}
	l, err := netlink.Start(backend, rtt, h2)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := os.WriteFile(ca, l.Certs.CAPEM, 0o644); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /accepts", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, l.Relay.Accepts())
	})
	mux.HandleFunc("POST /drop", func(w http.ResponseWriter, _ *http.Request) {
		l.Relay.Drop()
		w.WriteHeader(http.StatusNoContent)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("link %s control http://%s\n", l.URL, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return srv.Close()
}
