package localhost

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
)

var (
	// apiPath matches the API under any sub-folder: <prefix>/api/<version>/<action>[/].
	apiPath = regexp.MustCompile(`/api/([^/]*)/([^/]*?)(/?)$`)
	// viewerPath matches viewer pages, short links and delete links.
	viewerPath = regexp.MustCompile(`/(image|clip)/([^/]+?)(?:/delete/([^/]+))?/?$`)
)

// statusWriter remembers the status answered, for Request.Status.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack for dropped connections.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// enter registers a running handler unless the server is closed.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

func (s *Server) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(rw, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	w := &statusWriter{ResponseWriter: rw}
	rec := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()}
	// Recorded even when the handler aborts (dropped connection, client gone).
	defer func() {
		rec.Status = w.status
		s.record(rec)
	}()
	// A PHP session cookie, like Chevereto: clients must not keep a jar.
	w.Header().Set("Set-Cookie", "PHPSESSID="+randomHex(13)+"; path=/; HttpOnly")
	if m := apiPath.FindStringSubmatch(r.URL.Path); m != nil {
		if loc, ok := s.canonical(r); ok {
			w.Header().Set("Location", loc)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		s.serveAPI(w, r, &rec, m[1], m[2])
		return
	}
	if s.serveFile(w, r) {
		return
	}
	if m := viewerPath.FindStringSubmatch(r.URL.Path); m != nil {
		if m[3] == "" && s.canonicalViewer(w, r) {
			return
		}
		s.serveViewer(w, r, m[2], m[3])
		return
	}
	notFound(w)
}

// canonical reproduces Chevereto's 301 canonicalisation of the endpoint:
// "/upload/" → "/upload", any query string → "/upload/?…", "+" → "%20".
func (s *Server) canonical(r *http.Request) (string, bool) {
	p, q := r.URL.Path, r.URL.RawQuery
	slash := strings.HasSuffix(p, "/")
	var loc string
	switch {
	case q == "" && slash:
		loc = strings.TrimSuffix(p, "/")
	case q != "" && !slash:
		loc = p + "/?" + strings.ReplaceAll(q, "+", "%20")
	case q != "" && strings.Contains(q, "+"):
		loc = p + "?" + strings.ReplaceAll(q, "+", "%20")
	default:
		return "", false
	}
	return s.origin(r) + loc, true
}

// origin is scheme://host of the site base, or of the request when the
// base is unset (Handler before SetBaseURL).
func (s *Server) origin(r *http.Request) string {
	if o := originOf(s.URL()); o != "" {
		return o
	}
	return "http://" + r.Host
}

// originOf is scheme://host of base ("" when base has no host).
func originOf(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// serveFile serves a stored file, thumb or video frame at its URL path.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	ref, ok := s.files[r.URL.Path]
	var deleted bool
	if ok {
		deleted = ref.st.Deleted
	}
	s.mu.Unlock()
	if !ok {
		return false
	}
	if deleted {
		notFound(w)
		return true
	}
	if ref.jpeg != nil {
		w.Header().Set("Content-Type", "image/jpeg")
		http.ServeContent(w, r, "", ref.st.date, bytes.NewReader(ref.jpeg))
		return true
	}
	f, err := os.Open(ref.st.Path)
	if err != nil {
		notFound(w)
		return true
	}
	defer f.Close()
	w.Header().Set("Content-Type", ref.st.Mime)
	http.ServeContent(w, r, "", ref.st.date, f)
	return true
}

// canonicalViewer reproduces Chevereto 4.2's redirects of a viewer page:
// "/image/ID/" → "/image/ID", "/image/ID?q" → "/image/ID/?q" (both 301,
// whether or not the file exists). It reports whether it answered.
func (s *Server) canonicalViewer(w http.ResponseWriter, r *http.Request) bool {
	p, q := r.URL.Path, r.URL.RawQuery
	slash := strings.HasSuffix(p, "/")
	var loc string
	switch {
	case q == "" && slash:
		loc = strings.TrimSuffix(p, "/")
	case q != "" && !slash:
		loc = p + "/?" + q
	default:
		return false
	}
	w.Header().Set("Location", s.origin(r)+loc)
	w.WriteHeader(http.StatusMovedPermanently)
	return true
}

// serveViewer answers viewer pages (/image/<slug>.<id>, /image/<id>) and
// delete links (/image/<id>/delete/<token>), which delete on a plain GET.
// Like Chevereto 4.2, a deletion answers 301 to "/image/<id>?deleted",
// which canonicalViewer sends on to "/image/<id>/?deleted", which answers
// 404 once the file is gone; a page with a query string ("/image/<id>/?x")
// of a file that exists 302s to its plain page.
func (s *Server) serveViewer(w http.ResponseWriter, r *http.Request, seg, token string) {
	id := seg[strings.LastIndex(seg, ".")+1:]
	s.mu.Lock()
	st, ok := s.byID[id]
	ok = ok && !st.Deleted && (token == "" || (token == st.token && seg == id))
	if ok && token != "" {
		st.Deleted = true
		_ = os.Remove(st.Path)
	}
	var title, fileURL, kind string
	if ok {
		title, fileURL, kind = st.title, st.fileURL, st.kind
	}
	s.mu.Unlock()
	switch {
	case !ok:
		notFound(w)
	case token != "":
		viewer := r.URL.Path[:strings.LastIndex(r.URL.Path, "/delete/")] // the site may live in a sub-folder
		w.Header().Set("Location", s.origin(r)+viewer+"?deleted")
		w.WriteHeader(http.StatusMovedPermanently)
	case r.URL.RawQuery != "":
		w.Header().Set("Location", s.origin(r)+strings.TrimSuffix(r.URL.Path, "/"))
		w.WriteHeader(http.StatusFound)
	case kind == "video":
		page(w, http.StatusOK, title, fmt.Sprintf(`<video src="%s" controls></video>`, html.EscapeString(fileURL)))
	default:
		page(w, http.StatusOK, title, fmt.Sprintf(`<img src="%s" alt="%s">`, html.EscapeString(fileURL), html.EscapeString(title)))
	}
}

func notFound(w http.ResponseWriter) {
	page(w, http.StatusNotFound, "That page doesn't exist", "<p>The requested page was not found on this server.</p>")
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%s - Chevereto</title></head><body><h1>%s</h1>%s</body></html>\n",
		html.EscapeString(title), html.EscapeString(title), body)
}

// randomHex returns 2n random hex digits (delete tokens, session ids).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails since Go 1.24
	return hex.EncodeToString(b)
}

// fileRef is what a stored URL path serves: the file itself, or a JPEG
// (video thumb/frame) held in memory.
type fileRef struct {
	st   *stored
	jpeg []byte
}
