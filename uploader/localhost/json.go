package localhost

import (
	"encoding/json"
	"strings"
	"time"
)

const dateLayout = "2006-01-02 15:04:05"

// imageJSON builds the "image" object of a success answer.
func (s *Server) imageJSON(st *stored, o Options, origin string) *imageBody {
	v3, name := o.V3, strings.TrimSuffix(st.Name, "."+st.ext)
	thumbSize, frameSize, chain := st.Size, int64(0), int64(5) // chain bits: 1 image, 4 thumb, 16 frame
	if st.kind == "video" {
		thumbSize, frameSize, chain = int64(len(st.frame)), int64(len(st.frame)), 21
	}
	b := &imageBody{
		Name: name, Extension: st.ext,
		Size: num(v3, st.Size), Width: num(v3, int64(st.Width)), Height: num(v3, int64(st.Height)),
		Date: st.date.In(time.Local).Format(dateLayout), DateGMT: st.date.UTC().Format(dateLayout),
		Title: st.title, NSFW: num(v3, b2i(st.nsfw)), StorageMode: "datefolder", MD5: st.MD5,
		OriginalFilename: st.origName, Views: num(v3, 0), Chain: num(v3, chain),
		ThumbSize: num(v3, thumbSize), MediumSize: num(v3, 0), FrameSize: num(v3, frameSize),
		Likes: num(v3, 0), IsAnimated: num(v3, 0), IsApproved: num(v3, b2i(st.approved)),
		Is360: num(v3, 0), Duration: num(v3, 0), Type: st.kind,
		Tags: []tagBody{}, TagsString: strings.Join(st.tags, ","),
		IDEncoded: st.ID, Filename: st.Name, Mime: st.Mime, SizeFormatted: formatBytes(st.Size),
		Image: variantBody{Filename: st.Name, Name: name, Mime: st.Mime, Extension: st.ext,
			URL: strp(st.fileURL), Size: num(v3, st.Size)},
		URLViewer: origin + st.viewerPath, PathViewer: st.viewerPath, URLShort: origin + st.shortPath,
		DisplayWidth: st.Width, DisplayHeight: st.Height,
		ViewsLabel: "views", LikesLabel: "likes", HowLongAgo: "moments ago",
		DateFixedPeer: st.date.UTC().Format(dateLayout), DisplayTitle: st.title,
		TitleTruncated: truncate(st.title), TitleTruncatedHTML: titleHTML(truncate(st.title)),
		DeleteURL: origin + st.shortPath + "/delete/" + st.token,
	}
	b.File.Resource.Type = "path"
	s.fillOptional(b, st, v3)
	s.fillVariants(b, st, name, v3)
	return b
}

// fillOptional sets the values that are null unless the upload had them.
func (s *Server) fillOptional(b *imageBody, st *stored, v3 bool) {
	if st.description != "" {
		b.Description = strp(st.description)
	}
	if st.categoryID != nil {
		b.CategoryID = num(v3, *st.categoryID)
	}
	if st.expires != nil {
		b.ExpirationDateGMT = strp(st.expires.UTC().Format(dateLayout))
	}
	for _, t := range st.tags {
		b.Tags = append(b.Tags, tagBody{Name: t})
	}
	if st.Height > 0 {
		b.Ratio = float64(st.Width) / float64(st.Height)
	}
}

// fillVariants sets thumb, frame, medium and the direct URLs, leaving the
// direct ones out while the upload awaits moderation.
func (s *Server) fillVariants(b *imageBody, st *stored, name string, v3 bool) {
	b.Thumb = variantBody{Filename: name + ".th." + st.ext, Name: name + ".th", Mime: st.Mime,
		Extension: st.ext, Size: b.ThumbSize}
	display := st.fileURL
	if st.kind == "video" {
		b.Thumb = variantBody{Filename: name + ".th.jpeg", Name: name + ".th", Mime: "image/jpeg",
			Extension: "jpeg", Size: b.ThumbSize}
		b.Frame = &variantBody{Filename: name + ".fr.jpeg", Name: name + ".fr", Mime: "image/jpeg",
			Extension: "jpeg", URL: strp(st.frameURL), Size: b.FrameSize}
		b.URLFrame, b.DurationTime, display = st.frameURL, "00:00", st.frameURL
	}
	if !st.approved {
		return
	}
	b.URL, b.DisplayURL, b.Thumb.URL = strp(st.fileURL), strp(display), strp(st.thumbURL)
	b.Medium.URL = json.RawMessage("null")
}
