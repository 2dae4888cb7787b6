// Package uploader is Upshot's domain core: the Chevereto API V1.1 client,
// source validation, the upload queue, link formats and host profiles.
//
// It imports no Fyne and no cgo library, so its tests build and run anywhere
// with CGO_ENABLED=0. The CLI and the GUI both drive it.
package uploader

import (
	"context"
	"sync/atomic"
	"time"
)

// Kind classifies an upload failure so that callers (CLI, UI, queue) can
// branch on it without parsing messages.
type Kind int

// The failure kinds. KindUnknown is the zero value.
const (
	KindUnknown     Kind = iota
	KindBadKey           // key missing or wrong (Chevereto 100 "Invalid API key.")
	KindDenied           // host does not allow API uploads now (Chevereto 401 "Request denied")
	KindRateLimited      // flood protection or HTTP 429
	KindTooBig           // over the host's or the profile's size limit
	KindUnsupported      // not an accepted image/video type, or disabled format
	KindNetwork          // connection refused, reset, DNS, TLS, stall timeout
	KindServer           // HTTP 5xx, HTML or other non-JSON answer
	KindRedirected       // the endpoint answered 3xx (never followed for a POST)
	KindInvalid          // rejected before the network: bad option or bad file
	KindEndpoint         // wrong endpoint URL (Invalid API version / action)
	KindDuplicate        // Chevereto "Duplicated upload"
	KindCanceled         // the user or the context canceled it
)

var kindNames = [...]string{
	"unknown", "bad_key", "denied", "rate_limited", "too_big", "unsupported",
	"network", "server", "redirected", "invalid", "endpoint", "duplicate", "canceled",
}

// String returns a stable, machine-friendly name for the kind.
func (k Kind) String() string {
	if int(k) >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Options are the per-upload parameters of the Chevereto API. Zero values are
// omitted from the request (the server drops falsy values anyway).
type Options struct {
	Title       string   `json:"title,omitempty" toml:"title,omitempty"`
	Description string   `json:"description,omitempty" toml:"description,omitempty"`
	Tags        []string `json:"tags,omitempty" toml:"tags,omitempty"`
	AlbumID     string   `json:"album_id,omitempty" toml:"album_id,omitempty"` // encoded id, e.g. "mq"
	CategoryID  int      `json:"category_id,omitempty" toml:"category_id,omitempty"`
	Width       int      `json:"width,omitempty" toml:"width,omitempty"`
	Expiration  string   `json:"expiration,omitempty" toml:"expiration,omitempty"` // seconds or ISO-8601 duration
	NSFW        bool     `json:"nsfw,omitempty" toml:"nsfw,omitempty"`
	UseFileDate bool     `json:"use_file_date,omitempty" toml:"use_file_date,omitempty"`
}

// Result is everything the server said about one uploaded file.
type Result struct {
	ID         string    `json:"id"`
	URL        string    `json:"url"`    // direct file URL (url_viewer when moderated)
	Viewer     string    `json:"viewer"` // url_viewer
	Short      string    `json:"short"`  // url_short
	Thumb      string    `json:"thumb"`
	Medium     string    `json:"medium,omitempty"`
	Delete     string    `json:"delete"`
	Name       string    `json:"name,omitempty"`      // file name on the host
	Title      string    `json:"title,omitempty"`     // title the host stored
	Mime       string    `json:"mime,omitempty"`      // mime the host reports
	Type       string    `json:"type,omitempty"`      // "image" or "video"
	Size       int64     `json:"size"`                // bytes stored by the host
	Width      int       `json:"width"`               // pixels
	Height     int       `json:"height"`              // pixels
	MD5        string    `json:"md5,omitempty"`       // of the stored file
	Expiration time.Time `json:"expiration"`          // zero when the file never expires
	Moderated  bool      `json:"moderated,omitempty"` // awaiting moderation: no direct URL yet
}

// File is a local file that passed validation and is ready to upload: a
// path on disk, its display name, size and sniffed MIME type. Stdin and URL
// sources are spooled to a temporary file first (Temp is then true) so that
// the upload can stream from disk and be retried.
type File struct {
	Path   string // local path the bytes are read from
	Name   string // file name sent to the host and shown to the user
	Source string // what the user gave: a path, a URL or "-"
	Size   int64
	Mime   string // sniffed from the content, e.g. image/png, video/mp4
	Width  int    // 0 when unknown (videos)
	Height int
	Temp   bool // Path is a temporary spool file the caller should remove
}

// Uploader uploads one prepared file. The client implements it; the queue
// depends only on this interface so that tests can substitute it.
//
// sent is set to the number of body bytes actually written to the network
// so far; on a retry it starts again from zero.
type Uploader interface {
	Upload(ctx context.Context, f *File, opts Options, sent *atomic.Int64) (*Result, error)
}
