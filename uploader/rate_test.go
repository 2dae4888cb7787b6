package uploader

import (
	"testing"
	"time"
)

func TestRateSmoothsSampledCounts(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	var r Rate
	r.Add(at(0), 0)
	r.Add(at(100), 100_000) // 1 MB/s
	if _, ok := r.BytesPerSecond(); ok {
		t.Error("a speed was shown after one tick; want the warm-up first")
	}
	for ms := 200; ms <= 1000; ms += 100 {
		r.Add(at(ms), int64(ms)*1000)
	}
	bps, ok := r.BytesPerSecond()
	if !ok || bps < 0.999e6 || bps > 1.001e6 {
		t.Fatalf("steady 1 MB/s reads %v (%v)", bps, ok)
	}
	if got := FormatRate(bps); got != "1 MB/s" {
		t.Errorf("FormatRate = %q", got)
	}
	if left, ok := r.Left(4_000_000); !ok || left != 4*time.Second {
		t.Errorf("Left(4 MB) = %v %v, want 4s", left, ok)
	}

	// One burst moves the estimate only part of the way.
	r.Add(at(1100), 1_000_000+1_000_000) // 10 MB/s for one tick
	if bps, _ := r.BytesPerSecond(); bps < 1.2e6 || bps > 2e6 {
		t.Errorf("after one fast tick the speed is %v, want it smoothed (1.2–2 MB/s)", bps)
	}
	// A stale or duplicate sample changes nothing.
	before, _ := r.BytesPerSecond()
	r.Add(at(1100), 5_000_000)
	r.Add(time.Time{}, 9_000_000)
	if after, _ := r.BytesPerSecond(); after != before {
		t.Errorf("a duplicate or timeless sample moved the speed: %v → %v", before, after)
	}
	// A retry restarts the count: the estimate starts afresh.
	r.Add(at(1200), 1000)
	if _, ok := r.BytesPerSecond(); ok {
		t.Error("after the count went back the old speed is still shown")
	}
}

func TestLeftAtRoundsUp(t *testing.T) {
	tests := []struct {
		bps  float64
		left int64
		want time.Duration
	}{
		{1e6, 4_000_000, 4 * time.Second},
		{1e6, 4_000_001, 5 * time.Second},
		{1e6, 1, time.Second},
		{1e6, 0, 0},
		{0, 100, 0},
	}
	for _, tt := range tests {
		if got := LeftAt(tt.bps, tt.left); got != tt.want {
			t.Errorf("LeftAt(%v, %d) = %v, want %v", tt.bps, tt.left, got, tt.want)
		}
	}
}
