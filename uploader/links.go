package uploader

import (
	"errors"
	"fmt"
	"html"
	"path"
	"strconv"
	"strings"
)

// The built-in link format names. They are stable: the CLI's --output flag,
// profiles and settings store them.
const (
	FormatURL           = "url"
	FormatViewer        = "viewer"
	FormatShort         = "short"
	FormatThumb         = "thumb"
	FormatDelete        = "delete"
	FormatMarkdown      = "markdown"
	FormatMarkdownThumb = "markdown-thumb"
	FormatHTML          = "html"
	FormatHTMLThumb     = "html-thumb"
	FormatBBCode        = "bbcode"
	FormatBBCodeThumb   = "bbcode-thumb"
)

// LinkFormats returns every built-in format name in menu order. The delete
// link comes last: it is a secret that removes the file when opened.
func LinkFormats() []string {
	return []string{
		FormatURL, FormatViewer, FormatShort, FormatThumb,
		FormatMarkdown, FormatMarkdownThumb, FormatHTML, FormatHTMLThumb,
		FormatBBCode, FormatBBCodeThumb, FormatDelete,
	}
}

// LinkData is what a link is made from: the host's answer and the local
// names the user knows the file by.
type LinkData struct {
	Result   *Result
	Filename string // local file name, e.g. "shot.png"
	Title    string // title the user gave, "" for none
}

// placeholders are the names a custom template may use, with their values.
var placeholders = map[string]func(LinkData) string{
	"url":      func(d LinkData) string { return directURL(d.Result) },
	"viewer":   func(d LinkData) string { return viewerURL(d.Result) },
	"short":    func(d LinkData) string { return shortURL(d.Result) },
	"thumb":    func(d LinkData) string { return thumbURL(d.Result) },
	"delete":   func(d LinkData) string { return d.Result.Delete },
	"filename": fileName,
	"title":    title,
	"width":    func(d LinkData) string { return strconv.Itoa(d.Result.Width) },
	"height":   func(d LinkData) string { return strconv.Itoa(d.Result.Height) },
	"size":     func(d LinkData) string { return strconv.FormatInt(d.Result.Size, 10) },
}

// FormatLink renders one link. format is a built-in name (see LinkFormats)
// or a custom template such as "{url} ({width}×{height})" using the
// placeholders {url} {viewer} {short} {thumb} {delete} {filename} {title}
// {width} {height} {size} ({size} is in bytes). Template values are inserted
// as they are, without escaping.
//
// Image formats of a moderated result (no direct URL yet) become plain
// links to the viewer page, because an image tag pointing at a web page
// shows nothing.
func FormatLink(format string, d LinkData) (string, error) {
	if d.Result == nil {
		return "", errors.New("format link: no upload result")
	}
	switch format {
	case FormatURL, FormatViewer, FormatShort, FormatThumb:
		return placeholders[format](d), nil
	case FormatDelete:
		if d.Result.Delete == "" {
			return "", fmt.Errorf("the host gave no delete link for %s", fileName(d))
		}
		return d.Result.Delete, nil
	case FormatMarkdown, FormatMarkdownThumb:
		return markdown(d, format == FormatMarkdownThumb), nil
	case FormatHTML, FormatHTMLThumb:
		return htmlLink(d, format == FormatHTMLThumb), nil
	case FormatBBCode, FormatBBCodeThumb:
		return bbcode(d, format == FormatBBCodeThumb), nil
	}
	return expandTemplate(format, d)
}

// ValidateLinkFormat checks a built-in name or a custom template without
// rendering anything, so that a typo is reported before uploading.
func ValidateLinkFormat(format string) error {
	_, err := FormatLink(format, LinkData{Result: &Result{Delete: "x"}})
	return err
}

