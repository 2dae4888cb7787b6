package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// deleteRedirects is how many same-host redirects a delete link may take.
// A real Chevereto 4.2 takes two: /image/ID?deleted, then /image/ID/?deleted.
const deleteRedirects = 5

// Deletion is what opening a delete link did.
type Deletion int

// The outcomes of a delete link that worked.
const (
	// Deleted: the host deleted the file now.
	Deleted Deletion = iota + 1
	// AlreadyGone: the host answered 404 straight away — the file was
	// deleted before (a second try, or on the host's own website).
	AlreadyGone
)

// DeleteFromHost opens the entry's delete link, which makes the host delete
// the file. Call it only after the user confirmed: Chevereto deletes on a
// plain GET, without asking.
//
// Chevereto answers a deletion with a redirect to the file's page marked
// "?deleted", which then answers 404 because the file is gone: a chain that
// ends at such a page is a deletion, whatever its status. A 404 straight
// away means the host no longer has the file (AlreadyGone) — unless the
// file itself still downloads, which means the link is wrong. Redirects are
// followed only within the same host, at most deleteRedirects of them, and
// never from https to http; no key or cookie is sent. The delete link is a
// secret, so errors name only its host. hc may be nil (a client with a
// 30-second timeout).
func DeleteFromHost(ctx context.Context, hc *http.Client, e Entry) (Deletion, error) {
	u, err := url.Parse(e.Delete)
	if e.Delete == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return 0, fmt.Errorf("delete %s from the host: no usable delete link was stored for it", e.Name)
	}
	c := sameSiteClient(hc, u)
	status, final, err := get(ctx, c, http.MethodGet, u)
	if err != nil {
		return 0, fmt.Errorf("delete %s from %s: %w", e.Name, u.Host, err)
	}
	redirected := final.String() != u.String()
	switch {
	case redirected && final.Query().Has("deleted"):
		return Deleted, nil
	case status >= 200 && status <= 299:
		return Deleted, nil
	case status == http.StatusNotFound && !redirected:
		if stillThere(ctx, c, u, e.URL) {
			return 0, fmt.Errorf("delete %s from %s: the host did not accept the delete link (HTTP 404) and the file still downloads — delete it on the host's website", e.Name, u.Host)
		}
		return AlreadyGone, nil
	}
	return 0, fmt.Errorf("delete %s from %s: the host answered HTTP %d — open the item's page in a browser to check", e.Name, u.Host, status)
}

// get sends one request and drains the answer, returning its status and
// the URL it was finally answered at (after redirects).
func get(ctx context.Context, c *http.Client, method string, u *url.URL) (int, *url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text holds the whole delete link
		}
		return 0, nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, resp.Request.URL, nil
}

// stillThere reports whether the entry's file still downloads from the
// delete link's host (a HEAD request; another host's file is not asked).
func stillThere(ctx context.Context, c *http.Client, del *url.URL, fileURL string) bool {
	f, err := url.Parse(fileURL)
	if err != nil || fileURL == "" || f.Host != del.Host || f.Scheme != del.Scheme {
		return false
	}
	status, _, err := get(ctx, c, http.MethodHead, f)
	return err == nil && status >= 200 && status <= 299
}

// sameSiteClient copies hc with a redirect policy that stays on the delete
// link's host and scheme, and without a cookie jar.
func sameSiteClient(hc *http.Client, start *url.URL) *http.Client {
	c := &http.Client{Timeout: 30 * time.Second}
	if hc != nil {
		copied := *hc
		c = &copied
	}
	c.Jar = nil
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > deleteRedirects {
			return fmt.Errorf("more than %d redirects; not followed — open the item's page in a browser to check whether it is gone", deleteRedirects)
		}
		if req.URL.Host != start.Host || (start.Scheme == "https" && req.URL.Scheme != "https") {
			return fmt.Errorf("the host redirected to %s://%s; not followed — open the item's page in a browser to check whether it is gone", req.URL.Scheme, req.URL.Host)
		}
		return nil
	}
	return c
}
