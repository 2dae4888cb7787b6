package history

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// chevereto42 answers like a real Chevereto 4.2.0 does (seen on the
// fixture in shared/realhost): the delete link deletes and answers 301 to
// /image/ID?deleted, which 301s to /image/ID/?deleted, which answers 404
// because the file is gone. A second GET of the link answers 404 at once,
// and so does a link with a wrong token, while the file still downloads.
func chevereto42(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var live atomic.Int32 // 1 while /images/shot.png exists
	live.Store(1)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := r.Header.Get("Cookie") + r.Header.Get("X-API-Key"); c != "" {
			t.Errorf("%s sent %q", r.URL.Path, c)
		}
		switch {
		case r.URL.Path == "/image/mq/delete/secret123" && live.Load() == 1:
			live.Store(0)
			w.Header().Set("Location", srv.URL+"/image/mq?deleted")
			w.WriteHeader(http.StatusMovedPermanently)
		case r.URL.Path == "/image/mq" && r.URL.RawQuery == "deleted":
			w.Header().Set("Location", srv.URL+"/image/mq/?deleted")
			w.WriteHeader(http.StatusMovedPermanently)
		case r.URL.Path == "/images/shot.png" && live.Load() == 1:
			w.Header().Set("Content-Type", "image/png")
		default:
			w.Header().Set("Set-Cookie", "PHPSESSID=abc; path=/")
			http.Error(w, "That page doesn't exist (404)", http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &live
}

func TestDeleteFromHostRealChain(t *testing.T) {
	srv, live := chevereto42(t)
	e := Entry{Name: "shot.png", Delete: srv.URL + "/image/mq/delete/secret123", URL: srv.URL + "/images/shot.png"}
	got, err := DeleteFromHost(context.Background(), nil, e)
	if err != nil || got != Deleted {
		t.Fatalf("first delete = %v, %v; want Deleted", got, err)
	}
	if live.Load() != 0 {
		t.Fatal("the host was not asked to delete")
	}
	got, err = DeleteFromHost(context.Background(), nil, e)
	if err != nil || got != AlreadyGone {
		t.Fatalf("second delete = %v, %v; want AlreadyGone", got, err)
	}
}

func TestDeleteFromHostWrongLinkWhileFileDownloads(t *testing.T) {
	srv, _ := chevereto42(t)
	e := Entry{Name: "shot.png", Delete: srv.URL + "/image/mq/delete/wrong0000", URL: srv.URL + "/images/shot.png"}
	_, err := DeleteFromHost(context.Background(), nil, e)
	if err == nil || !strings.Contains(err.Error(), "still downloads") || strings.Contains(err.Error(), "wrong0000") {
		t.Fatalf("err = %v, want a failure saying the file still downloads, without the link", err)
	}
}

func TestDeleteFromHost(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer elsewhere.Close()

	var gotMethod, gotPath string
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/image/mq/delete/secret123":
			gotMethod, gotPath = r.Method, r.URL.RequestURI()
		case "/image/rd/delete/secret123":
			http.Redirect(w, r, "/deleted", http.StatusFound)
		case "/deleted":
		case "/image/away/delete/secret123":
			http.Redirect(w, r, elsewhere.URL+"/x?deleted", http.StatusFound)
		case "/image/gone/delete/secret123", "/image/lost":
			http.NotFound(w, r)
		case "/image/loop/delete/secret123", "/loop":
			http.Redirect(w, r, "/loop", http.StatusMovedPermanently)
		case "/image/lost/delete/secret123":
			http.Redirect(w, r, "/image/lost", http.StatusMovedPermanently)
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	defer host.Close()

	tests := []struct {
		name, link, errPart string
		want                Deletion
	}{
		{"ok", "/image/mq/delete/secret123", "", Deleted},
		{"same-host redirect", "/image/rd/delete/secret123", "", Deleted},
		{"already gone", "/image/gone/delete/secret123", "", AlreadyGone},
		{"other-host redirect", "/image/away/delete/secret123", "not followed", 0},
		{"redirect loop", "/image/loop/delete/secret123", "redirects", 0},
		{"redirect to a missing page", "/image/lost/delete/secret123", "HTTP 404", 0},
		{"server error", "/image/err/delete/secret123", "HTTP 500", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DeleteFromHost(context.Background(), host.Client(), Entry{Name: "shot.png", Delete: host.URL + tt.link})
			if tt.errPart == "" {
				if err != nil || got != tt.want {
					t.Fatalf("= %v, %v; want %v", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) || !strings.Contains(err.Error(), "shot.png") {
				t.Fatalf("err = %v, want it to name shot.png and contain %q", err, tt.errPart)
			}
			if strings.Contains(err.Error(), "secret123") {
				t.Errorf("error reveals the delete link: %v", err)
			}
		})
	}
	if gotMethod != http.MethodGet || gotPath != "/image/mq/delete/secret123" {
		t.Errorf("host saw %s %s, want GET of the link as given", gotMethod, gotPath)
	}
	if other.Load() != 0 {
		t.Error("a redirect to another host was followed")
	}
}

func TestDeleteFromHostRefusesBadLinks(t *testing.T) {
	for _, link := range []string{"", "javascript:alert(1)", "ftp://h/x", "/relative/delete"} {
		_, err := DeleteFromHost(context.Background(), nil, Entry{Name: "a.png", Delete: link})
		if err == nil || !strings.Contains(err.Error(), "no usable delete link") {
			t.Errorf("%q: err = %v", link, err)
		}
	}
}

func TestDeleteFromHostNetworkErrorHidesLink(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	link := srv.URL + "/image/mq/delete/secret123"
	srv.Close() // connection refused from now on
	_, err := DeleteFromHost(context.Background(), nil, Entry{Name: "a.png", Delete: link})
	if err == nil || strings.Contains(err.Error(), "secret123") {
		t.Errorf("err = %v, want an error without the delete link", err)
	}
}
