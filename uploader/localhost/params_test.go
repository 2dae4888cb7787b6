package localhost

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestExpiration(t *testing.T) {
	now := fixedNow()
	five, year := now.Add(5*time.Minute), now.AddDate(1, 0, 0)
	tests := []struct {
		in   string
		want time.Time // zero = no expiration
	}{
		{"", time.Time{}},
		{"0", time.Time{}},
		{"300", five},
		{"60", five},
		{"3600", now.Add(time.Hour)},
		{"PT5M", five},
		{"PT1H30M", now.Add(90 * time.Minute)},
		{"P3D", now.AddDate(0, 0, 3)},
		{"P1W", now.AddDate(0, 0, 7)},
		{"P1Y", year},
		{"P2Y", year},
		{"99999999999", year},
		{"99999999999999999999", year},
		{"junk", five},
		{"PT", five},
		{"P", five},
		{"P1DT", five},
		{"5m", five},
		{"-5", five},
		{"1.5", five},
	}
	for _, tt := range tests {
		got, ok := expiration(tt.in, now)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("expiration(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestExpirationInResponse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"P3D", "2026-11-26 06:40:06"},
		{"junk", "2026-11-23 06:45:06"},
		{"P5Y", "2027-11-23 06:40:06"},
	}
	for _, tt := range tests {
		s := NewTB(t, Options{Key: testKey, Now: fixedNow})
		_, _, body := do(t, s, withKey(pngPart(t), map[string]string{"expiration": tt.in}))
		if got := decode(t, body)["image"].(map[string]any)["expiration_date_gmt"]; got != tt.want {
			t.Errorf("expiration %q: expiration_date_gmt = %v, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {160, "160 B"}, {999, "999 B"}, {1000, "1 KB"}, {1500, "1.5 KB"},
		{2_000_000, "2 MB"}, {5_000_000, "5 MB"}, {3_011_299, "3 MB"}, {1_250_000_000, "1.3 GB"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestTextHelpers(t *testing.T) {
	if got := tagList(" a ,b/c,#d,,a, ok ,é," + strings.Repeat("x", 33)); !slices.Equal(got, []string{"a", "ok", "é"}) {
		t.Errorf("tagList = %q", got)
	}
	tests := []struct{ fn, in, want string }{
		{"title", "Badgers _ animated music video _ MrWeebl.mp4", "Badgers animated music video MrWeebl"},
		{"title", `C:\shots\my_shot-1.png`, "my shot 1"},
		{"slug28", "Badgers _ animated music video _ MrWeebl", "Badgers-animated-music-video"},
		{"slug28", "截图", ""},
		{"truncate", "Badgers animated music video MrWeebl", "Badgers animated music vi..."},
		{"truncate", "exactly twenty-eight chars!!", "exactly twenty-eight chars!!"},
	}
	for _, tt := range tests {
		got := map[string]func(string) string{
			"title": defaultTitle, "truncate": truncate, "slug28": func(s string) string { return slug(s, 28) },
		}[tt.fn](tt.in)
		if got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
}

func TestEncodeIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for n := int64(1000); n < 5000; n++ {
		id := encodeID(n)
		if seen[id] || len(id) > 3 {
			t.Fatalf("encodeID(%d) = %q: repeated or too long", n, id)
		}
		seen[id] = true
	}
}
