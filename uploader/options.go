package uploader

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Limits the host applies silently; Check applies them visibly.
const (
	MaxTitleLen = 100 // characters; the host cuts longer titles
	MaxTagLen   = 32  // characters per tag; the host drops longer ones
)

// Check returns a validated copy of o for uploading f (f may be nil when
// no file is known yet), the warnings the user should see about what was
// changed ("title cut to 100 characters", "tag \"a/b\" dropped: tags cannot
// contain , / #", "expiration 1m raised to the host minimum 5m"), and an
// error (KindInvalid) for what cannot be sent: a junk expiration (the host
// would silently make it 5 minutes), a width over the image's, a negative
// number. The copy's Expiration is the clamped ISO-8601 duration, its tags
// are trimmed, split on commas and de-duplicated, its AlbumID is the
// encoded id even when an album URL was given.
func (o Options) Check(f *File) (Options, []string, error) {
	var warns []string
	out := o
	out.Title = strings.TrimSpace(o.Title)
	if utf8.RuneCountInString(out.Title) > MaxTitleLen {
		out.Title = string([]rune(out.Title)[:MaxTitleLen])
		warns = append(warns, fmt.Sprintf("title cut to %d characters", MaxTitleLen))
	}
	out.Tags, warns = checkTags(o.Tags, warns)
	album, err := albumID(o.AlbumID)
	if err != nil {
		return o, warns, err
	}
	out.AlbumID = album
	if err := checkNumbers(o, f); err != nil {
		return o, warns, err
	}
	out.Expiration, warns, err = checkExpiration(o.Expiration, warns)
	if err != nil {
		return o, warns, err
	}
	return out, warns, nil
}

// checkTags applies the host's tag rules and says which tags are dropped.
func checkTags(in []string, warns []string) ([]string, []string) {
	var out []string
	seen := map[string]bool{}
	for _, raw := range in {
		for _, t := range strings.Split(raw, ",") {
			t = strings.TrimSpace(t)
			switch {
			case t == "" || seen[strings.ToLower(t)]:
			case strings.ContainsAny(t, "/#"):
				warns = append(warns, fmt.Sprintf("tag %q dropped: tags cannot contain , / #", t))
			case utf8.RuneCountInString(t) > MaxTagLen:
				warns = append(warns, fmt.Sprintf("tag %q dropped: tags are at most %d characters", t, MaxTagLen))
			default:
				seen[strings.ToLower(t)] = true
				out = append(out, t)
			}
		}
	}
	return out, warns
}

// albumID accepts the encoded id ("mq") or an album URL or path
// (".../album/Name.mq" → "mq"). The host ignores a junk id silently, so a
// malformed one is an error here.
func albumID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	id := s
	if strings.Contains(id, "/") {
		if u, err := url.Parse(id); err == nil {
			id = u.Path
		}
		id = strings.TrimRight(id, "/")
		id = id[strings.LastIndex(id, "/")+1:]
	}
	if i := strings.LastIndex(id, "."); i >= 0 {
		id = id[i+1:]
	}
	if id == "" || len(id) > 64 || strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) >= 0 {
		return "", invalidf(KindInvalid, "album %q is not an album id — use the id at the end of the album's address (…/album/Name.mq → mq)", Clip(s, 80))
	}
	return id, nil
}

// checkNumbers refuses negative numbers and a width the image cannot give.
func checkNumbers(o Options, f *File) error {
	switch {
	case o.CategoryID < 0:
		return invalidf(KindInvalid, "category %d is not valid — use the category's number, or none", o.CategoryID)
	case o.Width < 0:
		return invalidf(KindInvalid, "width %d is not valid — use a width in pixels, or none", o.Width)
	case f != nil && f.Width > 0 && o.Width > f.Width:
		return invalidf(KindInvalid, "width %d is larger than the image (%d px wide)", o.Width, f.Width)
	}
	return nil
}

// checkExpiration parses, clamps and canonicalises the expiration.
func checkExpiration(s string, warns []string) (string, []string, error) {
	d, err := ParseExpiration(s)
	if err != nil {
		return "", warns, invalidf(KindInvalid, "expiration %q is not valid: %v", Clip(strings.TrimSpace(s), 40), err)
	}
	c := ClampExpiration(d)
	switch {
	case d > 0 && c > d:
		warns = append(warns, fmt.Sprintf("expiration %s raised to the host minimum %s", humanDuration(d), humanDuration(c)))
	case c < d:
		warns = append(warns, fmt.Sprintf("expiration %s lowered to the host maximum %s", humanDuration(d), humanDuration(c)))
	}
	return FormatExpiration(c), warns, nil
}
