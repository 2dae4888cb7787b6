package uploader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Target is where a profile's items go. The queue asks Resolve for it when
// an item starts, so that profile edits apply to items still waiting.
type Target struct {
	Uploader Uploader // usually *Client
	Host     string   // key for flood pauses (the endpoint)
	MaxSize  int64    // 0 = none
	Formats  []string // accepted extensions; nil = all supported
	Defaults Options  // the profile's default options (an item's non-zero options override field by field)
	Fit      bool     // downscale/re-encode images over MaxSize (tell the user in Item.Note)
	Strip    bool     // strip EXIF/GPS metadata from JPEG/PNG/WebP before upload
	// Title, when set, names an item that has no title of its own (the
	// profile's title template: "{filename} {date}").
	Title func(filename string) string
}

// DefaultJobs is the number of workers of a queue whose Jobs is not set.
const DefaultJobs = 3

// QueueConfig configures a Queue. Resolve or ResolveDest is required.
type QueueConfig struct {
	Jobs    int                                  // worker pool size, default DefaultJobs
	Resolve func(profile string) (Target, error) // the target of a profile name ("" = the default); unused when ResolveDest is set
	// Pin fixes, when an item is added, where it goes: profile is what
	// Add was given ("" = the caller's current choice). The destination is
	// journaled, and ResolveDest gets it for every run of the item, a
	// resume included. Nil pins Destination{Profile: profile}.
	Pin func(profile string) Destination
	// ResolveDest returns the target of a destination. When nil, Resolve
	// is asked for the item's profile name.
	ResolveDest func(Destination) (Target, error)
	Record      func(Item)       // called once per item that reaches StateDone (history); may be nil
	JournalDir  string           // "" = no journal; else crash-safe journal of unfinished items in this dir
	SpoolDir    string           // temp files for stdin/URL sources and processed images (default os.TempDir())
	Stdin       io.Reader        // for source "-"
	SampleEvery time.Duration    // progress ticker, default 100ms
	ExpandLimit int              // max files from directories per Add, default 1000
	Now         func() time.Time // clock (tests)
}

// defaultFloodWait is the pause when a rate-limit error does not say how long.
const defaultFloodWait = time.Minute

// Queue uploads items with a bounded pool of workers and reports every
// change as an Event on one channel. All methods are safe for concurrent use.
type Queue struct {
	cfg    QueueConfig
	ctx    context.Context // canceled by Close
	stop   context.CancelFunc
	addMu  sync.Mutex // serializes Add/Resume so IDs, journal and list agree
	mu     sync.Mutex
	cond   *sync.Cond // workers wait here for a startable item
	list   []*entry   // sorted by ID
	byID   map[int64]*entry
	lastID int64
	batch  int64
	active int // items not in a final state
	// recording counts finished items whose Record call still runs: the
	// queue is not idle until the history has them (a CLI that exits on
	// idle would otherwise lose the last entry).
	recording int
	idle      chan struct{} // closed while busy() == 0
	finals    chan struct{} // closed and replaced whenever an item ends or leaves (WaitFor)
	paused    map[string]*hostPause
	// afterFunc ends flood pauses; tests replace it to end them on cue.
	afterFunc func(time.Duration, func()) *time.Timer
	closed    bool
	held      bool // paused by the user: no item starts (queue_hold.go)
	ev        *emitter
	jr        *journal
	wg        sync.WaitGroup
	once      sync.Once
}

// entry is the queue's own mutable state of one item; guarded by Queue.mu
// except sent, which the uploader updates atomically.
type entry struct {
	item     Item
	owned    bool
	host     string // Target.Host of the last run, to hold it during a flood pause
	sent     atomic.Int64
	cancel   context.CancelFunc // set while a worker runs it
	canceled bool               // the user canceled the running item
	removed  bool               // the user removed the running item
	addErr   bool               // failed when added (a folder that could not be read): not retryable
	stdin    *File              // spooled stdin, kept for retries
	jref     jref
}

