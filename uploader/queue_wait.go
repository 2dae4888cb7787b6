package uploader

import (
	"context"
	"fmt"
)

// ended wakes WaitFor: an item reached a final state or left the list.
// Called with q.mu held.
func (q *Queue) ended() {
	close(q.finals)
	q.finals = make(chan struct{})
}

// WaitFor blocks until every item of ids is final (done, failed or
// canceled) or removed, or ctx ends, and returns their snapshots in the
// order of ids: the hand-off waits for its own items while the window's
// queue goes on with others. A removed item comes back StateCanceled with
// only its ID. When ctx ends first it returns the snapshots as they are,
// with ctx's error.
func (q *Queue) WaitFor(ctx context.Context, ids []int64) ([]Item, error) {
	items := make([]Item, len(ids))
	next := 0 // items[:next] are final; items end in about the order they were queued
	for {
		q.mu.Lock()
		for ; next < len(ids); next++ {
			if items[next] = q.itemOrRemoved(ids[next]); !items[next].State.Final() {
				break
			}
		}
		wake := q.finals
		if next < len(ids) && ctx.Err() != nil {
			for i := next + 1; i < len(ids); i++ {
				items[i] = q.itemOrRemoved(ids[i])
			}
		}
		q.mu.Unlock()
		if next == len(ids) {
			return items, nil
		}
		if err := ctx.Err(); err != nil {
			return items, fmt.Errorf("wait for uploads: %w", err)
		}
		select {
		case <-wake:
		case <-ctx.Done():
		}
	}
}

// itemOrRemoved is the snapshot of id, or a canceled stand-in when the
// user removed it. Called with q.mu held.
func (q *Queue) itemOrRemoved(id int64) Item {
	if e, ok := q.byID[id]; ok {
		return e.snapshot()
	}
	return Item{ID: id, State: StateCanceled}
}
