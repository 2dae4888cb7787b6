package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/upshot-app/upshot/uploader"
)

// batch is one command line's run of the queue: upload or resume.
type batch struct {
	env    Env
	t      *Targets
	q      *uploader.Queue
	pumped sync.WaitGroup
	warnMu sync.Mutex
}

// newBatch builds the queue for a command. jobs and maxSize come from the
// flags; maxSize "" means the profile's limit.
func newBatch(h hostFlags, jobs int, maxSize string, env Env) (*batch, error) {
	return openBatch(jobs, maxSize, env, func(warn func(string)) (*Targets, error) { return newTargets(h, env, warn) })
}

// openBatch builds the queue over the targets that targets makes (it gets
// the batch's warning printer).
func openBatch(jobs int, maxSize string, env Env, targets func(warn func(string)) (*Targets, error)) (*batch, error) {
	b := &batch{env: env}
	t, err := targets(b.warn)
	if err != nil {
		return nil, err
	}
	b.t = t
	limit := int64(-1)
	if maxSize != "" {
		limit, _ = uploader.ParseSize(maxSize) // checked by the caller
	}
	resolve := func(d uploader.Destination) (uploader.Target, error) {
		tg, err := t.ResolveDest(d)
		if err == nil && limit >= 0 {
			tg.MaxSize = limit
		}
		return tg, err
	}
	if err := os.MkdirAll(t.paths.Spool, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	q, err := uploader.NewQueue(uploader.QueueConfig{
		Jobs:        jobs,
		Pin:         t.Pin,
		ResolveDest: resolve,
		Record:      Recorder(t.paths.History, b.warn),
		JournalDir:  t.paths.Journal,
		SpoolDir:    t.paths.Spool,
		Stdin:       env.Stdin,
	})
	if err != nil {
		return nil, err
	}
	b.q = q
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
	for ev := range b.q.Events() {
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
	b.q.Close()
	b.pumped.Wait()
}

// finish waits for the items, prints their links in input order and sets
// the exit status.
func (b *batch) finish(ctx context.Context, ids []int64, output string, copyLinks bool) (int, error) {
	if err := b.q.Wait(ctx); err != nil {
		b.q.CancelAll()
		return ExitFailed, fmt.Errorf("interrupted: %w — run \"upshot resume\" to finish", err)
	}
	items := make([]uploader.Item, 0, len(ids))
	for _, id := range ids {
		if it, ok := b.q.Item(id); ok {
			items = append(items, it)
		}
	}
	out, errs, status, err := Report(items, output)
	if err != nil {
		return ExitUsage, err
	}
	for _, l := range errs {
		b.warn(l)
	}
	for _, l := range out {
		fmt.Fprintln(b.env.Stdout, l)
	}
	links := out
	if output == "json" {
		links = nil
	}
	if copyLinks {
		b.copy(items, output, links)
	}
	// Every result has been reported (stdout or stderr): the journal keeps
	// only what a crash interrupts, not failures the user has been told of.
	for _, it := range items {
		b.q.Remove(it.ID)
	}
	return status, nil
}

// Report renders finished items as the CLI prints them: stdout lines (one
// link per uploaded file, or one JSON object per item), stderr lines
// ("<source>: <message>" per failure) and the exit status.
func Report(items []uploader.Item, output string) (stdout, stderr []string, status int, err error) {
	status = ExitOK
	for _, it := range items {
		if it.State != uploader.StateDone {
			status = ExitFailed
			stderr = append(stderr, fmt.Sprintf("%s: %s", it.Source, itemMessage(it)))
		}
		if output == "json" {
			stdout = append(stdout, jsonOf(it))
			continue
		}
		if it.State == uploader.StateDone {
			link, err := uploader.FormatLink(output, linkData(it))
			if err != nil {
				return nil, nil, ExitUsage, usagef("--output: %v", err)
			}
			stdout = append(stdout, link)
		}
	}
	return stdout, stderr, status, nil
}

// copy puts the batch's links on the clipboard (json output copies URLs).
func (b *batch) copy(items []uploader.Item, output string, links []string) {
	text := CopyText(items, output, links)
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

// CopyText is what --copy puts on the clipboard: the printed links, or
// with --output json the URLs of the uploaded items; "" for nothing.
func CopyText(items []uploader.Item, output string, links []string) string {
	if output == "json" {
		links = nil
		for _, it := range items {
			if it.State == uploader.StateDone {
				links = append(links, it.Result.URL)
			}
		}
	}
	return strings.Join(links, "\n")
}

func itemMessage(it uploader.Item) string {
	switch {
	case it.Err != nil:
		return it.Err.Error()
	case it.State == uploader.StateCanceled:
		return "canceled"
	default:
		return "not uploaded (" + it.State.String() + ")"
	}
}

func linkData(it uploader.Item) uploader.LinkData {
	return uploader.LinkData{Result: it.Result, Filename: it.Name, Title: it.Options.Title}
}

// jsonLine is one line of --output json: every source, uploaded or failed.
type jsonLine struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Viewer string `json:"viewer"`
	Short  string `json:"short"`
	Thumb  string `json:"thumb"`
	Delete string `json:"delete"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Size   int64  `json:"size"`
	Error  string `json:"error,omitempty"`
}

func jsonOf(it uploader.Item) string {
	l := jsonLine{Source: it.Source}
	if r := it.Result; r != nil && it.State == uploader.StateDone {
		l.URL, l.Viewer, l.Short, l.Thumb, l.Delete = r.URL, r.Viewer, r.Short, r.Thumb, r.Delete
		l.Width, l.Height, l.Size = r.Width, r.Height, r.Size
	} else {
		l.Error = itemMessage(it)
	}
	data, _ := json.Marshal(l)
	return string(data)
}
