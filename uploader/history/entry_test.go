package history

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/upshot-app/upshot/uploader"
)

func writePNG(t *testing.T, w, h int) (path string, data []byte) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(1, 1, color.NRGBA{R: 10, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "shot.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

func TestFromResult(t *testing.T) {
	path, data := writePNG(t, 400, 200)
	sum := md5.Sum(data)
	res := &uploader.Result{
		URL: "https://h/images/shot.png", Viewer: "https://h/image/shot.mq", Short: "https://h/image/mq",
		Thumb: "https://h/images/shot.th.png", Delete: "https://h/image/mq/delete/abc",
		Name: "shot", Title: "host title", Mime: "image/png", Size: int64(len(data)), Width: 400, Height: 200,
	}
	it := uploader.Item{Source: "/src/shot.png", Name: "shot.png", Profile: "", Path: path, Result: res,
		Options: uploader.Options{Title: "my title"}}

	e := FromResult("imgapi", it)
	if e.Profile != "imgapi" || e.Name != "shot.png" || e.Title != "my title" || e.Source != "/src/shot.png" {
		t.Errorf("names: %+v", e)
	}
	if e.URL != res.URL || e.Viewer != res.Viewer || e.Short != res.Short || e.Thumb != res.Thumb || e.Delete != res.Delete {
		t.Errorf("links: %+v", e)
	}
	if e.MD5 != hex.EncodeToString(sum[:]) {
		t.Errorf("MD5 = %q, want the local file's %x", e.MD5, sum)
	}
	if e.Time.IsZero() || e.Width != 400 || e.Size != int64(len(data)) {
		t.Errorf("time/size: %+v", e)
	}
	img, _, err := image.Decode(bytes.NewReader(e.Thumbnail))
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 128 || b.Dy() != 64 {
		t.Errorf("preview is %v, want 128×64", b)
	}

	res.MD5 = "0f3717b7e605a8dd2fb37f0de25269bf"
	it.Path = filepath.Join(t.TempDir(), "gone.png")
	e = FromResult("", it)
	if e.MD5 != res.MD5 || e.Thumbnail != nil || e.Profile != "" {
		t.Errorf("host MD5 / missing file: MD5 %q, preview %d bytes", e.MD5, len(e.Thumbnail))
	}
}

// A capture's file is deleted once it uploads: the entry keeps the preview
// the queue made while the file was there.
func TestFromResultKeepsTheQueuesPreview(t *testing.T) {
	it := uploader.Item{Source: "/spool/Screenshot.png", Name: "Screenshot.png", Owned: true,
		Path: filepath.Join(t.TempDir(), "gone.png"), Result: &uploader.Result{URL: "https://h/i.png"},
		Preview: image.NewRGBA(image.Rect(0, 0, 128, 72))}
	e := FromResult("", it)
	img, _, err := image.Decode(bytes.NewReader(e.Thumbnail))
	if err != nil {
		t.Fatalf("no preview in the entry: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 128 || b.Dy() != 72 {
		t.Errorf("preview %v, want the queue's 128×72", b)
	}
}
