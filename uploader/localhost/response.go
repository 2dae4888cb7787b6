package localhost

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strconv"
)

// The JSON shapes below keep the real 4.2.0 key order (Go encodes struct
// fields in declaration order). Fields typed any carry numbers that V3
// sends as strings.

type successBody struct {
	StatusCode int        `json:"status_code"`
	Success    successMsg `json:"success"`
	Image      *imageBody `json:"image,omitempty"`
	Data       *imageBody `json:"data,omitempty"` // when the source came as "image"
	StatusTxt  string     `json:"status_txt"`
}

type successMsg struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
}

type errorBody struct {
	StatusCode int      `json:"status_code"`
	Error      errorMsg `json:"error"`
	StatusTxt  string   `json:"status_txt"`
}

type errorMsg struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Context string `json:"context,omitempty"` // V3 only
}

type imageBody struct {
	Name               string       `json:"name"`
	Extension          string       `json:"extension"`
	Size               any          `json:"size"`
	Width              any          `json:"width"`
	Height             any          `json:"height"`
	Date               string       `json:"date"`
	DateGMT            string       `json:"date_gmt"`
	Title              string       `json:"title"`
	Description        *string      `json:"description"`
	NSFW               any          `json:"nsfw"`
	StorageMode        string       `json:"storage_mode"`
	MD5                string       `json:"md5"`
	SourceMD5          *string      `json:"source_md5"`
	OriginalFilename   string       `json:"original_filename"`
	OriginalExifdata   *string      `json:"original_exifdata"`
	Views              any          `json:"views"`
	CategoryID         any          `json:"category_id"`
	Chain              any          `json:"chain"`
	ThumbSize          any          `json:"thumb_size"`
	MediumSize         any          `json:"medium_size"`
	FrameSize          any          `json:"frame_size"`
	ExpirationDateGMT  *string      `json:"expiration_date_gmt"`
	Likes              any          `json:"likes"`
	IsAnimated         any          `json:"is_animated"`
	IsApproved         any          `json:"is_approved"`
	Is360              any          `json:"is_360"`
	Duration           any          `json:"duration"`
	Type               string       `json:"type"`
	Tags               []tagBody    `json:"tags"`
	TagsString         string       `json:"tags_string"`
	File               fileBody     `json:"file"`
	IDEncoded          string       `json:"id_encoded"`
	Filename           string       `json:"filename"`
	Mime               string       `json:"mime"`
	URL                *string      `json:"url,omitempty"` // absent while awaiting moderation
	Ratio              float64      `json:"ratio"`
	SizeFormatted      string       `json:"size_formatted"`
	Frame              *variantBody `json:"frame,omitempty"` // videos only
	Image              variantBody  `json:"image"`
	Thumb              variantBody  `json:"thumb"`
	URLFrame           string       `json:"url_frame"`
	Medium             mediumBody   `json:"medium"`
	DurationTime       string       `json:"duration_time"`
	URLViewer          string       `json:"url_viewer"`
	PathViewer         string       `json:"path_viewer"`
	URLShort           string       `json:"url_short"`
	DisplayURL         *string      `json:"display_url,omitempty"` // absent while awaiting moderation
	DisplayWidth       int          `json:"display_width"`
	DisplayHeight      int          `json:"display_height"`
	ViewsLabel         string       `json:"views_label"`
	LikesLabel         string       `json:"likes_label"`
	HowLongAgo         string       `json:"how_long_ago"`
	DateFixedPeer      string       `json:"date_fixed_peer"`
	TitleTruncated     string       `json:"title_truncated"`
	TitleTruncatedHTML string       `json:"title_truncated_html"`
	IsUseLoader        bool         `json:"is_use_loader"`
	DisplayTitle       string       `json:"display_title"`
	DeleteURL          string       `json:"delete_url"`
}

type tagBody struct {
	Name string `json:"name"`
}

type fileBody struct {
	Resource struct {
		Type string `json:"type"`
	} `json:"resource"`
}

type variantBody struct {
	Filename  string  `json:"filename"`
	Name      string  `json:"name"`
	Mime      string  `json:"mime"`
	Extension string  `json:"extension"`
	URL       *string `json:"url,omitempty"` // thumb.url absent while awaiting moderation
	Size      any     `json:"size"`
}

// mediumBody is all null: the fake never makes medium-size copies. URL is
// raw so that it can be null (normally) or absent (moderation).
type mediumBody struct {
	Filename  *string         `json:"filename"`
	Name      *string         `json:"name"`
	Mime      *string         `json:"mime"`
	Extension *string         `json:"extension"`
	URL       json.RawMessage `json:"url,omitempty"`
}

// marshal encodes like PHP's json_encode with JSON_UNESCAPED_SLASHES: no
// HTML escaping, no trailing newline.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // our own types always encode
	return bytes.TrimRight(buf.Bytes(), "\n")
}

func writeBody(w http.ResponseWriter, status int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError answers a handled error: HTTP 400 JSON, or the bare message
// with HTTP 200 for format=txt|redirect.
func (s *Server) writeError(w http.ResponseWriter, f *form, o Options, e *apiErr) {
	switch f.fields["format"] {
	case "txt", "redirect":
		writeBody(w, http.StatusOK, "text/plain; charset=UTF-8", []byte(e.msg))
		return
	}
	body := errorBody{StatusCode: 400, Error: errorMsg{Message: e.msg, Code: e.code}, StatusTxt: "Bad Request"}
	if o.V3 {
		body.Error.Context = "Exception"
	}
	writeBody(w, http.StatusBadRequest, "application/json; charset=UTF-8", marshal(body))
}

// writeSuccess answers an accepted upload in the requested format.
func (s *Server) writeSuccess(w http.ResponseWriter, f *form, o Options, st *stored) {
	origin := originOf(s.URL())
	switch f.fields["format"] {
	case "txt":
		u := st.fileURL
		if !st.approved {
			u = origin + st.viewerPath
		}
		writeBody(w, http.StatusOK, "text/plain; charset=UTF-8", []byte(u))
		return
	case "redirect":
		loc := st.viewerPath
		if o.V3 {
			loc = origin + loc
		}
		w.Header().Set("Location", loc)
		w.WriteHeader(http.StatusFound)
		return
	}
	img := s.imageJSON(st, o, origin)
	body := successBody{StatusCode: 200, Success: successMsg{"file uploaded", 200}, StatusTxt: "OK"}
	if o.V3 {
		body.Success.Message = "image uploaded"
	}
	if st.dataKey {
		body.Data = img
	} else {
		body.Image = img
	}
	writeBody(w, http.StatusOK, "application/json; charset=UTF-8", marshal(body))
}

// num is a number, or its decimal string on V3 hosts.
func num(v3 bool, n int64) any {
	if v3 {
		return strconv.FormatInt(n, 10)
	}
	return n
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func strp(s string) *string { return &s }

// titleHTML escapes a title like Chevereto's safe_html.
func titleHTML(s string) string { return html.EscapeString(s) }
