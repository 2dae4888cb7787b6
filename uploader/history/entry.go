package history

import (
	"crypto/md5"
	"encoding/hex"
	"io"
	"os"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// previewSide is the size of the stored preview, in pixels.
const previewSide = uploader.PreviewSide

// FromResult builds the entry for an item the queue finished. profile is
// the resolved profile name ("" falls back to the item's). The preview is
// the queue's (Item.Preview) when it made one, else read from the local
// file, which also gives the MD5 when the host gave none; both are left
// empty when the file is gone or is not a previewable image.
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
	if it.Preview != nil {
		// A capture, a pasted image or a downloaded URL: its file is gone
		// by now, the queue previewed it while it was there.
		e.Thumbnail, _ = uploader.EncodeThumbnail(it.Preview)
	}
	if it.Path == "" {
		return e
	}
	if e.MD5 == "" {
		e.MD5, _ = fileMD5(it.Path)
	}
	if e.Thumbnail != nil {
		return e
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
