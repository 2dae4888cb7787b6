package uploader

import (
	"testing"
	"time"
)

func TestParseExpiration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"  ", 0},
		{"0", 0},
		{"300", 5 * time.Minute},
		{" 86400 ", 24 * time.Hour},
		{"PT5M", 5 * time.Minute},
		{"pt5m", 5 * time.Minute},
		{"P3D", 72 * time.Hour},
		{"P1W", 7 * 24 * time.Hour},
		{"P1Y2M", (365 + 60) * 24 * time.Hour},
		{"PT1H30M", 90 * time.Minute},
		{"P1DT12H", 36 * time.Hour},
		{"PT45S", 45 * time.Second},
	}
	for _, tt := range tests {
		got, err := ParseExpiration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseExpiration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseExpirationRejectsJunk(t *testing.T) {
	for _, in := range []string{"abc", "5m", "-300", "1.5", "P", "PT", "P1DT", "P1H", "PT1D", "P1.5D", "3 days", "P1Y2Y",
		"99999999999999999999", "P99999999999999Y", "PT9223372036854775807S"} {
		if got, err := ParseExpiration(in); err == nil {
			t.Errorf("ParseExpiration(%q) = %v, want an error", in, got)
		}
	}
}

func TestClampExpiration(t *testing.T) {
	tests := []struct{ in, want time.Duration }{
		{0, 0}, {-time.Hour, 0}, {time.Second, MinExpiration}, {time.Minute, MinExpiration},
		{MinExpiration, MinExpiration}, {time.Hour, time.Hour}, {MaxExpiration, MaxExpiration},
		{2 * MaxExpiration, MaxExpiration},
	}
	for _, tt := range tests {
		if got := ClampExpiration(tt.in); got != tt.want {
			t.Errorf("ClampExpiration(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFormatExpiration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, ""}, {5 * time.Minute, "PT5M"}, {72 * time.Hour, "P3D"}, {90 * time.Minute, "PT1H30M"},
		{36*time.Hour + 5*time.Second, "P1DT12H5S"}, {MaxExpiration, "P365D"}, {time.Millisecond, "PT1S"},
	}
	for _, tt := range tests {
		got := FormatExpiration(tt.in)
		if got != tt.want {
			t.Errorf("FormatExpiration(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := ParseExpiration(got); tt.in >= time.Second && (err != nil || back != tt.in) {
			t.Errorf("ParseExpiration(%q) = %v, %v; want %v", got, back, err, tt.in)
		}
	}
}

// FuzzParseExpiration: never panics, never negative, and what it accepts
// survives FormatExpiration → ParseExpiration to the second.
func FuzzParseExpiration(f *testing.F) {
	for _, s := range []string{"", "300", "PT5M", "P3D", "P1Y2M", "PT1H30M", "P1DT", "junk", "-1", "P99999999999Y", "pt1m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseExpiration(in)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseExpiration(%q) = %v < 0", in, d)
		}
		s := FormatExpiration(d)
		back, err := ParseExpiration(s)
		if err != nil || (d >= time.Second && back != d.Truncate(time.Second)) {
			t.Fatalf("%q → %v → %q → %v, %v", in, d, s, back, err)
		}
	})
}