// NewQueue starts the workers. Close it to stop them.
func NewQueue(cfg QueueConfig) (*Queue, error) {
	if cfg.Resolve == nil && cfg.ResolveDest == nil {
		return nil, errors.New("queue: Resolve or ResolveDest is required")
	}
	setQueueDefaults(&cfg)
	q := &Queue{cfg: cfg, byID: map[int64]*entry{}, paused: map[string]*hostPause{},
		idle: make(chan struct{}), finals: make(chan struct{}), afterFunc: time.AfterFunc}
	close(q.idle)
	if cfg.JournalDir != "" {
		jr, err := openJournal(cfg.JournalDir)
		if err != nil {
			return nil, err
		}
		q.jr = jr
	}
	q.cond = sync.NewCond(&q.mu)
	q.ctx, q.stop = context.WithCancel(context.Background())
	q.ev = newEmitter(1024)
	q.wg.Add(cfg.Jobs + 1)
	for range cfg.Jobs {
		go q.worker()
	}
	go q.ticker()
	return q, nil
}

func setQueueDefaults(cfg *QueueConfig) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = DefaultJobs
	}
	if cfg.SpoolDir == "" {
		cfg.SpoolDir = os.TempDir()
	}
	if cfg.SampleEvery <= 0 {
		cfg.SampleEvery = 100 * time.Millisecond
	}
	if cfg.ExpandLimit <= 0 {
		cfg.ExpandLimit = 1000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
}

// newItem is an item about to be added: either a source to upload or one
// that already failed (a directory that could not be expanded).
type newItem struct {
	source  string
	profile string
	dest    Destination
	opts    Options
	owned   bool
	err     error
	jref    jref
}

// Add queues sources for a profile: directories are expanded, and every
// source gets an ID in input order. A source that cannot be used still gets
// an item, which ends StateFailed with a message; the others go on.
func (q *Queue) Add(profile string, opts Options, sources ...string) []int64 {
	var items []newItem
	used := 0
	for _, s := range sources {
		for _, n := range q.expand(s, &used) {
			n.profile, n.opts = profile, opts
			items = append(items, n)
		}
	}
	return q.add(items, true)
}

// AddOwned queues a file the app created (a capture). It is deleted after it
// uploads or when the user removes it, and kept when the upload fails.
func (q *Queue) AddOwned(profile string, opts Options, path string) int64 {
	ids := q.add([]newItem{{source: path, profile: profile, opts: opts, owned: true}}, true)
	return ids[0]
}

// expand turns one source into items: a directory into its files, anything
// else into itself (validated later by a worker).
func (q *Queue) expand(s string, used *int) []newItem {
	st, err := os.Stat(s)
	if s == "-" || isURL(s) || err != nil || !st.IsDir() {
		return []newItem{{source: s}}
	}
	left := q.cfg.ExpandLimit - *used
	if left <= 0 {
		return []newItem{{source: s, err: invalidf(KindInvalid,
			"%s: not added, this batch already has %d files — add the folder on its own", s, q.cfg.ExpandLimit)}}
	}
	files, errs := Expand([]string{s}, left)
	*used += len(files)
	out := make([]newItem, 0, len(files)+len(errs))
	for _, f := range files {
		out = append(out, newItem{source: f})
	}
	for _, e := range errs {
		out = append(out, newItem{source: s, err: e})
	}
	return out
}

// add journals the items (one fsync) and then inserts them.
func (q *Queue) add(items []newItem, journal bool) []int64 {
	if journal {
		q.pin(items)
	}
	q.addMu.Lock()
	defer q.addMu.Unlock()
	q.mu.Lock()
	first := q.lastID + 1
	q.lastID += int64(len(items))
	q.batch++
	batch := q.batch
	q.mu.Unlock()
	var jerr error
	if journal {
		jerr = q.journalAdd(items, first)
	}
	ids := make([]int64, len(items))
	q.mu.Lock()
	defer q.mu.Unlock()
	wasIdle := q.busy() == 0
	for i, n := range items {
		ids[i] = first + int64(i)
		q.insert(ids[i], batch, n, jerr)
	}
	if wasIdle && q.busy() == 0 && len(items) > 0 {
		// Every item failed at once: the batch is over already.
		q.ev.push(Event{Kind: EventIdle, Summary: q.summary(), Time: q.cfg.Now()})
	}
	q.settle()
	q.cond.Broadcast()
	return ids
}

