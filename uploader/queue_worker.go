package uploader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// outcome is what one run of an item produced; finish applies it.
type outcome struct {
	res     *Result
	err     error
	host    string        // Target.Host
	held    bool          // the host was paused when the item came up
	flood   time.Duration // > 0: the host asked to slow down for this long
	temps   []string      // processed copies and fetched files to delete
	retried int           // client retries already counted in Item.Attempts
	notes   []string      // what preparing did ("resized …", "title cut …")
	preview chan struct{} // closed once the preview is made (startPreview); nil when none is
}

// worker runs items until the queue closes.
func (q *Queue) worker() {
	defer q.wg.Done()
	for {
		e, it, ctx := q.next()
		if e == nil {
			return
		}
		out := q.run(ctx, e, it)
		q.finish(ctx, e, out)
	}
}

// next waits for the first queued item (in input order) whose host is not
// paused, while the queue itself is not paused, and marks it preparing. It returns nil when the queue closes.
func (q *Queue) next() (*entry, Item, context.Context) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.closed {
			return nil, Item{}, nil
		}
		if e := q.startable(); e != nil {
			ctx, cancel := context.WithCancel(q.ctx)
			e.cancel = cancel
			e.sent.Store(0)
			e.item.Sent, e.item.Err, e.item.Note = 0, nil, ""
			q.setState(e, StatePreparing)
			q.emit(EventUpdated, e)
			return e, e.snapshot(), ctx
		}
		q.cond.Wait()
	}
}

// startable is the item next should start, or nil. Called with q.mu held.
func (q *Queue) startable() *entry {
	if q.held {
		return nil
	}
	for _, e := range q.list {
		if e.item.State == StateQueued && q.paused[e.host] == nil {
			return e
		}
	}
	return nil
}

// resolve finds the item's target: by its destination when the queue has
// ResolveDest, else by its profile name. The resolver's error names the
// profile or host and says what to do (see resolveError).
func (q *Queue) resolve(it Item) (Target, error) {
	var (
		t   Target
		err error
	)
	if q.cfg.ResolveDest != nil {
		t, err = q.cfg.ResolveDest(it.Dest)
	} else {
		t, err = q.cfg.Resolve(it.Profile)
	}
	if err == nil && t.Uploader == nil {
		err = errors.New("it has no uploader")
	}
	return t, err
}

// run prepares and uploads one item without holding the lock.
func (q *Queue) run(ctx context.Context, e *entry, it Item) (out outcome) {
	t, err := q.resolve(it)
	if err != nil {
		out.err = resolveError(err)
		return out
	}
	out.host = t.Host
	if q.hostPaused(t.Host) {
		out.held = true
		return out
	}
	f, err := q.prepare(ctx, e, it, t, &out)
	if err != nil {
		out.err = err
		return out
	}
	merged := mergeOptions(t.Defaults, it.Options)
	if merged.Title == "" && t.Title != nil {
		merged.Title = t.Title(f.Name)
	}
	opts, warnings, err := merged.Check(f)
	if err != nil {
		out.err = err
		return out
	}
	out.notes = append(out.notes, warnings...)
	q.uploading(e, f, out.notes)
	// The client retries on its own; count each retry as it happens so
	// that Attempts is right for items that succeed after retrying too.
	uctx := WithRetryNotify(ctx, func(_ int, err error) {
		out.retried++
		q.retrying(e, err)
	})
	out.res, out.err = t.Uploader.Upload(uctx, f, opts, &e.sent)
	if KindOf(out.err) == KindRateLimited {
		out.flood = defaultFloodWait
		var ae *APIError
		if errors.As(out.err, &ae) && ae.RetryAfter > 0 {
			out.flood = ae.RetryAfter
		}
	}
	return out
}

// resolveError is an item whose target could not be built. The resolver's
// error names the profile or host and says what to do; the file is named
// by whoever shows the item. A cancelled resolve (Ctrl+C while the
// keyring was asked) is a cancellation, not a bad profile.
func resolveError(err error) *APIError {
	kind := KindInvalid
	if errors.Is(err, context.Canceled) {
		kind = KindCanceled
	}
	// again: the profile may be fixed in Settings, and the item then retried.
	return &APIError{Kind: kind, Message: err.Error(), Err: err, hint: hintNone, again: true}
}

// prepare turns the source into a validated, processed local file.
func (q *Queue) prepare(ctx context.Context, e *entry, it Item, t Target, out *outcome) (*File, error) {
	f, err := q.source(ctx, e, it, t)
	if err != nil {
		return nil, err
	}
	q.startPreview(e, it, f, out)
	if f.Temp && it.Source != "-" {
		out.temps = append(out.temps, f.Path)
	}
	if !formatAllowed(f.Name, t.Formats) {
		return nil, invalidf(KindUnsupported, "%s: this profile accepts only %s files — convert it or pick another profile",
			f.Name, strings.Join(t.Formats, ", ")).keyed("profile_formats")
	}
	pf, note, err := processImage(f, q.cfg.SpoolDir, t)
	if err != nil {
		return nil, err
	}
	if pf != nil {
		out.temps = append(out.temps, pf.Path)
		out.notes = append(out.notes, note)
		f = pf
	}
	if t.MaxSize > 0 && f.Size > t.MaxSize {
		return nil, &APIError{Kind: KindTooBig, Message: fmt.Sprintf("%s is %s, over this profile's limit of %s",
			f.Name, FormatSize(f.Size), FormatSize(t.MaxSize))}
	}
	return f, nil
}

