package ui

import (
	"sync/atomic"
	"time"

	"github.com/upshot-app/upshot/uploader"
)

// Run is the pump: it collects the queue's events and applies them on the
// UI thread in batches, one fyne.Do per tick at most, so that a thousand
// items or a flood of progress samples cost a few frames, not thousands of
// callbacks. An event after a quiet tick goes at once (a new capture's row
// shows without waiting for the tick), and so does the end of a run
// (EventIdle), which puts the links on the clipboard: on the tick it
// waited 50 ms on average, up to 100, on every hotkey's way to its link.
// It returns when events is closed (after applying the rest). Start it in
// its own goroutine: go m.Run(q.Events()).
func (m *MainWindow) Run(events <-chan uploader.Event) {
	defer m.thumbs.stop()
	tick := time.NewTicker(m.tick)
	defer tick.Stop()
	var (
		pending []uploader.Event
		busy    atomic.Bool              // a batch is queued for the UI thread and not applied yet
		urgent  bool                     // pending holds an EventIdle
		last    = time.Now()             // of the last flush
		ready   = make(chan struct{}, 1) // the UI thread applied a batch
	)
	flush := func(final bool) {
		if len(pending) == 0 || (busy.Load() && !final) {
			return // the UI thread is behind: keep collecting
		}
		batch := pending
		pending, urgent, last = nil, false, time.Now()
		busy.Store(true)
		m.do(func() {
			m.applyBatch(batch)
			busy.Store(false)
			select {
			case ready <- struct{}{}:
			default:
			}
		})
	}
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				flush(true)
				return
			}
			pending = append(pending, ev)
			urgent = urgent || ev.Kind == uploader.EventIdle
			if urgent || time.Since(last) >= m.tick {
				flush(false)
			}
		case <-ready:
			if urgent {
				flush(false)
			}
		case <-tick.C:
			flush(false)
		}
	}
}

// applyBatch applies events in order, then refreshes what they touched once.
// It runs on the UI thread.
func (m *MainWindow) applyBatch(evs []uploader.Event) {
	changed := map[int64]bool{}
	structural := false
	for _, ev := range evs {
		if m.applyEvent(ev, changed) {
			structural = true
		}
	}
	m.refreshRows(changed, structural)
	s := m.model.runSummary()
	m.refreshHeader(s)
	m.scrollToNew()
	if m.d.OnActivity != nil {
		m.d.OnActivity(s)
	}
}

// applyEvent updates the model for one event, noting changed rows; it
// reports whether rows were added or removed (positions shifted).
func (m *MainWindow) applyEvent(ev uploader.Event, changed map[int64]bool) (structural bool) {
	switch ev.Kind {
	case uploader.EventAdded, uploader.EventUpdated, uploader.EventPaused:
		if ev.Item.ID == 0 {
			return false // a pause without an item: nothing to show per row
		}
		if ev.Kind == uploader.EventPaused {
			if cur, ok := m.model.get(ev.Item.ID); ok && ev.Item.Name == "" {
				cur.Note = ev.Item.Note // a partial item: keep what we know
				ev.Item = cur
			}
		}
		structural = m.upsert(ev.Item, ev.Kind == uploader.EventAdded)
		changed[ev.Item.ID] = true
	case uploader.EventProgress:
		for _, s := range ev.Progress {
			if m.model.progress(s) {
				changed[s.ID] = true
			}
		}
		m.applySpeeds(ev)
	case uploader.EventRemoved:
		structural = m.model.remove(ev.Item.ID)
	case uploader.EventIdle:
		m.finishRun()
	case uploader.EventHold:
		m.model.held = ev.Held
	}
	return structural
}

// upsert stores an item's snapshot: a row that starts a new run clears
// what the window said about the last one, and a new batch is scrolled to.
func (m *MainWindow) upsert(it uploader.Item, added bool) (structural bool) {
	newRun := m.model.finished && !it.State.Final()
	structural = m.model.upsert(it)
	if newRun && !m.model.finished {
		m.model.speed.run = uploader.Rate{}
		m.setNotice("") // "11 links copied" was about the last run
	}
	if it.State != uploader.StateUploading {
		m.model.speed.forget(it.ID)
	}
	if added && it.Batch > m.scrolledBatch && (m.scrollTarget == 0 || it.ID < m.scrollTarget) {
		m.scrollTarget = it.ID
	}
	return structural
}

// refreshRows redraws the changed rows that are on screen by binding them
// again. Only a structural change (rows added or removed, positions
// shifted) refreshes the list itself: in Fyne 2.8 List.RefreshItem is a
// whole-list refresh too — it builds a template row, lays the list out and
// rebinds every visible row — so calling it per changed row made a batch
// of 16 updates cost 16 full refreshes (a 100–300 ms stall under load).
func (m *MainWindow) refreshRows(changed map[int64]bool, structural bool) {
	if structural {
		m.unselectMoved()
		m.list.Refresh()
		return
	}
	for id := range m.model.rows.byID {
		if changed[id] {
			m.rebind(id)
		}
	}
}

// rebind binds the row showing item id again, if one does.
func (m *MainWindow) rebind(id int64) {
	r, ok := m.model.rows.byID[id]
	if !ok {
		return
	}
	if i, ok := m.model.pos(id); ok {
		m.bindRow(i, r)
	}
}

// refreshAll redraws everything (after a language or bulk change).
func (m *MainWindow) refreshAll() {
	m.list.Refresh()
	m.refreshHeader(m.model.runSummary())
}

// bindRow fills a recycled row; previews are asked for only here, that is
// only for rows on screen.
func (m *MainWindow) bindRow(i int, r *queueRow) {
	it, ok := m.model.at(i)
	if !ok {
		return
	}
	m.model.rows.bound(it.ID, r)
	v := rowView{icon: fileIcon(), expanded: it.ID == m.selected}
	if bps, ok := m.model.speed.item(it.ID); ok && it.State == uploader.StateUploading {
		v.speed = speedText(bps, it.Total-min(it.Sent, it.Total))
	}
	switch path := previewPath(it); {
	case isVideo(it):
		v.icon = videoIcon()
	case it.Preview != nil:
		v.preview = it.Preview // the queue's: the file is the queue's and goes after the upload
	case path != "":
		img, ok := m.thumbs.lookup(path)
		if !ok {
			img, _ = m.thumbs.request(path)
		}
		v.preview = img
	}
	r.bind(it, v)
}

// thumbReady stores a decoded preview and shows it in the rows on screen
// that wait for it. It runs on the UI thread.
func (m *MainWindow) thumbReady(r thumbResult) {
	m.thumbs.store(r)
	for id := range m.model.rows.byID {
		if it, ok := m.model.get(id); ok && previewPath(it) == r.path {
			m.rebind(id)
		}
	}
}

// boundRows remembers which recycled row last showed which item, so that
// a changed item is redrawn by binding its row again rather than through
// the list. An entry can outlive its row's time on screen (the list keeps
// scrolled-off rows in a pool); binding such a row again is harmless, and
// entries go when the row shows another item or the item is removed.
type boundRows struct {
	byID map[int64]*queueRow
}

func newBoundRows() *boundRows { return &boundRows{byID: map[int64]*queueRow{}} }

// bound records that r now shows item id.
func (b *boundRows) bound(id int64, r *queueRow) {
	if r.id != id && b.byID[r.id] == r {
		delete(b.byID, r.id)
	}
	b.byID[id] = r
}

// forget drops a removed item.
func (b *boundRows) forget(id int64) { delete(b.byID, id) }
