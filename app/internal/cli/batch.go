package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
)

// batch is one command line's run of the queue (upload or resume) and
// what it prints: progress on a terminal, warnings, links.
type batch struct {
	*service.Batch
	env    Env
	pumped sync.WaitGroup
	warnMu sync.Mutex
}

// newBatch builds the queue for a command. jobs and maxSize come from the
// flags; maxSize "" means the profile's limit.
func newBatch(h hostFlags, jobs int, maxSize string, env Env) (*batch, error) {
	limit := int64(-1)
	if maxSize != "" {
		limit, _ = uploader.ParseSize(maxSize) // checked by the caller
	}
	return openBatch(service.BatchSpec{Config: h.config, Target: h.spec(), Jobs: jobs, MaxSize: limit, Stdin: env.Stdin}, env)
}

// openResumeBatch builds the queue of `upshot resume`: no host chosen, each
// interrupted item names its own.
func openResumeBatch(h hostFlags, jobs int, env Env) (*batch, error) {
	return openBatch(service.BatchSpec{Config: h.config, Target: h.spec(), Jobs: jobs, MaxSize: -1, Stdin: env.Stdin, Resume: true}, env)
}

func openBatch(spec service.BatchSpec, env Env) (*batch, error) {
	b := &batch{env: env}
	sb, err := service.OpenBatch(spec, env.deps(), func(w service.Warning) { b.warn(w.String()) })
	if err != nil {
		return nil, err
	}
	b.Batch = sb
	b.pumped.Add(1)
	go b.pump()
	return b, nil
}

func (b *batch) warn(msg string) {
	b.warnMu.Lock()
	defer b.warnMu.Unlock()
	if b.env.StderrIsTerminal {
		fmt.Fprint(b.env.Stderr, "\r\033[K")
	}
	fmt.Fprintf(b.env.Stderr, "upshot: %s\n", msg)
}

// pump drains the queue's events; on a terminal it shows the hosts' own
// progress line, "Uploading N files (x% complete)".
func (b *batch) pump() {
	defer b.pumped.Done()
	last := ""
	for ev := range b.Queue.Events() {
		if !b.env.StderrIsTerminal {
			continue
		}
		line := progressLine(ev.Summary)
		if ev.Kind == uploader.EventPaused && ev.Item.Note != "" {
			b.warn(ev.Item.Note)
		}
		if line != last {
			b.warnMu.Lock()
			fmt.Fprintf(b.env.Stderr, "\r\033[K%s", line)
			b.warnMu.Unlock()
			last = line
		}
	}
	if b.env.StderrIsTerminal && last != "" {
		fmt.Fprint(b.env.Stderr, "\r\033[K")
	}
}

func progressLine(s uploader.Summary) string {
	return fmt.Sprintf("Uploading %d files (%d%% complete)", s.Total, s.Percent())
}

func (b *batch) close() {
	b.Close()
	b.pumped.Wait()
}

// finish waits for the items, prints their links in input order and sets
// the exit status.
func (b *batch) finish(ctx context.Context, ids []int64, output string, copyLinks bool) (int, error) {
	items, err := b.Finish(ctx, ids)
	if err != nil {
		return ExitFailed, fmt.Errorf("interrupted: %w — run \"upshot resume\" to finish", err)
	}
	r, err := service.MakeReport(items, output)
	if err != nil {
		return ExitUsage, err
	}
	for _, f := range r.Failures {
		b.warn(f.String())
	}
	for _, l := range r.Lines {
		fmt.Fprintln(b.env.Stdout, l)
	}
	if copyLinks {
		b.copy(service.CopyText(items, output, r))
	}
	b.Forget(items)
	return exitStatus(r), nil
}

// exitStatus is the exit status of a report.
func exitStatus(r service.Report) int {
	if r.OK() {
		return ExitOK
	}
	return ExitFailed
}

// copy puts the batch's links on the clipboard (json output copies URLs).
func (b *batch) copy(text string) {
	if text == "" {
		return
	}
	if b.env.Copy == nil {
		b.warn("--copy: no clipboard here (no display) — the links are on stdout")
		return
	}
	if err := b.env.Copy(text); err != nil {
		b.warn(fmt.Sprintf("--copy: %v — the links are on stdout", err))
	}
}