// JoinLinks renders one link per input, in input order, joined by "\n"
// (no trailing newline).
func JoinLinks(format string, ds []LinkData) (string, error) {
	lines := make([]string, 0, len(ds))
	for _, d := range ds {
		s, err := FormatLink(format, d)
		if err != nil {
			return "", err
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n"), nil
}

// expandTemplate replaces {name} placeholders. Braces around anything that
// is not a simple lower-case word are kept literally, so templates may
// contain JSON or CSS; an unknown word is an error rather than a silent
// blank.
func expandTemplate(tmpl string, d LinkData) (string, error) {
	var b strings.Builder
	used := false
	for i := 0; i < len(tmpl); {
		name, n := placeholderAt(tmpl[i:])
		if n == 0 {
			b.WriteByte(tmpl[i])
			i++
			continue
		}
		value, ok := placeholders[strings.ToLower(name)]
		if !ok {
			return "", fmt.Errorf("unknown placeholder {%s} in link format %q — use {url} {viewer} {short} {thumb} {delete} {filename} {title} {width} {height} {size}", name, tmpl)
		}
		b.WriteString(value(d))
		used = true
		i += n
	}
	if !used {
		return "", fmt.Errorf("unknown link format %q — use one of %s, or a template such as \"{url}\"", tmpl, strings.Join(LinkFormats(), ", "))
	}
	return b.String(), nil
}

// placeholderAt reports the name and length of a "{word}" at the start of
// s, or n == 0 when s does not start with one.
func placeholderAt(s string) (name string, n int) {
	if len(s) < 3 || s[0] != '{' {
		return "", 0
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '}' && i > 1:
			return s[1:i], i + 1
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '-' && i > 1:
		default:
			return "", 0
		}
	}
	return "", 0
}

// directURL is the file itself; moderated results only have the viewer page.
func directURL(r *Result) string { return firstOf(r.URL, r.Viewer) }

func viewerURL(r *Result) string { return firstOf(r.Viewer, r.URL) }

func shortURL(r *Result) string { return firstOf(r.Short, r.Viewer, r.URL) }

func thumbURL(r *Result) string { return firstOf(r.Thumb, r.URL, r.Viewer) }

// fileName is the local name, else the host's, else the last URL segment.
func fileName(d LinkData) string {
	if n := firstOf(d.Filename, d.Result.Name); n != "" {
		return n
	}
	if u := directURL(d.Result); u != "" {
		return path.Base(strings.SplitN(u, "?", 2)[0])
	}
	return ""
}

// title is what alt texts show: the user's title, the host's, the file name.
func title(d LinkData) string {
	return firstOf(d.Title, d.Result.Title, fileName(d), "image")
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// linkParts picks the image source and the link target of a format.
// Thumbnail variants show the thumbnail and link to the viewer page.
func linkParts(d LinkData, thumb bool) (src, href string) {
	r := d.Result
	if thumb {
		return firstOf(r.Thumb, r.URL, r.Viewer), firstOf(r.Viewer, r.URL)
	}
	return directURL(r), ""
}

// showsImage reports whether an image tag would show anything: a moderated
// result has only its viewer page until a moderator approves it.
func showsImage(d LinkData, thumb bool) bool {
	r := d.Result
	if r.Moderated {
		return false
	}
	if thumb {
		return firstOf(r.Thumb, r.URL) != ""
	}
	return r.URL != ""
}

// markdown renders ![alt](src), or [![alt](thumb)](viewer), or [alt](viewer)
// when there is no image to show.
func markdown(d LinkData, thumb bool) string {
	alt := markdownText(title(d))
	src, href := linkParts(d, thumb)
	switch {
	case !showsImage(d, thumb):
		return "[" + alt + "](" + markdownURL(viewerURL(d.Result)) + ")"
	case thumb:
		return "[![" + alt + "](" + markdownURL(src) + ")](" + markdownURL(href) + ")"
	default:
		return "![" + alt + "](" + markdownURL(src) + ")"
	}
}

// htmlLink renders an <img>, an <img> inside an <a>, or a plain <a> when
// there is no image to show. Every value is escaped as an attribute.
func htmlLink(d LinkData, thumb bool) string {
	alt := html.EscapeString(oneLine(title(d)))
	src, href := linkParts(d, thumb)
	img := `<img src="` + html.EscapeString(cleanURL(src, "")) + `" alt="` + alt + `">`
	switch {
	case !showsImage(d, thumb):
		return `<a href="` + html.EscapeString(cleanURL(viewerURL(d.Result), "")) + `">` + alt + `</a>`
	case thumb:
		return `<a href="` + html.EscapeString(cleanURL(href, "")) + `">` + img + `</a>`
	default:
		return img
	}
}

// bbcode renders [img]src[/img], [url=viewer][img]thumb[/img][/url], or
// [url=viewer]title[/url] when there is no image to show. BBCode has no
// portable alt text, so the title only appears in the last form.
func bbcode(d LinkData, thumb bool) string {
	src, href := linkParts(d, thumb)
	switch {
	case !showsImage(d, thumb):
		alt := strings.NewReplacer("[", "", "]", "").Replace(oneLine(title(d)))
		return "[url=" + bbcodeURL(viewerURL(d.Result)) + "]" + alt + "[/url]"
	case thumb:
		return "[url=" + bbcodeURL(href) + "][img]" + bbcodeURL(src) + "[/img][/url]"
	default:
		return "[img]" + bbcodeURL(src) + "[/img]"
	}
}

// markdownText escapes the characters that would end or nest link text.
func markdownText(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		if strings.ContainsRune(`\[]()`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// markdownURL percent-encodes what would end a Markdown link destination.
func markdownURL(u string) string { return cleanURL(u, `()<>\`) }

// bbcodeURL percent-encodes what would end a BBCode tag.
func bbcodeURL(u string) string { return cleanURL(u, `[]"`) }

// cleanURL percent-encodes spaces, control characters and the given extra
// characters; hosts normally send URLs that need none of this.
func cleanURL(u, extra string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(extra, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// oneLine replaces line breaks and other control characters with spaces so
// that every link stays on one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return ' '
		}
		return r
	}, s)
}
