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

// LinkFormat is one built-in link format: the one place that says what a
// format is called, how it reads in a menu and how it renders. The CLI's
// --output help, the Settings and main window choosers and README's table
// are all made from LinkFormatTable.
type LinkFormat struct {
	Name   string                         // stable: --output, profiles and settings store it
	Label  string                         // translation key of its readable name (assets/translations)
	Render func(LinkData) (string, error) // the link of one upload
}

// LinkFormatTable lists the built-in formats in menu order. The delete link
// comes last: it is a secret that removes the file when opened.
func LinkFormatTable() []LinkFormat {
	return []LinkFormat{
		{FormatURL, "format.url", plain(directURL)},
		{FormatViewer, "format.viewer", plain(viewerURL)},
		{FormatShort, "format.short", plain(shortURL)},
		{FormatThumb, "format.thumb", plain(thumbURL)},
		{FormatMarkdown, "format.markdown", markup(markdown, fullImage)},
		{FormatMarkdownThumb, "format.markdown_thumb", markup(markdown, thumbLinked)},
		{FormatHTML, "format.html", markup(htmlLink, fullImage)},
		{FormatHTMLThumb, "format.html_thumb", markup(htmlLink, thumbLinked)},
		{FormatBBCode, "format.bbcode", markup(bbcode, fullImage)},
		{FormatBBCodeThumb, "format.bbcode_thumb", markup(bbcode, thumbLinked)},
		{"markdown-linked", "format.markdown_linked", markup(markdown, fullLinked)},
		{"html-linked", "format.html_linked", markup(htmlLink, fullLinked)},
		{"bbcode-linked", "format.bbcode_linked", markup(bbcode, fullLinked)},
		{FormatDelete, "format.delete", deleteLink},
	}
}

// LinkFormats returns every built-in format name in menu order.
func LinkFormats() []string {
	t := LinkFormatTable()
	names := make([]string, len(t))
	for i, f := range t {
		names[i] = f.Name
	}
	return names
}

// FindLinkFormat returns the built-in format called name.
func FindLinkFormat(name string) (LinkFormat, bool) {
	for _, f := range LinkFormatTable() {
		if f.Name == name {
			return f, true
		}
	}
	return LinkFormat{}, false
}

// ActiveLinkFormat is the format that applies: the profile's, else the
// app's setting, else the direct link.
func ActiveLinkFormat(profileFormat, appFormat string) string {
	return firstOf(profileFormat, appFormat, FormatURL)
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

// FormatLink renders one link. format is a built-in name (see
// LinkFormatTable) or a custom template such as "{url} ({width}×{height})"
// using the placeholders {url} {viewer} {short} {thumb} {delete} {filename}
// {title} {width} {height} {size} ({size} is in bytes). Template values are
// inserted as they are, without escaping.
//
// Image formats of a moderated result (no direct URL yet) become plain
// links to the viewer page, because an image tag pointing at a web page
// shows nothing.
func FormatLink(format string, d LinkData) (string, error) {
	if d.Result == nil {
		return "", errors.New("format link: no upload result")
	}
	if f, ok := FindLinkFormat(format); ok {
		return f.Render(d)
	}
	return expandTemplate(format, d)
}

// plain renders a format that is one URL.
func plain(url func(*Result) string) func(LinkData) (string, error) {
	return func(d LinkData) (string, error) { return url(d.Result), nil }
}

// deleteLink is the link that deletes the file, which not every host gives.
func deleteLink(d LinkData) (string, error) {
	if d.Result.Delete == "" {
		return "", fmt.Errorf("the host gave no delete link for %s", fileName(d))
	}
	return d.Result.Delete, nil
}

// picture is what an image format shows (src) and where a click on it
// leads (href, "" = nowhere); shows is false when an image tag would show
// nothing (a moderated result has only its viewer page).
type picture struct {
	src, href string
	shows     bool
}

// fullImage is the file itself, not linked.
func fullImage(d LinkData) picture {
	r := d.Result
	return picture{src: directURL(r), shows: !r.Moderated && r.URL != ""}
}

// thumbLinked is the thumbnail, linked to the viewer page.
func thumbLinked(d LinkData) picture {
	r := d.Result
	return picture{src: firstOf(r.Thumb, r.URL, r.Viewer), href: firstOf(r.Viewer, r.URL),
		shows: !r.Moderated && firstOf(r.Thumb, r.URL) != ""}
}

// fullLinked is the file itself, linked to the viewer page (Chevereto's
// "full image linked" embed code).
func fullLinked(d LinkData) picture {
	p := fullImage(d)
	p.href = firstOf(d.Result.Viewer, d.Result.URL)
	return p
}

// markup renders a picture in one markup language.
func markup(lang func(LinkData, picture) string, pic func(LinkData) picture) func(LinkData) (string, error) {
	return func(d LinkData) (string, error) { return lang(d, pic(d)), nil }
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

// markdown renders ![alt](src), or [![alt](src)](href), or [alt](viewer)
// when there is no image to show.
func markdown(d LinkData, p picture) string {
	alt := markdownText(title(d))
	switch {
	case !p.shows:
		return "[" + alt + "](" + markdownURL(viewerURL(d.Result)) + ")"
	case p.href != "":
		return "[![" + alt + "](" + markdownURL(p.src) + ")](" + markdownURL(p.href) + ")"
	default:
		return "![" + alt + "](" + markdownURL(p.src) + ")"
	}
}

// htmlLink renders an <img>, an <img> inside an <a>, or a plain <a> when
// there is no image to show. Every value is escaped as an attribute.
func htmlLink(d LinkData, p picture) string {
	alt := html.EscapeString(oneLine(title(d)))
	img := `<img src="` + html.EscapeString(cleanURL(p.src, "")) + `" alt="` + alt + `">`
	switch {
	case !p.shows:
		return `<a href="` + html.EscapeString(cleanURL(viewerURL(d.Result), "")) + `">` + alt + `</a>`
	case p.href != "":
		return `<a href="` + html.EscapeString(cleanURL(p.href, "")) + `">` + img + `</a>`
	default:
		return img
	}
}

// bbcode renders [img]src[/img], [url=href][img]src[/img][/url], or
// [url=viewer]title[/url] when there is no image to show. BBCode has no
// portable alt text, so the title only appears in the last form.
func bbcode(d LinkData, p picture) string {
	switch {
	case !p.shows:
		alt := strings.NewReplacer("[", "", "]", "").Replace(oneLine(title(d)))
		return "[url=" + bbcodeURL(viewerURL(d.Result)) + "]" + alt + "[/url]"
	case p.href != "":
		return "[url=" + bbcodeURL(p.href) + "][img]" + bbcodeURL(p.src) + "[/img][/url]"
	default:
		return "[img]" + bbcodeURL(p.src) + "[/img]"
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
