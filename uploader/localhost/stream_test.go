package localhost

import (
	"crypto/md5"
	"encoding/hex"
	"io"
	"io/fs"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"testing"
)

// streamUpload sends an MP4-looking file of n bytes through an io.Pipe, so
// neither side holds it in memory, and returns status, body and its md5.
func streamUpload(t *testing.T, s *Server, n int64) (int, []byte, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	h := md5.New()
	go func() {
		pw.CloseWithError(writeStream(mw, h, n))
	}()
	hr, err := http.NewRequest(http.MethodPost, s.Endpoint(), pr)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	hr.Header.Set("X-API-Key", testKey)
	code, _, body := send(t, hr)
	return code, body, hex.EncodeToString(h.Sum(nil))
}

func writeStream(mw *multipart.Writer, h io.Writer, n int64) error {
	if err := mw.WriteField("title", "big"); err != nil {
		return err
	}
	ph := textproto.MIMEHeader{}
	ph.Set("Content-Disposition", `form-data; name="source"; filename="big.mp4"`)
	ph.Set("Content-Type", "video/mp4")
	part, err := mw.CreatePart(ph)
	if err != nil {
		return err
	}
	w := io.MultiWriter(part, h)
	head := mp4Bytes("isom", 32)
	if _, err := w.Write(head); err != nil {
		return err
	}
	block := make([]byte, 1<<20)
	rand.New(rand.NewSource(1)).Read(block)
	for left := n - int64(len(head)); left > 0; left -= int64(len(block)) {
		block[0]++ // every block differs, so a lost or repeated block changes the md5
		if _, err := w.Write(block[:min(left, int64(len(block)))]); err != nil {
			return err
		}
	}
	return mw.Close()
}

func TestStreamingLargeUpload(t *testing.T) {
	const n = 50<<20 + 12345
	s := NewTB(t, Options{Key: testKey})
	code, body, sum := streamUpload(t, s, n)
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	u := s.Uploads()
	if len(u) != 1 || u[0].Size != n || u[0].MD5 != sum {
		t.Fatalf("uploads %+v, want one of %d bytes with md5 %s", u, n, sum)
	}
	fi, err := os.Stat(u[0].Path)
	if err != nil || fi.Size() != n {
		t.Errorf("stored file: %v, want %d bytes on disk", err, n)
	}
	if r := s.Requests()[0]; r.FileSize != n || r.Fields["title"] != "big" {
		t.Errorf("recorded file size %d fields %v", r.FileSize, r.Fields)
	}
}

func TestStreamingTooBigStoresNothing(t *testing.T) {
	dir := t.TempDir()
	s := NewTB(t, Options{Key: testKey, MaxSize: 10_000_000, Dir: dir})
	code, body, _ := streamUpload(t, s, 30<<20)
	wantErr(t, code, body, "File too big - max 10 MB", 400)
	s.Close()
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}
