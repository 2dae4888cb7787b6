package localhost

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
)

// maxField caps one text field held in memory (a base64 source is one).
const maxField = 64 << 20

// form is what PHP would hand the script: text fields ($_REQUEST) and file
// parts ($_FILES), the latter already streamed to disk.
type form struct {
	fields map[string]string
	files  map[string]*received // by field name: "source", "image"
}

// received is one file part (or a decoded base64 source) on disk.
type received struct {
	field, name, ctype string
	path               string // temporary file; "" once moved or never stored
	size               int64  // bytes received, including those past the limit
	md5                string
	tooBig             bool
}

// cleanup removes temporary files that were not moved into the store.
func (f *form) cleanup() {
	for _, rf := range f.files {
		if rf.path != "" {
			_ = os.Remove(rf.path)
		}
	}
}

// countingBody counts the request body bytes read, for PostMaxSize.
type countingBody struct {
	io.ReadCloser
	n int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n += int64(n)
	return n, err
}

// readForm reads the whole request body like PHP does before the script
// runs: query fields, then urlencoded or multipart fields (which win), file
// parts streamed to disk. An error means the client went away mid-body.
func (s *Server) readForm(r *http.Request, o Options) (*form, error) {
	f := &form{fields: map[string]string{}, files: map[string]*received{}}
	for k, v := range r.URL.Query() {
		f.fields[k] = v[0]
	}
	body := &countingBody{ReadCloser: r.Body}
	r.Body = body
	if o.PostMaxSize > 0 && r.ContentLength > o.PostMaxSize {
		_, err := io.Copy(io.Discard, body) // PHP gets empty $_POST and $_FILES
		return f, err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mt {
	case "multipart/form-data":
		err = s.readMultipart(r, f, o)
	case "application/x-www-form-urlencoded":
		if err = r.ParseForm(); err == nil {
			for k, v := range r.PostForm {
				f.fields[k] = v[0]
			}
		}
	}
	if err == nil {
		_, err = io.Copy(io.Discard, body)
	}
	if o.PostMaxSize > 0 && body.n > o.PostMaxSize {
		// PHP drops $_POST and $_FILES entirely; $_GET survives.
		f.cleanup()
		f.files = map[string]*received{}
		f.fields = map[string]string{}
		for k, v := range r.URL.Query() {
			f.fields[k] = v[0]
		}
	}
	return f, err
}

func (s *Server) readMultipart(r *http.Request, f *form, o Options) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil // malformed: PHP sees no fields, the script says "empty source"
	}
	limit := o.MaxSize
	if o.PostMaxSize > 0 && (limit == 0 || o.PostMaxSize < limit) {
		limit = o.PostMaxSize
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read part: %w", err)
		}
		name := p.FormName()
		switch {
		case p.FileName() == "":
			v, err := readField(p)
			if err != nil {
				return err
			}
			f.fields[name] = v
		case (name == "source" || name == "image") && f.files[name] == nil:
			rf, err := s.saveFile(p, limit)
			if rf != nil {
				f.files[name] = rf
			}
			if err != nil {
				return err
			}
		default:
			if _, err := io.Copy(io.Discard, p); err != nil {
				return fmt.Errorf("skip part %s: %w", name, err)
			}
		}
	}
}

func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, maxField))
	if err == nil {
		_, err = io.Copy(io.Discard, p)
	}
	if err != nil {
		return "", fmt.Errorf("read field %s: %w", p.FormName(), err)
	}
	return string(b), nil
}

// limitSink stores bytes until limit, then only counts them, so that a
// huge upload never fills the disk or memory but is still read to the end
// (the client then gets the "File too big" answer, not a reset).
type limitSink struct {
	w     io.Writer
	limit int64
	n     int64
	over  bool
}

func (l *limitSink) Write(b []byte) (int, error) {
	l.n += int64(len(b))
	if l.over || (l.limit > 0 && l.n > l.limit) {
		l.over = true
		return len(b), nil
	}
	return l.w.Write(b)
}

// saveFile streams r to a temporary file under the store while hashing.
func (s *Server) saveFile(p *multipart.Part, limit int64) (*received, error) {
	rf := &received{field: p.FormName(), name: p.FileName(), ctype: p.Header.Get("Content-Type")}
	err := s.spool(rf, p, limit)
	return rf, err
}

// spool copies r into a new temporary file described by rf.
func (s *Server) spool(rf *received, r io.Reader, limit int64) error {
	dir := filepath.Join(s.dir, ".incoming")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "part-*")
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	rf.path = tmp.Name()
	h := md5.New()
	sink := &limitSink{w: io.MultiWriter(tmp, h), limit: limit}
	_, err = io.Copy(sink, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	rf.size, rf.tooBig, rf.md5 = sink.n, sink.over, hex.EncodeToString(h.Sum(nil))
	if err != nil {
		return fmt.Errorf("spool %s: %w", rf.field, err)
	}
	return nil
}
