package uploader

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"strings"
	"unicode/utf8"
)

// SupportedExts are the file extensions Chevereto accepts (lower case).
var SupportedExts = []string{"jpg", "jpeg", "png", "bmp", "gif", "webp", "avif", "mov", "mp4", "webm"}

// acceptedList is SupportedExts for people.
const acceptedList = "JPG PNG BMP GIF WEBP AVIF MOV MP4 WEBM"

// sniffLen is how many leading bytes Sniff needs at most.
const sniffLen = 512

// mimeExt is the usual extension of each supported type.
var mimeExt = map[string]string{
	"image/jpeg": "jpg", "image/png": "png", "image/bmp": "bmp", "image/gif": "gif",
	"image/webp": "webp", "image/avif": "avif",
	"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm",
}

// Sniff identifies a file by its leading bytes (512 are plenty). ok is true
// only for the types the hosts accept: image/jpeg, image/png, image/bmp,
// image/gif, image/webp, image/avif, video/mp4, video/quicktime and
// video/webm. Otherwise mime is a best guess for the error message
// ("text/plain", "image/heic", "video/x-matroska", …).
//
// The type decides how the host decodes the file (video/* or image), so it
// must come from the bytes: net/http.DetectContentType alone does not know
// AVIF, QuickTime or WebM well.
func Sniff(head []byte) (mime string, ok bool) {
	head = head[:min(len(head), sniffLen)]
	if m := sniffMagic(head); m != "" {
		_, ok = mimeExt[m]
		return m, ok
	}
	m := http.DetectContentType(head)
	if i := strings.IndexByte(m, ';'); i >= 0 {
		m = m[:i]
	}
	if _, fooled := mimeExt[m]; fooled {
		// DetectContentType is laxer than sniffMagic (any "BM" is a
		// bitmap to it); what sniffMagic refused is not that type.
		m = "application/octet-stream"
		if utf8.Valid(head) && !bytes.ContainsFunc(head, isControl) {
			m = "text/plain"
		}
	}
	return m, false
}

// isControl is a control character that plain text does not contain.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
}

// sniffMagic recognises the magic numbers of the supported formats and of a
// few look-alikes that must be refused by name.
func sniffMagic(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case isBMP(b):
		return "image/bmp"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return sniffFtyp(b)
	case bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return sniffEBML(b)
	case len(b) >= 8 && isQuickTimeAtom(b):
		return "video/quicktime"
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "image/tiff"
	}
	return ""
}

// isBMP checks "BM" plus a known DIB header size, so that a text file
// starting with "BM" is not taken for a bitmap.
func isBMP(b []byte) bool {
	if len(b) < 18 || b[0] != 'B' || b[1] != 'M' {
		return false
	}
	switch binary.LittleEndian.Uint32(b[14:18]) {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// sniffFtyp reads an ISO-BMFF "ftyp" box: its major and compatible brands
// tell AVIF, HEIC, QuickTime and MP4 apart.
func sniffFtyp(b []byte) string {
	size := int(binary.BigEndian.Uint32(b[:4]))
	if size < 16 || size > len(b) {
		size = min(len(b), 64)
	}
	brands := []string{string(b[8:12])}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(b[i:i+4]))
	}
	has := func(names ...string) bool {
		for _, br := range brands {
			for _, n := range names {
				if br == n {
					return true
				}
			}
		}
		return false
	}
	switch {
	case brands[0] == "avif" || brands[0] == "avis":
		return "image/avif"
	case brands[0] == "qt  ":
		return "video/quicktime"
	case has("avif", "avis"):
		return "image/avif"
	case has("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"):
		return "image/heic"
	case brands[0] == "M4A " || brands[0] == "M4B " || brands[0] == "M4P ":
		return "audio/mp4"
	case brands[0] == "crx ":
		return "image/x-canon-cr3"
	}
	return "video/mp4"
}

// sniffEBML tells WebM from other Matroska files by the DocType.
func sniffEBML(b []byte) string {
	head := b[:min(len(b), 64)]
	if bytes.Contains(head, []byte("webm")) {
		return "video/webm"
	}
	return "video/x-matroska"
}

// isQuickTimeAtom recognises old QuickTime files that have no ftyp box and
// start with one of these atoms. The atom size must be plausible, so that
// text such as "the free…" is not taken for a movie.
func isQuickTimeAtom(b []byte) bool {
	size := binary.BigEndian.Uint32(b[:4])
	if size != 1 && (size < 8 || b[0] >= 0x20) {
		return false
	}
	switch string(b[4:8]) {
	case "moov", "mdat", "wide", "free", "skip", "pnot":
		return true
	}
	return false
}
