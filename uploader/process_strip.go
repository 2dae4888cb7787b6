package uploader

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// Lossless metadata stripping: the pixel data is copied byte for byte and
// only the metadata containers are dropped.

var errDamaged = errors.New("damaged file structure")

// stripJPEG drops APPn segments that carry metadata (EXIF, XMP, IPTC, MPF,
// FlashPix) and comments, and anything after the end marker. It keeps JFIF,
// the ICC colour profile and Adobe's colour transform, and an EXIF
// orientation other than "normal" as a minimal EXIF block without any other
// tag, so the picture is not shown sideways.
func stripJPEG(data []byte) ([]byte, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, errDamaged
	}
	orientation := exifOrientation(data)
	out := append(make([]byte, 0, len(data)), 0xFF, 0xD8)
	for i := 2; ; {
		m, seg, next, err := jpegSegment(data, i)
		if err != nil {
			return nil, err
		}
		switch {
		case m == 0xE1 && orientation > 1:
			out = append(out, orientationAPP1(orientation)...)
			orientation = 0 // only once
		case keepJPEGSegment(m, seg):
			out = append(out, seg...)
		}
		if m == 0xDA { // start of scan: copy the coded data up to the end marker
			end, err := jpegScanEnd(data, next)
			if err != nil {
				return nil, err
			}
			return append(out, data[next:end]...), nil
		}
		i = next
	}
}

// jpegSegment reads the marker segment at i: its marker, its bytes
// (marker included) and where the next one starts.
func jpegSegment(data []byte, i int) (byte, []byte, int, error) {
	for i+1 < len(data) && data[i] == 0xFF && data[i+1] == 0xFF {
		i++ // fill bytes
	}
	if i+4 > len(data) || data[i] != 0xFF {
		return 0, nil, 0, errDamaged
	}
	m := data[i+1]
	n := int(binary.BigEndian.Uint16(data[i+2:]))
	if n < 2 || i+2+n > len(data) {
		return 0, nil, 0, errDamaged
	}
	return m, data[i : i+2+n], i + 2 + n, nil
}

// keepJPEGSegment decides which segments carry image data or colour.
func keepJPEGSegment(m byte, seg []byte) bool {
	payload := seg[4:]
	switch {
	case m == 0xFE: // COM
		return false
	case m == 0xE0: // JFIF / JFXX
		return true
	case m == 0xE2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case m == 0xEE: // Adobe: colour transform of CMYK/YCCK files
		return true
	case m >= 0xE1 && m <= 0xEF:
		return false
	}
	return true
}

// jpegScanEnd walks the entropy-coded data (and any further scans and
// tables of a progressive file) from i and returns the offset just past the
// end-of-image marker. Metadata segments between scans are not expected and
// kept as they are.
func jpegScanEnd(data []byte, i int) (int, error) {
	for i+1 < len(data) {
		if data[i] != 0xFF {
			i++
			continue
		}
		switch m := data[i+1]; {
		case m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7):
			i++ // stuffed byte, fill byte or restart marker: still scan data
		case m == 0xD9:
			return i + 2, nil
		default:
			_, _, next, err := jpegSegment(data, i)
			if err != nil {
				return 0, err
			}
			i = next
		}
	}
	return 0, errDamaged
}

// exifOrientation reads tag 0x0112 from a JPEG's EXIF block; 0 when absent.
func exifOrientation(data []byte) int {
	for i := 2; i+4 <= len(data); {
		m, seg, next, err := jpegSegment(data, i)
		if err != nil || m == 0xDA {
			return 0
		}
		if m == 0xE1 && bytes.HasPrefix(seg[4:], []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[10:])
		}
		i = next
	}
	return 0
}

// tiffOrientation finds the orientation in IFD0 of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder = binary.BigEndian
	if t[0] == 'I' {
		bo = binary.LittleEndian
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// orientationAPP1 is a minimal EXIF segment holding only the orientation.
func orientationAPP1(o int) []byte {
	return []byte{
		0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0x00, 0x2A, 0, 0, 0, 8, // big-endian TIFF, IFD0 at 8
		0x00, 0x01, // one entry
		0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, byte(o), 0, 0, // Orientation, SHORT, 1
		0, 0, 0, 0, // no next IFD
	}
}

// withOrientation adds the orientation block right after the start marker
// of a freshly encoded JPEG.
func withOrientation(jpg []byte, o int) []byte {
	if o <= 1 || len(jpg) < 2 {
		return jpg
	}
	out := make([]byte, 0, len(jpg)+36)
	out = append(out, jpg[:2]...)
	out = append(out, orientationAPP1(o)...)
	return append(out, jpg[2:]...)
}

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// stripPNG drops the text, EXIF and time chunks.
func stripPNG(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, errDamaged
	}
	out := append(make([]byte, 0, len(data)), pngSignature...)
	for i := len(pngSignature); i < len(data); {
		if i+12 > len(data) {
			return nil, errDamaged
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		end := i + 12 + n
		if n < 0 || end > len(data) || end < i {
			return nil, errDamaged
		}
		switch string(data[i+4 : i+8]) {
		case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
		default:
			out = append(out, data[i:end]...)
		}
		if string(data[i+4:i+8]) == "IEND" {
			break
		}
		i = end
	}
	return out, nil
}

// stripWebP drops the EXIF and XMP chunks of a RIFF/WebP file and clears
// their flags in the VP8X header.
func stripWebP(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil, errDamaged
	}
	out := append(make([]byte, 0, len(data)), data[:12]...)
	for i := 12; i < len(data); {
		if i+8 > len(data) {
			return nil, errDamaged
		}
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		end := i + 8 + n + n%2 // chunks are padded to an even size
		if end > len(data) || end < i {
			return nil, errDamaged
		}
		switch fourcc := string(data[i : i+4]); fourcc {
		case "EXIF", "XMP ":
		case "VP8X":
			start := len(out)
			out = append(out, data[i:end]...)
			if n > 0 {
				out[start+8] &^= 0x08 | 0x04 // EXIF and XMP present flags
			}
		default:
			out = append(out, data[i:end]...)
		}
		i = end
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}
