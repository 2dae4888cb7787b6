package uploader

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FormField is one text field of a multipart body, in sending order.
type FormField struct{ Name, Value string }

// form is a request body to build: text fields, then (for an upload) the
// file part, named "source" for Chevereto and as the custom uploader says
// for a Sender. It can be written any number of times (once per attempt)
// because a streamed body cannot be replayed.
type form struct {
	fields   []FormField
	field    string // name of the file part
	file     *File  // nil for a key check
	boundary string
}

// newForm is a Chevereto body: the file part is "source".
func newForm(fields []FormField, f *File) *form {
	return &form{fields: fields, field: "source", file: f, boundary: newBoundary()}
}

// newBoundary is a random multipart boundary.
func newBoundary() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "upshot-" + hex.EncodeToString(b[:])
}

// contentType is the Content-Type header of the body.
func (fm *form) contentType() string {
	return "multipart/form-data; boundary=" + fm.boundary
}

// write writes the whole body to w. With content nil it writes everything
// but the file's bytes, which is how length counts the framing.
func (fm *form) write(w io.Writer, content io.Reader) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(fm.boundary); err != nil {
		return err
	}
	for _, f := range fm.fields {
		if err := mw.WriteField(f.Name, f.Value); err != nil {
			return err
		}
	}
	if fm.file != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+quoteName(fm.field)+`"; filename="`+quoteName(fm.file.Name)+`"`)
		h.Set("Content-Type", fm.file.Mime) // decides image vs video on the host
		part, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		if content != nil {
			if err := copyFile(part, content, fm.file.Size); err != nil {
				return err
			}
		}
	}
	return mw.Close()
}

// length is the exact body size, so the request carries a Content-Length
// (some PHP front ends refuse chunked uploads) while still streaming.
func (fm *form) length() (int64, error) {
	var cw countWriter
	if err := fm.write(&cw, nil); err != nil {
		return 0, err
	}
	if fm.file != nil {
		cw.n += fm.file.Size
	}
	return cw.n, nil
}

// quoteName makes a file name safe inside a quoted header parameter.
func quoteName(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, `\"`, "\r", " ", "\n", " ").Replace(s)
}

// countWriter counts and discards.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// fileError is a failure to read the local file (as opposed to the network
// going away): it is not retried.
type fileError struct{ err error }

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// errFileChanged: the file got shorter since it was inspected.
var errFileChanged = errors.New("the file changed while it was being uploaded (it is shorter than when it was checked)")

// copyFile copies exactly size bytes of content into w.
func copyFile(w io.Writer, content io.Reader, size int64) error {
	n, err := io.Copy(w, &fileReader{io.LimitReader(content, size)})
	var fe *fileError
	switch {
	case errors.As(err, &fe):
		return err
	case err != nil:
		return err // the pipe was closed: the attempt is over
	case n < size:
		return &fileError{errFileChanged}
	}
	return nil
}

// fileReader tags read errors of the local file.
type fileReader struct{ r io.Reader }

func (f *fileReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && err != io.EOF {
		err = &fileError{err}
	}
	return n, err
}

// errAttemptOver closes the pipe when an attempt ends, which unblocks the
// writer goroutine if the transport stopped reading.
var errAttemptOver = errors.New("upload attempt ended")

// streamBody is the request body of one attempt: the reading end of a pipe
// that a goroutine fills with the multipart form, streaming the file from
// disk. Every read counts into sent and tells the stall watch that bytes
// move. Peak memory does not depend on the file size.
type streamBody struct {
	pr     *io.PipeReader
	length int64
	read   int64 // bytes handed out so far (the transport reads from one goroutine)
	sent   *atomic.Int64
	watch  *stallWatch
	done   chan struct{}
	werr   error // the writer's error; read only after done is closed
}

// openBody opens the file (so a missing file fails before any network
// traffic) and starts the writer goroutine.
func (fm *form) openBody(sent *atomic.Int64, watch *stallWatch) (*streamBody, error) {
	length, err := fm.length()
	if err != nil {
		return nil, err
	}
	var content *os.File
	if fm.file != nil {
		if content, err = os.Open(fm.file.Path); err != nil {
			return nil, &fileError{err}
		}
	}
	pr, pw := io.Pipe()
	b := &streamBody{pr: pr, length: length, sent: sent, watch: watch, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		var src io.Reader
		if content != nil {
			defer content.Close()
			src = content
		}
		b.werr = fm.write(pw, src)
		pw.CloseWithError(b.werr) // nil: the reader sees io.EOF
	}()
	return b, nil
}

