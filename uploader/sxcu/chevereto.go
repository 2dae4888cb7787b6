package sxcu

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/upshot-app/upshot/uploader"
)

// Chevereto is a custom uploader for a Chevereto site reduced to what a
// normal Upshot profile needs: Upshot's own client then does the upload.
type Chevereto struct {
	Endpoint string           // the normalised …/api/1/upload URL
	Key      string           // from the X-API-Key header or the key argument; "" if none
	Defaults uploader.Options // from plain arguments the API knows (title, album_id, …)
	Dropped  []string         // what the profile leaves out, for warnings
}

// cheveretoPath is the path of Chevereto's API V1.1.
const cheveretoPath = "/api/1/upload"

// Chevereto reports whether s uploads to a Chevereto API V1.1 endpoint (a
// POST to …/api/1/upload with the file in "source"), and what it holds.
// A key that is not plain text (say {random:…}) keeps s a custom uploader.
func (s Spec) Chevereto() (Chevereto, bool) {
	e, err := ParseExpr(s.RequestURL)
	if err != nil || s.Method != "" || s.FileFormName != "source" {
		return Chevereto{}, false
	}
	raw, ok := e.Literal()
	u, err := url.Parse(raw)
	if !ok || err != nil || !strings.HasSuffix(strings.TrimRight(u.Path, "/"), cheveretoPath) {
		return Chevereto{}, false
	}
	ep, err := uploader.NormalizeEndpoint(raw)
	if err != nil {
		return Chevereto{}, false
	}
	c := Chevereto{Endpoint: ep}
	if c.Key, ok = s.cheveretoKey(); !ok {
		return Chevereto{}, false
	}
	c.Defaults, c.Dropped = cheveretoOptions(s)
	return c, true
}

// cheveretoKey is the plain key of the X-API-Key header, else of the key
// argument, else of the key parameter; false when it is an expression.
func (s Spec) cheveretoKey() (string, bool) {
	var slots []string
	for k := range s.Headers {
		if strings.EqualFold(k, "X-API-Key") {
			slots = append(slots, slotHeader+k)
		}
	}
	slots = append(slots, slotArg+"key", slotParam+"key")
	for _, slot := range slots {
		v, ok := s.Value(slot)
		if !ok {
			continue
		}
		e, err := ParseExpr(v)
		if err != nil {
			return "", false
		}
		key, plain := e.Literal()
		switch {
		case !plain:
			return "", false
		case key != "":
			return key, true
		}
	}
	return "", true
}

// apiFields are arguments the profile needs no default for.
var apiFields = []string{"key", "format", "action", "source"}

// cheveretoOptions maps plain arguments the API knows to upload defaults
// and lists what is left out.
func cheveretoOptions(s Spec) (uploader.Options, []string) {
	var o uploader.Options
	var dropped []string
	for _, slot := range s.Slots() {
		kind, name, _ := strings.Cut(slot, ":")
		v, _ := s.Value(slot)
		e, _ := ParseExpr(v)
		text, plain := e.Literal()
		switch {
		case kind == "header" && strings.EqualFold(name, "X-API-Key"):
		case kind == "header":
			dropped = append(dropped, fmt.Sprintf("header %s left out: Upshot's Chevereto client sends its own", name))
		case slices.Contains(apiFields, name):
		case kind == "param":
			dropped = append(dropped, fmt.Sprintf("parameter %s left out: Chevereto takes nothing in the query string", name))
		case !plain || !setOption(&o, name, text):
			dropped = append(dropped, fmt.Sprintf("argument %s left out: not a plain value of a Chevereto upload field", name))
		}
	}
	return o, dropped
}

// setOption sets the option a Chevereto field stands for; false if the
// field or its value is not one.
func setOption(o *uploader.Options, name, v string) bool {
	num := func(dst *int) bool {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return false // left out: the option keeps its zero value
		}
		*dst = n
		return true
	}
	switch name {
	case "title":
		o.Title = v
	case "description":
		o.Description = v
	case "tags":
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				o.Tags = append(o.Tags, t)
			}
		}
	case "album_id":
		o.AlbumID = v
	case "category_id":
		return num(&o.CategoryID)
	case "width":
		return num(&o.Width)
	case "expiration":
		if _, err := uploader.ParseExpiration(v); err != nil {
			return false
		}
		o.Expiration = v
	case "nsfw":
		o.NSFW = v == "1" || strings.EqualFold(v, "true")
	case "use_file_date":
		o.UseFileDate = v == "1" || strings.EqualFold(v, "true")
	default:
		return false
	}
	return true
}

// CheveretoFile is the .sxcu of a Chevereto profile, as current ShareX
// accepts it: a multipart POST of "source" with format=json, the links
// read from the JSON answer. The key goes into the X-API-Key header only
// when key is not "".
func CheveretoFile(name, endpoint, key string) File {
	f := File{
		Version: CurrentVersion, Name: name, DestinationType: "ImageUploader, FileUploader",
		RequestMethod: "POST", RequestURL: endpoint, Body: "MultipartFormData",
		Arguments: map[string]string{"format": "json"}, FileFormName: "source",
		URL: "{json:image.url}", ThumbnailURL: "{json:image.thumb.url}",
		DeletionURL: "{json:image.delete_url}", ErrorMessage: "{json:error.message}",
	}
	if key != "" {
		f.Headers = map[string]string{"X-API-Key": key}
	}
	return f
}

// File is the .sxcu of a custom uploader spec, as current ShareX accepts it.
func (s Spec) File(name string) File {
	m := s.Method
	if m == "" {
		m = "POST"
	}
	return File{
		Version: CurrentVersion, Name: name, DestinationType: "ImageUploader, FileUploader",
		RequestMethod: m, RequestURL: s.RequestURL, Parameters: s.Parameters, Headers: s.Headers,
		Body: "MultipartFormData", Arguments: s.Arguments, FileFormName: s.FileFormName,
		URL: s.URL, ThumbnailURL: s.ThumbnailURL, DeletionURL: s.DeletionURL, ErrorMessage: s.ErrorMessage,
	}
}
