package uploader

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The host clamps expirations to this range; a junk value silently becomes
// the minimum, which is why the client parses and rejects junk itself.
const (
	MinExpiration = 5 * time.Minute
	MaxExpiration = 365 * 24 * time.Hour
)

const day = 24 * time.Hour

// isoDuration matches an ISO-8601 duration as PHP's DateInterval reads it:
// P[nY][nM][nW][nD][T[nH][nM][nS]], whole numbers only.
var isoDuration = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// isoUnits are the lengths of the isoDuration groups, in order. Months and
// years are approximated (30 and 365 days): the host clamps to a year anyway.
var isoUnits = [...]time.Duration{365 * day, 30 * day, 7 * day, day, time.Hour, time.Minute, time.Second}

var (
	errExpirationSyntax = errors.New("use seconds (300) or an ISO-8601 duration (PT5M, P3D, P1Y2M, PT1H30M)")
	errExpirationLong   = errors.New("it is far longer than the host's maximum of 1 year")
)

// ParseExpiration reads an expiration as the host does: "" (none) → 0,
// whole seconds ("300"), or an ISO-8601 duration ("PT5M", "P3D", "P1Y2M",
// "PT1H30M"). Anything else is an error, where the host would silently use
// 5 minutes. The result is not clamped (see ClampExpiration).
func ParseExpiration(s string) (time.Duration, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	if isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > math.MaxInt64/int64(time.Second) {
			return 0, errExpirationLong
		}
		return time.Duration(n) * time.Second, nil
	}
	m := isoDuration.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, errExpirationSyntax
	}
	var total time.Duration
	for i, unit := range isoUnits {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.ParseInt(m[i+1], 10, 64)
		if err != nil || n > int64((math.MaxInt64-total)/unit) {
			return 0, errExpirationLong
		}
		total += time.Duration(n) * unit
	}
	return total, nil
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ClampExpiration limits d to [5 min, 1 year] like the server. Zero or
// negative means "never expires" and stays 0.
func ClampExpiration(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return 0
	case d < MinExpiration:
		return MinExpiration
	case d > MaxExpiration:
		return MaxExpiration
	}
	return d
}

// FormatExpiration writes d as an ISO-8601 duration the host accepts
// ("PT5M", "P3DT12H"), whole seconds; 0 gives "".
func FormatExpiration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("P")
	rest := d.Truncate(time.Second)
	if days := rest / day; days > 0 {
		b.WriteString(strconv.FormatInt(int64(days), 10) + "D")
		rest -= days * day
	}
	if rest > 0 {
		b.WriteString("T")
		for _, u := range []struct {
			d time.Duration
			s string
		}{{time.Hour, "H"}, {time.Minute, "M"}, {time.Second, "S"}} {
			if n := rest / u.d; n > 0 {
				b.WriteString(strconv.FormatInt(int64(n), 10) + u.s)
				rest -= n * u.d
			}
		}
	}
	if b.Len() == 1 {
		return "PT1S"
	}
	return b.String()
}

// humanDuration is a short label for warnings: "5m", "1y", "3d", "1h30m".
func humanDuration(d time.Duration) string {
	if d == MaxExpiration {
		return "1y"
	}
	var b strings.Builder
	for _, u := range []struct {
		d time.Duration
		s string
	}{{day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.d; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.s)
			d -= n * u.d
		}
	}
	if b.Len() == 0 {
		return "0s"
	}
	return b.String()
}