// pin fixes the destination of new items (before any lock: Pin may ask
// the caller's configuration).
func (q *Queue) pin(items []newItem) {
	for i := range items {
		n := &items[i]
		if n.dest.Known() {
			continue
		}
		if q.cfg.Pin != nil {
			n.dest = q.cfg.Pin(n.profile)
		} else {
			n.dest = Destination{Profile: n.profile}
		}
		if n.dest.Profile != "" {
			n.profile = n.dest.Profile
		}
	}
}

// journalAdd records the items that will be uploaded.
func (q *Queue) journalAdd(items []newItem, first int64) error {
	var recs []jrecord
	for i, n := range items {
		if n.err == nil {
			o, d := n.opts, n.dest
			rec := jrecord{Op: opAdd, ID: first + int64(i), Source: n.source, Profile: n.profile, Options: &o, Owned: n.owned}
			if d.Known() {
				rec.Dest = &d
			}
			recs = append(recs, rec)
		}
	}
	jf, err := q.jr.add(recs)
	for i := range items {
		if items[i].err == nil && jf != nil {
			items[i].jref = jref{file: jf, key: first + int64(i)}
		}
	}
	return err
}

// insert creates the entry and announces it. Called with q.mu held.
func (q *Queue) insert(id, batch int64, n newItem, jerr error) {
	e := &entry{owned: n.owned, jref: n.jref, item: Item{ID: id, Batch: batch, Source: n.source,
		Name: displayName(n.source), Profile: n.profile, Dest: n.dest, Options: n.opts, Owned: n.owned}}
	switch {
	case n.err != nil:
		e.item.State, e.item.Err, e.addErr = StateFailed, n.err, true
	case q.closed:
		e.item.State, e.item.Note = StateCanceled, "not started: the queue is closed"
	default:
		q.addActive(1)
		if jerr != nil && n.jref.file == nil {
			e.item.Note = "not journaled: " + jerr.Error()
		}
	}
	q.list = append(q.list, e)
	q.byID[id] = e
	q.emit(EventAdded, e)
}

// displayName is what the user sees before the file is prepared.
func displayName(source string) string {
	switch {
	case source == "-":
		return "stdin"
	case isURL(source):
		u, err := url.Parse(source)
		if err != nil {
			return source
		}
		if b := filepath.Base(u.Path); b != "." && b != "/" {
			return b
		}
		return u.Host
	default:
		return filepath.Base(source)
	}
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Events is the queue's one event stream. It is buffered; progress events
// are coalesced when the consumer is slow, the others are never dropped. It
// is closed after Close, once every pending event has been delivered.
func (q *Queue) Events() <-chan Event { return q.ev.out }

// Items returns snapshots of all items in input order.
func (q *Queue) Items() []Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Item, len(q.list))
	for i, e := range q.list {
		out[i] = e.snapshot()
	}
	return out
}

// Item returns a snapshot of one item.
func (q *Queue) Item(id int64) (Item, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	e, ok := q.byID[id]
	if !ok {
		return Item{}, false
	}
	return e.snapshot(), true
}

// Summary aggregates the current items.
func (q *Queue) Summary() Summary {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.summary()
}

// Wait blocks until no item is queued, preparing or uploading, or ctx ends.
func (q *Queue) Wait(ctx context.Context) error {
	for {
		q.mu.Lock()
		idle, done := q.idle, q.busy() == 0
		q.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return fmt.Errorf("wait for uploads: %w", ctx.Err())
		}
	}
}

// Close stops the workers (running uploads are canceled and stay in the
// journal for the next run), removes temporary files and closes Events once
// the pending events are delivered. It is safe to call more than once.
func (q *Queue) Close() {
	q.once.Do(func() {
		q.mu.Lock()
		q.closed = true
		for _, e := range q.list {
			if e.item.State == StateQueued {
				e.item.Note = "not started: the queue was closed"
				q.setState(e, StateCanceled)
				q.emit(EventUpdated, e)
			}
		}
		for host, p := range q.paused {
			p.timer.Stop()
			delete(q.paused, host)
		}
		q.settle()
		q.cond.Broadcast()
		q.mu.Unlock()
		q.stop()
		q.wg.Wait()
		q.jr.close()
		q.removeSpools()
		q.ev.close()
	})
}

// removeSpools deletes the stdin spools nobody can retry any more.
func (q *Queue) removeSpools() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range q.list {
		if e.stdin != nil {
			os.Remove(e.stdin.Path)
			e.stdin = nil
		}
	}
}
