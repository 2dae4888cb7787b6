package history

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// previewSide is the size of the stored preview, in pixels.
const previewSide = 128

// FromResult builds the entry for an item the queue finished. profile is
// the resolved profile name ("" falls back to the item's). The local file
// is read for the MD5 when the host gave none and for the preview; both are
// left empty when the file is gone or is not a previewable image.
func FromResult(profile string, it uploader.Item) Entry {
	r := it.Result
	if r == nil {
		r = &uploader.Result{}
	}
	e := Entry{
		Time:    time.Now(),
		Profile: firstOf(profile, it.Profile),
		Source:  it.Source,
		Name:    firstOf(it.Name, r.Name),
		Title:   firstOf(it.Options.Title, r.Title),
		Size:    r.Size, Width: r.Width, Height: r.Height,
		Mime: firstOf(r.Mime, it.Mime),
		MD5:  r.MD5,
		URL:  r.URL, Viewer: r.Viewer, Short: r.Short, Thumb: r.Thumb, Medium: r.Medium, Delete: r.Delete,
		Expiration: r.Expiration,
	}
	if e.Size == 0 {
		e.Size = it.Total
	}
	if it.Path == "" {
		return e
	}
	if e.MD5 == "" {
		e.MD5, _ = fileMD5(it.Path)
	}
	if img, err := uploader.Thumbnail(it.Path, previewSide); err == nil {
		e.Thumbnail, _ = uploader.EncodeThumbnail(img)
	}
	return e
}

func fileMD5(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// deleteRedirects is how many same-host redirects a delete link may take.
const deleteRedirects = 5

// DeleteFromHost opens the entry's delete link, which makes the host delete
// the file. Call it only after the user confirmed: Chevereto deletes on a
// plain GET, without asking. Redirects are followed only within the same
// site and never from https to http. The delete link is a secret, so errors
// name only its host. hc may be nil (a client with a 30-second timeout).
func DeleteFromHost(ctx context.Context, hc *http.Client, e Entry) error {
	u, err := url.Parse(e.Delete)
	if e.Delete == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("delete %s from the host: no usable delete link was stored for it", e.Name)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("delete %s from %s: %w", e.Name, u.Host, err)
	}
	resp, err := sameSiteClient(hc, u).Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text holds the whole delete link
		}
		return fmt.Errorf("delete %s from %s: %w", e.Name, u.Host, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("delete %s from %s: the host does not know this file (HTTP 404) — it was probably deleted already", e.Name, u.Host)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return fmt.Errorf("delete %s from %s: the host answered HTTP %d — open the item's page in a browser to check", e.Name, u.Host, resp.StatusCode)
	}
	return nil
}

// sameSiteClient copies hc with a redirect policy that stays on the delete
// link's host and scheme.
func sameSiteClient(hc *http.Client, start *url.URL) *http.Client {
	c := &http.Client{Timeout: 30 * time.Second}
	if hc != nil {
		copied := *hc
		c = &copied
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= deleteRedirects {
			return fmt.Errorf("too many redirects")
		}
		if req.URL.Host != start.Host || (start.Scheme == "https" && req.URL.Scheme != "https") {
			return fmt.Errorf("the host redirected to %s://%s; not followed — open the item's page in a browser to check whether it is gone", req.URL.Scheme, req.URL.Host)
		}
		return nil
	}
	return c
}