// source prepares the item's source. Stdin can be read only once, so its
// spool is kept for retries.
func (q *Queue) source(ctx context.Context, e *entry, it Item, t Target) (*File, error) {
	q.mu.Lock()
	kept := e.stdin
	q.mu.Unlock()
	if kept != nil {
		f := *kept
		return &f, nil
	}
	limit := t.MaxSize
	if t.Fit {
		limit = 0 // an image over the limit may still fit once processed
	}
	f, err := Prepare(ctx, it.Source, q.cfg.SpoolDir, limit, q.cfg.Stdin)
	if err != nil {
		return nil, err
	}
	if it.Source == "-" && f.Temp {
		q.mu.Lock()
		e.stdin = f
		q.mu.Unlock()
	}
	return f, nil
}

// formatAllowed checks the file's extension against a profile's formats.
func formatAllowed(name string, formats []string) bool {
	if formats == nil {
		return true
	}
	ext := strings.TrimPrefix(strings.ToLower(extOf(name)), ".")
	for _, f := range formats {
		f = strings.TrimPrefix(strings.ToLower(f), ".")
		if f == ext || (f == "jpg" && ext == "jpeg") || (f == "jpeg" && ext == "jpg") {
			return true
		}
	}
	return false
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// mergeOptions applies an item's non-zero options over the profile defaults.
func mergeOptions(def, o Options) Options {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	m := def
	m.Title, m.Description = pick(o.Title, def.Title), pick(o.Description, def.Description)
	m.AlbumID, m.Expiration = pick(o.AlbumID, def.AlbumID), pick(o.Expiration, def.Expiration)
	if o.Tags != nil {
		m.Tags = o.Tags
	}
	if o.CategoryID != 0 {
		m.CategoryID = o.CategoryID
	}
	if o.Width != 0 {
		m.Width = o.Width
	}
	m.NSFW = def.NSFW || o.NSFW
	m.UseFileDate = def.UseFileDate || o.UseFileDate
	return m
}

// uploading shows the prepared file and starts the byte count.
func (q *Queue) uploading(e *entry, f *File, notes []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if e.item.State != StatePreparing {
		return
	}
	e.item.Total, e.item.Path, e.item.Mime, e.item.Name = f.Size, f.Path, f.Mime, f.Name
	e.item.Note = strings.Join(notes, "; ")
	e.item.Attempts++
	e.sent.Store(0)
	q.setState(e, StateUploading)
	q.emit(EventUpdated, e)
}

// retrying counts one retry of the client and shows why it retries.
func (q *Queue) retrying(e *entry, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if e.item.State != StateUploading {
		return
	}
	e.item.Attempts++
	e.item.Note = "retrying after: " + err.Error()
	q.emit(EventUpdated, e)
}

// finish applies a run's outcome and removes what the run left behind.
func (q *Queue) finish(ctx context.Context, e *entry, out outcome) {
	out.waitPreview() // it reads the file about to be deleted
	for _, p := range out.temps {
		os.Remove(p)
	}
	done := out.err == nil && out.res != nil && !out.held
	if done {
		q.jr.finish(e.jref, opDone) // before anyone can see it done
		q.cleanup(e, true)
	}
	q.mu.Lock()
	canceled := ctx.Err() != nil && !done
	userStop, removed := e.canceled || e.removed, e.removed
	record := done && !removed && q.cfg.Record != nil
	if record {
		q.recording++ // idle only once the history has it
	}
	release := e.cancel
	e.cancel = nil
	if !removed {
		q.apply(e, out, done, canceled)
	}
	q.settle()
	it := e.snapshot()
	q.mu.Unlock()
	release() // frees the run's context
	switch {
	case removed && !done:
		q.cleanup(e, true)
	case canceled && userStop:
		q.jr.finish(e.jref, opRemoved)
	case it.State == StateFailed && Permanent(it.Err):
		// Reported now, never resumed: a retry cannot help it, and the
		// next start would open on the same failure again.
		q.jr.finish(e.jref, opFailed)
	case record:
		q.cfg.Record(it)
		q.mu.Lock()
		q.recording--
		q.settle()
		q.mu.Unlock()
	}
}

// apply sets the end state of a run. Called with q.mu held.
func (q *Queue) apply(e *entry, out outcome, done, canceled bool) {
	var kind = EventUpdated
	switch {
	case done:
		e.item.Result, e.item.Sent = out.res, e.item.Total
		if out.retried > 0 {
			e.item.Note = strings.Join(append(out.notes, fmt.Sprintf("uploaded after %d attempts", out.retried+1)), "; ")
		}
		q.setState(e, StateDone)
	case canceled:
		e.item.Note = "canceled"
		if q.closed && !e.canceled {
			e.item.Note = "stopped: the queue was closed before it finished"
			if q.jr != nil {
				e.item.Note += "; it will be offered again next time"
			}
		}
		q.setState(e, StateCanceled)
	case out.held:
		e.host = out.host
		e.item.Note = q.pauseNote(out.host)
		q.setState(e, StateQueued)
	case out.flood > 0:
		e.host = out.host
		q.pause(out.host, out.flood)
		e.item.Note = q.pauseNote(out.host)
		q.setState(e, StateQueued)
		kind = EventPaused
	default:
		e.item.Err = out.err
		e.item.Note = attemptsNote(out.err)
		if ae := (*APIError)(nil); errors.As(out.err, &ae) && ae.Attempts-1 > out.retried {
			e.item.Attempts += ae.Attempts - 1 - out.retried // the client's retries not yet counted
		}
		q.setState(e, StateFailed)
	}
	q.emit(kind, e)
}

// attemptsNote tells how hard the client tried, when it retried.
func attemptsNote(err error) string {
	var ae *APIError
	if errors.As(err, &ae) && ae.Attempts > 1 {
		return fmt.Sprintf("failed after %d attempts", ae.Attempts)
	}
	return ""
}
