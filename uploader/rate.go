package uploader

import (
	"math"
	"time"
)

// Transfer speed from sampled byte counts. The queue samples progress on a
// ticker (about 10 Hz, see Event); a Rate is fed those samples, never each
// Read, and smooths them so that the figure a person reads does not jump
// with every burst of the network.
const (
	rateHalfLife = 2 * time.Second        // how fast the estimate follows a change of speed
	rateWarmUp   = 500 * time.Millisecond // samples needed before a speed is shown
)

// Rate is the smoothed speed of one transfer (or of several added up). The
// zero value is ready; it is not safe for concurrent use.
type Rate struct {
	start, last time.Time
	sent        int64
	bps         float64 // smoothed bytes per second
}

// Add records that sent bytes were sent by time at. A count that goes
// backwards (the upload restarted after a retry) starts afresh; samples
// without a time or out of order are ignored.
func (r *Rate) Add(at time.Time, sent int64) {
	switch {
	case at.IsZero():
		return
	case r.last.IsZero() || sent < r.sent:
		*r = Rate{start: at, last: at, sent: sent}
		return
	case !at.After(r.last):
		return
	}
	dt := at.Sub(r.last)
	inst := float64(sent-r.sent) / dt.Seconds()
	if r.last.Equal(r.start) {
		r.bps = inst // the first interval: nothing to smooth yet
	} else {
		// Exponential smoothing weighted by the interval's length, so that
		// a late or skipped tick (a congested consumer) counts for its time.
		keep := math.Exp2(-dt.Seconds() / rateHalfLife.Seconds())
		r.bps = keep*r.bps + (1-keep)*inst
	}
	r.last, r.sent = at, sent
}

// BytesPerSecond is the smoothed speed, and false until the samples span
// enough time to be worth showing.
func (r *Rate) BytesPerSecond() (float64, bool) {
	if r.last.Sub(r.start) < rateWarmUp || r.bps <= 0 {
		return 0, false
	}
	return r.bps, true
}

// Left estimates how long the remaining bytes take at the current speed,
// rounded up to whole seconds; false when there is no speed to go by.
func (r *Rate) Left(remaining int64) (time.Duration, bool) {
	bps, ok := r.BytesPerSecond()
	if !ok || remaining < 0 {
		return 0, false
	}
	return LeftAt(bps, remaining), true
}

// LeftAt is how long remaining bytes take at bps bytes per second, rounded
// up to whole seconds (a transfer about to end says "1 s", not "0 s").
func LeftAt(bps float64, remaining int64) time.Duration {
	if bps <= 0 || remaining <= 0 {
		return 0
	}
	s := math.Ceil(float64(remaining) / bps)
	if s > float64(math.MaxInt64/int64(time.Second)) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s) * time.Second
}

// FormatRate writes a speed the way FormatSize writes sizes: "1.2 MB/s".
func FormatRate(bps float64) string {
	return FormatSize(int64(math.Round(bps))) + "/s"
}
