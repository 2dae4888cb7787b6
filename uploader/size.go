package uploader

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// sizeUnits maps a unit suffix (upper case, spaces removed) to its factor.
// Hosts write limits in 1000-based units ("File too big - max 2 MB"), so MB
// is 10^6; the IEC names (MiB) are 1024-based.
var sizeUnits = map[string]float64{
	"": 1, "B": 1,
	"K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6, "G": 1e9, "GB": 1e9, "T": 1e12, "TB": 1e12,
	"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40,
}

var errSizeSyntax = errors.New(`use a size like "5MB", "500 KB", "1.5MB" or "2MiB"`)

// ParseSize reads a size limit: "5MB", "5 MB", "1.5MB", "500KB", "2MiB",
// "0", "1048576". MB/KB/GB are 1000-based like the hosts; MiB/KiB/GiB are
// 1024-based. The result is rounded to whole bytes.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], t[i:]
	factor, ok := sizeUnits[unit]
	if num == "" || !ok {
		return 0, errSizeSyntax
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || v < 0 {
		return 0, errSizeSyntax
	}
	bytes := math.Round(v * factor)
	if bytes >= math.MaxInt64 {
		return 0, errors.New("size is too large")
	}
	return int64(bytes), nil
}

// FormatSize writes n bytes the way hosts do, 1000-based with at most one
// decimal: "160 B", "5 MB", "1.2 MB".
func FormatSize(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	units := []string{"KB", "MB", "GB", "TB", "PB", "EB"}
	v := float64(n)
	u := -1
	for v >= 999.95 && u < len(units)-1 {
		v /= 1000
		u++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + units[u]
}
