package service

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/upshot-app/upshot/uploader"
)

// BatchSpec is a command line's run of the queue: upload or resume.
type BatchSpec struct {
	Config  string // --config ("" = UPSHOT_CONFIG or the default file)
	Target  TargetSpec
	Jobs    int
	MaxSize int64 // < 0: the profile's limit; 0: none
	Stdin   io.Reader
	// Resume opens targets with no host chosen: each interrupted item names
	// its own (Target.Profile, if set, must exist for items of older
	// journals).
	Resume bool
}

// Batch is one command line's own queue, with its targets.
type Batch struct {
	Targets *Targets
	Queue   *uploader.Queue
	flush   func() // waits for the history writes
}

// OpenBatch checks where the uploads go and starts a queue for them. A
// *ConfigError means nothing has been sent. The caller drains
// Queue.Events and closes the batch.
func OpenBatch(spec BatchSpec, deps Deps, warn func(Warning)) (*Batch, error) {
	if deps.Transport == nil {
		// At most one connection per worker to a host, even when a slow
		// handshake ends after another connection came free.
		deps.Transport = uploader.NewTransport(uploader.TransportConfig{MaxConnsPerHost: spec.Jobs})
	}
	p := ResolvePaths(spec.Config, deps.getenv)
	var t *Targets
	var err error
	if spec.Resume {
		t, err = NewResumeTargets(p, spec.Target.Profile, deps, warn)
	} else {
		t, err = OpenTargets(p, spec.Target, deps, warn)
	}
	if err != nil {
		return nil, err
	}
	if !spec.Resume {
		// The TCP and TLS handshakes with the host overlap opening the
		// journal and looking at the files; the first upload finds the
		// connection ready (or being made). A failure is the upload's to
		// report.
		go func() { _ = t.Preconnect(context.Background(), "") }()
	}
	resolve := func(d uploader.Destination) (uploader.Target, error) {
		tg, err := t.ResolveDest(d)
		if err == nil && spec.MaxSize >= 0 {
			tg.MaxSize = spec.MaxSize
		}
		return tg, err
	}
	record, flush := AsyncRecorder(p.History, warn)
	q, err := openQueue(p, spec.Jobs, t.Pin, resolve, spec.Stdin, record)
	if err != nil {
		flush()
		return nil, err
	}
	return &Batch{Targets: t, Queue: q, flush: flush}, nil
}

// OpenQueue starts a queue over the user's journal, spool and history:
// pin fixes where an added item goes, resolve finds its target.
func OpenQueue(p Paths, jobs int, pin func(string) uploader.Destination, resolve func(uploader.Destination) (uploader.Target, error),
	stdin io.Reader, warn func(Warning)) (*uploader.Queue, error) {
	return openQueue(p, jobs, pin, resolve, stdin, Recorder(p.History, warn))
}

// openQueue is OpenQueue with record writing the history.
func openQueue(p Paths, jobs int, pin func(string) uploader.Destination, resolve func(uploader.Destination) (uploader.Target, error),
	stdin io.Reader, record func(uploader.Item)) (*uploader.Queue, error) {
	if err := os.MkdirAll(p.Spool, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return uploader.NewQueue(uploader.QueueConfig{
		Jobs:        jobs,
		Pin:         pin,
		ResolveDest: resolve,
		Record:      record,
		JournalDir:  p.Journal,
		SpoolDir:    p.Spool,
		Stdin:       stdin,
	})
}

// Finish waits until the queue is idle and returns the items of ids in
// input order (a removed one is left out). When ctx ends first, every
// upload is canceled and the journal keeps them for "upshot resume".
func (b *Batch) Finish(ctx context.Context, ids []int64) ([]uploader.Item, error) {
	if err := b.Queue.Wait(ctx); err != nil {
		b.Queue.CancelAll()
		return nil, err
	}
	items := make([]uploader.Item, 0, len(ids))
	for _, id := range ids {
		if it, ok := b.Queue.Item(id); ok {
			items = append(items, it)
		}
	}
	return items, nil
}

// Forget removes reported items: the journal keeps only what a crash
// interrupts, not failures the user has been told of.
func (b *Batch) Forget(items []uploader.Item) {
	for _, it := range items {
		b.Queue.Remove(it.ID)
	}
}

// Close stops the queue and waits for the history writes.
func (b *Batch) Close() {
	b.Queue.Close() // no worker records after this
	b.flush()
}