// Read hands body bytes to the transport, counting them. After the last
// byte it answers io.EOF itself instead of waiting for the writer to close
// the pipe: net/http reads once more to check the length, and a request
// whose writing ends after its answer came loses its connection.
func (b *streamBody) Read(p []byte) (int, error) {
	rest := b.length - b.read
	if rest <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.pr.Read(p)
	b.read += int64(n)
	if n > 0 {
		b.sent.Add(int64(n))
		b.watch.kick()
	}
	return n, err
}

// Close is called by the transport when it is done with the body.
func (b *streamBody) Close() error {
	return b.pr.CloseWithError(errAttemptOver)
}

// finish ends the attempt's writer and returns a local file error, if the
// attempt failed because of the file rather than the network. A body the
// transport read to the last byte is left alone: the transport still
// reads its EOF, and an error there instead would cost the connection
// (net/http keeps a connection only once its request was written without
// error).
func (b *streamBody) finish() error {
	if b.sent.Load() < b.length {
		_ = b.pr.CloseWithError(errAttemptOver) // the transport stopped reading: unblock the writer
	}
	<-b.done
	var fe *fileError
	if errors.As(b.werr, &fe) {
		return fe
	}
	return nil
}

// attach puts the streamed body into the outgoing request. It runs as
// resty's pre-request hook: resty 2.17 reads any io.Reader given to SetBody
// fully into memory (to offer GetBody), which would defeat streaming.
func attach(req *http.Request, b *streamBody) {
	req.Body = b
	req.ContentLength = b.length
	req.GetBody = nil
}

// fileFailure turns a local read failure into a user error.
func fileFailure(err error) *APIError {
	if errors.Is(err, errFileChanged) {
		return &APIError{Kind: KindInvalid, Message: errFileChanged.Error(), hint: "try again", Err: err, again: true}
	}
	return &APIError{Kind: KindInvalid, Message: fmt.Sprintf("cannot read the file: %v", cause(err)), hint: "check the file and its disk", Err: err, again: true}
}

// stallWatch cancels an attempt when no byte has moved for d. Progress is
// reported by kick (body reads, response reads, connection events); a timer
// checks the last kick, so the hot path only stores a timestamp.
type stallWatch struct {
	d     time.Duration
	fire  func()
	last  atomic.Int64 // UnixNano of the last kick
	mu    sync.Mutex
	timer *time.Timer
}

// newStallWatch starts watching.
func newStallWatch(d time.Duration, fire func()) *stallWatch {
	w := &stallWatch{d: d, fire: fire}
	w.kick()
	w.mu.Lock()
	w.timer = time.AfterFunc(d, w.check)
	w.mu.Unlock()
	return w
}

// kick records that bytes moved.
func (w *stallWatch) kick() { w.last.Store(time.Now().UnixNano()) }

// check fires if idle long enough, else sleeps until it could be.
func (w *stallWatch) check() {
	idle := time.Since(time.Unix(0, w.last.Load()))
	if idle >= w.d {
		w.fire()
		return
	}
	w.mu.Lock()
	w.timer.Reset(w.d - idle)
	w.mu.Unlock()
}

// stop ends the watch.
func (w *stallWatch) stop() {
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
}

// trace kicks the watch on connection progress before body bytes flow.
func (w *stallWatch) trace() *httptrace.ClientTrace {
	k := func() { w.kick() }
	return &httptrace.ClientTrace{
		GotConn:              func(httptrace.GotConnInfo) { k() },
		ConnectDone:          func(string, string, error) { k() },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { k() },
		WroteHeaders:         k,
		WroteRequest:         func(httptrace.WroteRequestInfo) { k() },
		GotFirstResponseByte: k,
	}
}

// reader wraps a response body so that reading it counts as progress.
func (w *stallWatch) reader(r io.Reader) io.Reader { return &kickReader{r: r, w: w} }

// kickReader kicks the watch on every read that returns bytes.
type kickReader struct {
	r io.Reader
	w *stallWatch
}

func (k *kickReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.w.kick()
	}
	return n, err
}
