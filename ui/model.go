package ui

import (
	"cmp"
	"slices"

	"github.com/upshot-app/upshot/uploader"
)

// itemModel is the UI thread's copy of the queue: the rows in input order
// and the current "run" — the items that became active since the queue was
// last idle. The header line and the links copied at the end speak about
// the run, not about everything still listed from earlier batches.
//
// It is touched only on the UI thread (from the pump's fyne.Do or from
// callbacks), so it needs no lock.
type itemModel struct {
	items []uploader.Item
	index map[int64]int // item ID → position in items

	run      map[int64]bool // IDs of the current run
	finished bool           // the run ended with an EventIdle; the next activity starts a new one
	held     bool           // the queue is paused (EventHold)

	rows  *boundRows // which list row shows which item
	speed *speeds    // transfer rates from the sampled progress
}

func newItemModel() *itemModel {
	return &itemModel{index: map[int64]int{}, run: map[int64]bool{}, rows: newBoundRows(), speed: newSpeeds()}
}

// len is the number of rows.
func (m *itemModel) len() int { return len(m.items) }

// at returns the row at position i.
func (m *itemModel) at(i int) (uploader.Item, bool) {
	if i < 0 || i >= len(m.items) {
		return uploader.Item{}, false
	}
	return m.items[i], true
}

// get returns the item with this ID.
func (m *itemModel) get(id int64) (uploader.Item, bool) {
	i, ok := m.index[id]
	if !ok {
		return uploader.Item{}, false
	}
	return m.items[i], true
}

// pos returns the row position of an ID.
func (m *itemModel) pos(id int64) (int, bool) {
	i, ok := m.index[id]
	return i, ok
}

// upsert stores a snapshot and reports whether it was a new row (which
// shifts positions, so the whole list must refresh).
func (m *itemModel) upsert(it uploader.Item) (added bool) {
	if i, ok := m.index[it.ID]; ok {
		old := m.items[i]
		m.items[i] = it
		if old.State.Final() && !it.State.Final() {
			m.join(it.ID) // a retried item rejoins the current run
		}
		return false
	}
	if n := len(m.items); n == 0 || m.items[n-1].ID < it.ID {
		m.items = append(m.items, it) // the usual case: IDs grow in input order
		m.index[it.ID] = n
	} else {
		at, _ := slices.BinarySearchFunc(m.items, it.ID, func(a uploader.Item, id int64) int {
			return cmp.Compare(a.ID, id)
		})
		m.items = slices.Insert(m.items, at, it)
		m.reindex(at)
	}
	if !it.State.Final() {
		m.join(it.ID)
	}
	return true
}

// progress applies one sampled byte count; it reports whether the row exists.
func (m *itemModel) progress(s uploader.ProgressSample) bool {
	i, ok := m.index[s.ID]
	if !ok {
		return false
	}
	m.items[i].Sent = s.Sent
	if s.Total > 0 {
		m.items[i].Total = s.Total
	}
	return true
}

// remove deletes a row; it reports whether it existed.
func (m *itemModel) remove(id int64) bool {
	i, ok := m.index[id]
	if !ok {
		return false
	}
	m.items = slices.Delete(m.items, i, i+1)
	delete(m.index, id)
	delete(m.run, id)
	m.rows.forget(id)
	m.reindex(i)
	return true
}

func (m *itemModel) reindex(from int) {
	for i := from; i < len(m.items); i++ {
		m.index[m.items[i].ID] = i
	}
}

// join adds an ID to the run, starting a fresh run after an idle one.
func (m *itemModel) join(id int64) {
	if m.finished {
		clear(m.run)
		m.finished = false
	}
	m.run[id] = true
}

// runItems returns the run's items in input order.
func (m *itemModel) runItems() []uploader.Item {
	out := make([]uploader.Item, 0, len(m.run))
	for _, it := range m.items {
		if m.run[it.ID] {
			out = append(out, it)
		}
	}
	return out
}

// runSummary counts the run like uploader.Summary counts a queue, so the
// header uses the same Percent and Outcome rules as the CLI.
func (m *itemModel) runSummary() uploader.Summary {
	var s uploader.Summary
	for id := range m.run {
		if it, ok := m.get(id); ok {
			count(&s, it)
		}
	}
	return s
}

// listSummary counts every row: what the list shows, which is what the
// header says once the run is over (a retried file that fails again while
// eleven uploaded rows sit above it is "some files couldn't be uploaded",
// not "no files were uploaded").
func (m *itemModel) listSummary() uploader.Summary {
	var s uploader.Summary
	for _, it := range m.items {
		count(&s, it)
	}
	return s
}

// count adds one item to a summary.
func count(s *uploader.Summary, it uploader.Item) {
	s.Total++
	switch it.State {
	case uploader.StateQueued, uploader.StatePreparing:
		s.Queued++
	case uploader.StateUploading:
		s.Uploading++
	case uploader.StateDone:
		s.Done++
	case uploader.StateFailed:
		s.Failed++
	case uploader.StateCanceled:
		s.Canceled++
	}
	sent := it.Sent
	if it.State.Final() {
		sent = it.Total // a finished item, failed or not, has nothing left to send
	}
	s.SentBytes += sent
	s.Bytes += it.Total
}

// all returns every row in input order.
func (m *itemModel) all() []uploader.Item { return m.items }
