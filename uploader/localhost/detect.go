package localhost

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders the host accepts
	"image/jpeg"
	"image/png"
	"io"
	"mime"
	"os"
	"strings"

	"golang.org/x/image/bmp"
	_ "golang.org/x/image/webp"
)

// media is what the host found out about a received file.
type media struct {
	kind, ext, mime string // kind is "image" or "video"
	w, h            int
}

// Errors of the type checks (messages and codes as Chevereto sends them).
var (
	errNoInfo       = &apiErr{"Can't get target upload source info", 610}
	errBadVideo     = &apiErr{"Invalid video file provided", 100}
	errUnavailable  = &apiErr{"Unavailable image format", 613}
	errWiderThanSrc = &apiErr{"Target width is greater than the original image width", 610}
)

// detect classifies a received file the way Chevereto does: the part's
// Content-Type picks the video or the image path, then the bytes decide.
func detect(rf *received) (media, *apiErr) {
	f, err := os.Open(rf.path)
	if err != nil {
		return media{}, errNoInfo
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	mt, _, _ := mime.ParseMediaType(rf.ctype)
	if strings.HasPrefix(strings.ToLower(mt), "video/") {
		return detectVideo(head)
	}
	if isFtyp(head, "avif", "avis") {
		return media{kind: "image", ext: "avif", mime: "image/avif"}, nil // dimensions not parsed
	}
	if bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")) {
		return media{}, errUnavailable // TIFF: an image, but not one Chevereto takes
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return media{}, errNoInfo
	}
	cfg, format, err := image.DecodeConfig(bufio.NewReader(f))
	if err != nil {
		return media{}, errNoInfo
	}
	m := media{kind: "image", ext: format, mime: "image/" + format, w: cfg.Width, h: cfg.Height}
	if format == "jpeg" {
		m.ext = "jpg"
	}
	return m, nil
}

func detectVideo(head []byte) (media, *apiErr) {
	switch {
	case isFtyp(head, "qt  "):
		return media{kind: "video", ext: "mov", mime: "video/quicktime"}, nil
	case isFtyp(head):
		if isFtyp(head, "avif", "avis") {
			return media{}, errBadVideo
		}
		return media{kind: "video", ext: "mp4", mime: "video/mp4"}, nil
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return media{kind: "video", ext: "webm", mime: "video/webm"}, nil
	}
	return media{}, errBadVideo
}

// isFtyp reports an ISO-BMFF file, optionally with one of the given brands.
func isFtyp(head []byte, brands ...string) bool {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return false
	}
	if len(brands) == 0 {
		return true
	}
	for _, b := range brands {
		if string(head[8:12]) == b {
			return true
		}
	}
	return false
}

// bmpToPNG converts a stored BMP to PNG as Chevereto does, updating rf and m.
func (s *Server) bmpToPNG(rf *received, m *media) error {
	in, err := os.Open(rf.path)
	if err != nil {
		return fmt.Errorf("open bmp: %w", err)
	}
	img, err := bmp.Decode(bufio.NewReader(in))
	in.Close()
	if err != nil {
		return fmt.Errorf("decode bmp: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	if err := os.WriteFile(rf.path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write png: %w", err)
	}
	sum := md5.Sum(buf.Bytes())
	rf.md5, rf.size = hex.EncodeToString(sum[:]), int64(buf.Len())
	m.ext, m.mime = "png", "image/png"
	return nil
}

// frameJPEG makes the small JPEG served as a video's thumb and frame.
func frameJPEG() []byte {
	img := image.NewGray(image.Rect(0, 0, 16, 9))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.Gray{Y: 0})
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil) // cannot fail on a bytes.Buffer
	return buf.Bytes()
}
