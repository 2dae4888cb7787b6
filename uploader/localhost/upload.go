package localhost

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// apiErr is a handled Chevereto error: HTTP 400 with this message and code.
type apiErr struct {
	msg  string
	code int
}

var (
	errVersion   = &apiErr{"Invalid API version.", 110}
	errAction    = &apiErr{"Invalid API action", 120}
	errNoKey     = &apiErr{"No key provided", 100}
	errBadKey    = &apiErr{"Invalid API key.", 100}
	errDenied    = &apiErr{"Request denied", 401}
	errEmpty     = &apiErr{"Empty upload source", 130}
	errURL       = &apiErr{"URL uploading is disabled", 403}
	errBase64    = &apiErr{"Invalid base64 string", 120}
	errB64Method = &apiErr{"Upload using base64 source must be done using POST method.", 130}
	errDuplicate = &apiErr{"Duplicated upload", 101}
	errInternal  = &apiErr{"Internal error", 999}
	urlSource    = regexp.MustCompile(`(?i)^(https?|ftp)://`)
)

func errFlood(n int) *apiErr {
	return &apiErr{fmt.Sprintf("Flooding detected. You can only upload %d images per minute", n), 130}
}

func errTooBig(limit int64) *apiErr {
	return &apiErr{"File too big - max " + formatBytes(limit), 400}
}

// serveAPI handles <prefix>/api/<version>/<action> once canonical.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rec *Request, version, action string) {
	o := s.snapshot()
	fault := s.drawFault(o.Faults)
	if !s.pause(r.Context(), o.Faults.Stall) {
		s.fail()
		panic(http.ErrAbortHandler)
	}
	if fault == faultDrop {
		s.fail()
		dropConn(w, r)
		return
	}
	f, err := s.readForm(r, o)
	defer f.cleanup()
	fillRecord(rec, f)
	if err != nil || !s.pause(r.Context(), o.Faults.Delay) {
		s.fail() // the client went away mid-body, or the server closed
		panic(http.ErrAbortHandler)
	}
	if fault == faultHTML500 {
		s.fail()
		writeHTML500(w)
		return
	}
	st, e := s.upload(r, f, o, version, action)
	if e != nil {
		s.fail()
		s.writeError(w, f, o, e)
		return
	}
	s.writeSuccess(w, f, o, st)
}

// fillRecord copies what the body held into the request record.
func fillRecord(rec *Request, f *form) {
	rec.Fields = make(map[string]string, len(f.fields))
	for k, v := range f.fields {
		rec.Fields[k] = v
	}
	for _, name := range []string{"source", "image"} {
		if rf := f.files[name]; rf != nil {
			rec.FileField, rec.FileName, rec.FileType, rec.FileSize = name, rf.name, rf.ctype, rf.size
			return
		}
	}
}

// upload runs the script's checks in Chevereto's order: endpoint, key,
// access, source, flood, size, type, options; then stores the file.
func (s *Server) upload(r *http.Request, f *form, o Options, version, action string) (*stored, *apiErr) {
	if version != "1" {
		return nil, errVersion
	}
	if action != "upload" {
		return nil, errAction
	}
	guest, e := checkKey(r, f, o)
	if e != nil {
		return nil, e
	}
	if o.Denied {
		return nil, errDenied
	}
	rf, e := s.source(r, f, o)
	if e != nil {
		return nil, e
	}
	if e := s.checkFlood(o); e != nil {
		return nil, e
	}
	m, e := s.inspect(rf, f, o)
	if e != nil {
		return nil, e
	}
	return s.store(rf, m, f, o, guest, clientOf(r))
}

// checkKey reads the key like 4.2.0 (X-API-Key header wins over the field,
// even when empty) or V3 (field only).
func checkKey(r *http.Request, f *form, o Options) (guest bool, e *apiErr) {
	key := f.fields["key"]
	if vals, ok := r.Header[http.CanonicalHeaderKey("X-API-Key")]; ok && !o.V3 {
		key = vals[0]
	}
	switch {
	case key == "" && o.Guest:
		return true, nil
	case key == "":
		return false, errNoKey
	case o.Key == "" || key != o.Key:
		return false, errBadKey
	}
	return false, nil
}

// source finds the upload source: a file part, else a URL, else base64.
func (s *Server) source(r *http.Request, f *form, o Options) (*received, *apiErr) {
	for _, name := range []string{"source", "image"} {
		if rf := f.files[name]; rf != nil {
			return rf, nil
		}
	}
	name := "source"
	v := f.fields[name]
	if v == "" {
		name, v = "image", f.fields["image"]
	}
	switch {
	case v == "":
		return nil, errEmpty
	case urlSource.MatchString(v):
		return nil, errURL
	case r.Method != http.MethodPost:
		return nil, errB64Method
	}
	data, err := base64.StdEncoding.Strict().DecodeString(v)
	if err != nil || len(data) == 0 {
		return nil, errBase64
	}
	rf := &received{field: name}
	f.files[name] = rf // so that cleanup removes the spool file
	if err := s.spool(rf, strings.NewReader(string(data)), o.MaxSize); err != nil {
		return nil, errInternal
	}
	return rf, nil
}

// inspect checks size, type, format and width of the received file.
func (s *Server) inspect(rf *received, f *form, o Options) (media, *apiErr) {
	if rf.tooBig {
		return media{}, errTooBig(o.MaxSize)
	}
	m, e := detect(rf)
	if e != nil {
		return m, e
	}
	for _, d := range o.DisabledFormats {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if d == m.ext || (d == "jpeg" && m.ext == "jpg") {
			return m, &apiErr{fmt.Sprintf("Disabled image format (%s)", m.ext), 614}
		}
	}
	if width, err := strconv.Atoi(f.fields["width"]); err == nil && width > 0 && m.kind == "image" {
		if width > m.w {
			return m, errWiderThanSrc
		}
		// Reported as resized; the stored bytes stay the original ones.
		m.h = (m.h*width + m.w/2) / m.w
		m.w = width
	}
	if m.ext == "bmp" {
		if err := s.bmpToPNG(rf, &m); err != nil {
			return m, errNoInfo
		}
	}
	return m, nil
}
