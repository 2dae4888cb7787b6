package uploader

import (
	"image"
	"time"
)

// State is where a queue item is in its life.
type State int

// The item states: queued → preparing → uploading → done | failed | canceled.
const (
	StateQueued State = iota
	StatePreparing
	StateUploading
	StateDone
	StateFailed
	StateCanceled
)

var stateNames = [...]string{"queued", "preparing", "uploading", "done", "failed", "canceled"}

// String returns the state's stable lower-case name.
func (s State) String() string {
	if int(s) >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// Final reports whether the item will not move again without a retry.
func (s State) Final() bool { return s >= StateDone }

// Item is a snapshot of one queue entry. Snapshots are values: the queue
// never hands out pointers to its own state.
type Item struct {
	ID       int64       // unique within the queue, increasing in input order
	Batch    int64       // the Add call the item came from
	Source   string      // what the user gave: a path, a URL or "-"
	Name     string      // display name (base name of the file, or of the URL)
	Profile  string      // host profile it uploads to ("" = the queue's default)
	Dest     Destination // where it uploads, fixed when it was added (QueueConfig.Pin)
	State    State       //
	Sent     int64       // bytes sent so far
	Total    int64       // bytes to send (0 until prepared)
	Mime     string      // sniffed type, once prepared
	Path     string      // local file the bytes come from, once prepared
	Result   *Result     // set when State == StateDone
	Err      error       // set when State == StateFailed
	Attempts int         // upload attempts so far, retries included
	Note     string      // what the queue did or waits for: "retrying in 2s", "resized to 1920×1080", "host paused until 10:42"
	Options  Options
	Owned    bool // the file is the app's (a capture, a pasted image): deleted once uploaded
	// Preview is a small picture (PreviewSide) of an image whose file does
	// not outlive the upload — a capture, a pasted image, a downloaded URL —
	// made while the file was there; nil for the user's own files, which
	// stay where they are, and for what is not a decodable image. It is
	// shared between snapshots and never changed.
	Preview image.Image
}

// Message is the item's error text for the user, or "".
func (it Item) Message() string {
	if it.Err == nil {
		return ""
	}
	return it.Err.Error()
}

// Retryable reports whether a retry of the item may succeed: it was
// canceled, or it failed for a reason that is not Permanent.
func (it Item) Retryable() bool {
	switch it.State {
	case StateCanceled:
		return true
	case StateFailed:
		return !Permanent(it.Err)
	}
	return false
}

// EventKind says what changed.
type EventKind int

// The event kinds.
const (
	EventAdded    EventKind = iota // a new item (Item is set)
	EventUpdated                   // an item changed state, note or error (Item is set)
	EventProgress                  // sampled byte counts of uploading items (Progress is set)
	EventRemoved                   // an item was removed (Item.ID is set)
	EventPaused                    // a host is paused by flood protection (Item.Note says until when)
	EventIdle                      // nothing is queued or running any more (Summary is final)
	EventHold                      // the whole queue was paused or unpaused (Held says which)
)

// Event is what the queue sends on its channel. Progress events are sampled
// on a ticker (about 10 Hz), never sent per read.
type Event struct {
	Kind     EventKind
	Item     Item
	Progress []ProgressSample
	Summary  Summary
	Time     time.Time
	Held     bool // for EventHold: the queue is paused (Queue.Pause)
}

// ProgressSample is the byte count of one uploading item at one tick.
type ProgressSample struct {
	ID    int64
	Sent  int64
	Total int64
}

// Summary aggregates the items of the queue for the header line
// "Uploading N files (x% complete)" and for the end states.
type Summary struct {
	Total     int   // items in the queue
	Queued    int   // waiting or preparing
	Uploading int   // sending bytes now
	Done      int   //
	Failed    int   //
	Canceled  int   //
	SentBytes int64 // over all items
	Bytes     int64 // total bytes of all prepared items
}

// Active is the number of items not yet in a final state.
func (s Summary) Active() int { return s.Queued + s.Uploading }

// Percent is the batch progress in whole percent, computed from bytes.
func (s Summary) Percent() int {
	if s.Bytes <= 0 {
		if s.Total > 0 && s.Active() == 0 {
			return 100
		}
		return 0
	}
	p := int(s.SentBytes * 100 / s.Bytes)
	if p > 100 {
		p = 100
	}
	if p == 100 && s.Active() > 0 {
		p = 99 // bytes are out but the host has not answered yet
	}
	return p
}

// Outcome is the end state of a finished batch, as the hosts' own upload
// screen shows it.
type Outcome int

// The outcomes.
const (
	OutcomeRunning Outcome = iota // not finished
	OutcomeAllDone                // "Upload complete"
	OutcomeSome                   // "Note: some files couldn't be uploaded"
	OutcomeNone                   // "No files were uploaded"
)

// Outcome derives the end state from the counts.
func (s Summary) Outcome() Outcome {
	switch {
	case s.Active() > 0 || s.Total == 0:
		return OutcomeRunning
	case s.Done == 0:
		return OutcomeNone
	case s.Failed > 0 || s.Canceled > 0:
		return OutcomeSome
	default:
		return OutcomeAllDone
	}
}
