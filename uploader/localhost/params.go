package localhost

import (
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

var (
	isoDuration = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)
	digits      = regexp.MustCompile(`^\d+$`)
	titleSep    = regexp.MustCompile(`[-_\s]+`)
	nonSlug     = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

// expiration turns the expiration field into the expiry time like the
// server: seconds or an ISO-8601 duration, clamped to [5 min, 1 year];
// anything else silently becomes 5 minutes. ok is false for "no expiry".
func expiration(v string, now time.Time) (time.Time, bool) {
	if v == "" || v == "0" { // falsy values are dropped by the server
		return time.Time{}, false
	}
	lo, hi := now.Add(5*time.Minute), now.AddDate(1, 0, 0)
	var t time.Time
	if digits.MatchString(v) {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > int64(400*24*3600) {
			return hi, true
		}
		t = now.Add(time.Duration(secs) * time.Second)
	} else {
		m := isoDuration.FindStringSubmatch(v)
		if m == nil || v == "P" || strings.HasSuffix(v, "T") {
			return lo, true
		}
		n := make([]int, 8)
		for i := 1; i < 8; i++ {
			n[i], _ = strconv.Atoi(m[i])
			if n[i] > 100000 { // absurd: far past the one-year cap anyway
				return hi, true
			}
		}
		t = now.AddDate(n[1], n[2], 7*n[3]+n[4]).Add(
			time.Duration(n[5])*time.Hour + time.Duration(n[6])*time.Minute + time.Duration(n[7])*time.Second)
	}
	if t.Before(lo) {
		return lo, true
	}
	if t.After(hi) {
		return hi, true
	}
	return t, true
}

// tagList applies the tag rules: comma list, each 1–32 characters without
// "/" or "#"; bad and repeated ones are dropped silently.
func tagList(v string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		n := utf8.RuneCountInString(t)
		if n < 1 || n > 32 || strings.ContainsAny(t, "/#") || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// truncate is Chevereto's title_truncated: over 28 characters → 25 + "...".
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 28 {
		return s
	}
	return cut(s, 25) + "..."
}

// baseName is a file name without directory and extension.
func baseName(filename string) string {
	b := path.Base(strings.ReplaceAll(filename, `\`, "/"))
	if b == "." || b == "/" {
		return ""
	}
	return strings.TrimSuffix(b, path.Ext(b))
}

// defaultTitle derives a title from the original file name, as the server
// does when no title is sent ("my_shot-1.png" → "my shot 1").
func defaultTitle(filename string) string {
	return strings.TrimSpace(titleSep.ReplaceAllString(baseName(filename), " "))
}

// slug keeps ASCII letters and digits joined by "-", at most n characters.
func slug(s string, n int) string {
	s = strings.Trim(nonSlug.ReplaceAllString(s, "-"), "-")
	if len(s) > n {
		s = strings.TrimRight(s[:n], "-")
	}
	return s
}

// formatBytes is Chevereto's format_bytes: 1000-based, one decimal at most.
func formatBytes(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	units := []string{"KB", "MB", "GB", "TB", "PB"}
	for i, u := range units {
		mult := math.Pow(1000, float64(i+1))
		if float64(n) < mult*1000 || i == len(units)-1 {
			v := math.Round(float64(n)/mult*10) / 10
			return strconv.FormatFloat(v, 'f', -1, 64) + " " + u
		}
	}
	return ""
}

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// encodeID turns a numeric id into a short base-62 id like "mq".
func encodeID(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 62 {
		b = append([]byte{idAlphabet[n%62]}, b...)
	}
	return string(b)
}
