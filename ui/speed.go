package ui

import (
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// speeds follows transfer rates on the UI thread: each uploading item's and
// the run's as a whole. They are fed the queue's sampled progress (about
// 10 Hz, with the queue's clock), never each Read, and smoothed by
// uploader.Rate so that the figures do not jump with the network.
type speeds struct {
	items map[int64]*uploader.Rate
	run   uploader.Rate
}

func newSpeeds() *speeds { return &speeds{items: map[int64]*uploader.Rate{}} }

// sample records an item's byte count at a tick.
func (s *speeds) sample(at time.Time, id, sent int64) {
	r := s.items[id]
	if r == nil {
		r = &uploader.Rate{}
		s.items[id] = r
	}
	r.Add(at, sent)
}

// forget drops an item that is no longer uploading.
func (s *speeds) forget(id int64) { delete(s.items, id) }

// item is an uploading item's speed, false until it is known.
func (s *speeds) item(id int64) (float64, bool) {
	if r := s.items[id]; r != nil {
		return r.BytesPerSecond()
	}
	return 0, false
}

// runMoved is the bytes the run has sent so far, for its speed: the done
// items whole and what the uploading ones sent (a failure or a retry takes
// bytes back, and the run's rate starts afresh).
func (m *itemModel) runMoved() int64 {
	var n int64
	for id := range m.run {
		it, _ := m.get(id)
		switch it.State {
		case uploader.StateDone:
			n += it.Total
		case uploader.StateUploading:
			n += min(it.Sent, it.Total)
		}
	}
	return n
}

// runLeft estimates the bytes the run still has to send. Items that are
// not prepared yet have no size: they count as the average of those that
// have one.
func (m *itemModel) runLeft() int64 {
	var left, known int64
	var sized, unsized int64
	for id := range m.run {
		it, _ := m.get(id)
		if it.Total > 0 {
			known += it.Total
			sized++
		}
		if it.State.Final() {
			continue
		}
		if it.Total > 0 {
			left += it.Total - min(it.Sent, it.Total)
		} else {
			unsized++
		}
	}
	if sized > 0 {
		left += unsized * known / sized
	}
	return left
}

// speedText is "1.2 MB/s · 4 s left" ("1.2 MB/s" when nothing is known to
// be left).
func speedText(bps float64, left int64) string {
	s := uploader.FormatRate(bps)
	if left > 0 {
		s += " · " + T("speed.left", "Time", durationText(uploader.LeftAt(bps, left)))
	}
	return s
}

// durationText is a short time left: "45 s", "3 min 20 s", "25 min",
// "2 h 5 min".
func durationText(d time.Duration) string {
	secs := int64(d.Round(time.Second) / time.Second)
	switch {
	case secs < 60:
		return T("time.seconds", "N", secs)
	case secs < 10*60:
		return T("time.minutes_seconds", "M", secs/60, "S", secs%60)
	case secs < 60*60:
		return T("time.minutes", "N", (secs+59)/60)
	}
	mins := (secs + 59) / 60
	return T("time.hours_minutes", "H", mins/60, "M", mins%60)
}

// applySpeeds feeds one progress event to the rates; the run's is fed
// after the event is applied.
func (m *MainWindow) applySpeeds(ev uploader.Event) {
	for _, s := range ev.Progress {
		m.model.speed.sample(ev.Time, s.ID, s.Sent)
	}
	m.model.speed.run.Add(ev.Time, m.model.runMoved())
}

// headerSpeed is the run's "1.2 MB/s · 4 s left" while it uploads, "" when
// there is nothing to show yet.
func (m *MainWindow) headerSpeed(run uploader.Summary) string {
	if run.Uploading == 0 {
		return ""
	}
	bps, ok := m.model.speed.run.BytesPerSecond()
	if !ok {
		return ""
	}
	return speedText(bps, m.model.runLeft())
}
