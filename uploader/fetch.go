package uploader

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Fetch downloads an http(s) URL into a temporary file in dir ("" = the
// system temp folder) and inspects it: the client uploads the bytes, since
// URL sources are broken on Chevereto 4.2.0. No key or cookie is sent. The
// size cap (maxSize, 0 = none) is applied to Content-Length and again while
// reading; a web page instead of an image is a clear error. The File is Temp
// and named after the URL's last path element.
func Fetch(ctx context.Context, rawURL, dir string, maxSize int64) (*File, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if !IsWebURL(rawURL) {
		shown := rawURL
		if err == nil {
			shown = u.Redacted()
		}
		return nil, invalidf(KindInvalid, "%s is not an http(s) address", Clip(shown, 200)).keyed("not_web")
	}
	u.User = nil // never sent on, never shown
	shown := Clip(u.Redacted(), 200)
	resp, cancel, err := fetchGet(ctx, u)
	if err != nil {
		return nil, err
	}
	defer cancel(nil)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(shown, resp.StatusCode)
	}
	if maxSize > 0 && resp.ContentLength > maxSize {
		return nil, invalidf(KindTooBig, "%s is %s, over the %s limit of this host — make it smaller or use another host",
			shown, FormatSize(resp.ContentLength), FormatSize(maxSize)).keyed("too_big")
	}
	br := bufio.NewReaderSize(resp.Body, sniffLen)
	head, _ := br.Peek(sniffLen) // shorter at EOF; a read error shows again below
	if mime, ok := Sniff(head); len(head) > 0 && !ok {
		if mime == "text/html" || strings.Contains(resp.Header.Get("Content-Type"), "html") {
			return nil, invalidf(KindUnsupported, "%s is a web page, not an image — copy the address of the image itself (right-click the image → Copy image address)", shown).keyed("web_page")
		}
		return nil, invalidf(KindUnsupported, "%s is not an image or video (content looks like %s); accepted: %s", shown, mime, acceptedList).keyed("not_media")
	}
	final := u
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL // after redirects
	}
	f, err := Spool(br, urlFileName(final), dir, maxSize)
	if err != nil {
		return nil, fetchError(ctx, err, shown)
	}
	return f, nil
}

// statusError is a download the server refused. A server error, a timeout
// or "too many requests" may pass on a retry; a missing or forbidden file
// will not.
func statusError(shown string, status int) *APIError {
	msg := "cannot download %s: the server answered HTTP %d — check the link"
	if status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout {
		return againf(KindInvalid, msg, shown, status).keyed("download_status")
	}
	return invalidf(KindInvalid, msg, shown, status).keyed("download_status")
}

// fetchGet sends the GET. The returned cancel ends the download's stall
// watch; it must be called once the body is read.
func fetchGet(ctx context.Context, u *url.URL) (*http.Response, context.CancelCauseFunc, error) {
	fctx, cancel := context.WithCancelCause(ctx)
	watch := newStallWatch(DefaultStallTimeout, func() { cancel(errStalled) })
	stop := func(cause error) { watch.stop(); cancel(cause) }
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		stop(nil)
		return nil, nil, invalidf(KindInvalid, "%s is not a valid address", Clip(u.Redacted(), 200))
	}
	req.Header.Set("User-Agent", "Upshot/"+buildVersion())
	tr := newHTTPTransport(DefaultConnectTimeout)
	tr.DisableKeepAlives = true // one-off connection, nothing left idle
	client := &http.Client{Transport: tr, CheckRedirect: func(_ *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}}
	resp, err := client.Do(req)
	if err != nil {
		stop(nil)
		ae := networkError(err)
		ae.hint = "check the link and your connection"
		if ctx.Err() != nil {
			ae = canceled(ctx, 0)
		}
		shown := Clip(u.Redacted(), 200)
		ae.Message = "cannot download " + shown + ": " + ae.Message
		if ae.Key != "" {
			ae.Key, ae.Args = "download/"+ae.Key, append([]string{shown}, ae.Args...)
		}
		return nil, nil, ae
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{watch.reader(resp.Body), resp.Body}
	return resp, stop, nil
}

// fetchError explains a download that failed while reading: canceled,
// stalled or cut off. Validation errors of the spooled file pass unchanged.
func fetchError(ctx context.Context, err error, shown string) error {
	var ae *APIError
	switch {
	case ctx.Err() != nil:
		return canceled(ctx, 0)
	case errors.As(err, &ae):
		return err
	case errors.Is(err, context.Canceled):
		return &APIError{Kind: KindNetwork, Message: "cannot download " + shown + ": stalled: no data moved for " + DefaultStallTimeout.String(), Err: err}
	}
	inner := errors.Unwrap(err)
	if inner == nil {
		inner = err
	}
	return &APIError{Kind: KindNetwork, Message: "cannot download " + shown + ": " + plainNetError(inner), Err: err}
}

// urlFileName is the URL's last path element, made safe as a file name;
// "download" when there is none.
func urlFileName(u *url.URL) string {
	name := path.Base(u.Path)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" || name == "_" {
		return "download"
	}
	return Clip(name, 120)
}
