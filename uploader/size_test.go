package uploader

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0}, {"1048576", 1048576}, {"160B", 160}, {"5MB", 5_000_000}, {"5 MB", 5_000_000}, {"5mb", 5_000_000},
		{"1.5MB", 1_500_000}, {"500KB", 500_000}, {"500 kb", 500_000}, {"2MiB", 2 << 20}, {"1 KiB", 1024},
		{"1GB", 1_000_000_000}, {"5M", 5_000_000}, {" 2 GiB ", 2 << 30},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "MB", "-5MB", "5XB", "1.2.3MB", "five", "1e3", ".", "99999999999TB"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0 B"}, {160, "160 B"}, {999, "999 B"}, {1000, "1 KB"}, {1500, "1.5 KB"}, {5_000_000, "5 MB"},
		{1_234_567, "1.2 MB"}, {999_999, "1 MB"}, {2 << 20, "2.1 MB"}, {3_000_000_000, "3 GB"},
	}
	for _, tt := range tests {
		if got := FormatSize(tt.in); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, n := range []int64{160, 5_000_000, 1_500_000, 2_000_000_000} {
		if back, err := ParseSize(FormatSize(n)); err != nil || back != n {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", n, back, err)
		}
	}
}
