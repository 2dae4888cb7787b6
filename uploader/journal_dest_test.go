package uploader

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// destRecorder is a ResolveDest that remembers where each source went.
type destRecorder struct {
	mu   sync.Mutex
	sent map[string]Destination // source → destination
}

func (r *destRecorder) resolve(d Destination) (Target, error) {
	return Target{Uploader: &fakeUploader{fn: func(ctx context.Context, f *File, call int) (*Result, error) {
		r.mu.Lock()
		r.sent[f.Source] = d
		r.mu.Unlock()
		return okResult(f), nil
	}}, Host: d.String()}, nil
}

func (r *destRecorder) to(source string) Destination {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent[source]
}

// crashedJournal leaves, as a killed process would, a journal with items
// added for profile "" (pinned to an ad-hoc host given a key) and for
// profile "p"; it returns the files of each.
func crashedJournal(t *testing.T, jdir string) (adhoc, prof []string) {
	t.Helper()
	files := writeImages(t, t.TempDir(), 3)
	up := &fakeUploader{fn: func(ctx context.Context, f *File, call int) (*Result, error) { return blockUntilCanceled(ctx) }}
	q := newTestQueue(t, up, func(c *QueueConfig) {
		c.JournalDir = jdir
		c.Pin = func(profile string) Destination {
			if profile == "" {
				return Destination{Host: "https://a.test/api/1/upload", Keyed: true}
			}
			return Destination{Profile: profile}
		}
	})
	ids := q.Add("", Options{Title: "x"}, files[:2]...)
	if it, _ := q.Item(ids[0]); it.Dest.Host != "https://a.test/api/1/upload" || !it.Dest.Keyed {
		t.Fatalf("item not pinned: %+v", it.Dest)
	}
	q.Add("p", Options{}, files[2])
	q.jr.close() // the kill
	return files[:2], files[2:]
}

func TestResumeSendsEachItemToItsOwnDestination(t *testing.T) {
	jdir := t.TempDir()
	adhoc, prof := crashedJournal(t, jdir)
	for _, p := range journalFiles(t, jdir) {
		b, _ := os.ReadFile(p)
		if !strings.Contains(string(b), `"dest":{"host":"https://a.test/api/1/upload","keyed":true}`) ||
			!strings.Contains(string(b), `"dest":{"profile":"p"}`) {
			t.Errorf("journal does not record the destinations:\n%s", b)
		}
	}
	rec := &destRecorder{sent: map[string]Destination{}}
	q := newTestQueue(t, nil, func(c *QueueConfig) {
		c.JournalDir = jdir
		c.Resolve = nil
		c.ResolveDest = rec.resolve
		// A later run's own choice for "" must not matter to resumed items.
		c.Pin = func(string) Destination { return Destination{Profile: "the-new-default"} }
	})
	want := []Interrupted{{Dest: Destination{Host: "https://a.test/api/1/upload", Keyed: true}, Count: 2}, {Dest: Destination{Profile: "p"}, Count: 1}}
	if got := q.Interrupted(); !slices.Equal(got, want) {
		t.Fatalf("Interrupted = %+v, want %+v", got, want)
	}
	ids, err := q.Resume()
	if err != nil || len(ids) != 3 {
		t.Fatalf("Resume = %v, %v", ids, err)
	}
	waitIdle(t, q)
	for _, f := range adhoc {
		if d := rec.to(f); d.Host != "https://a.test/api/1/upload" {
			t.Errorf("%s went to %+v, want its ad-hoc host", f, d)
		}
	}
	if d := rec.to(prof[0]); d != (Destination{Profile: "p"}) {
		t.Errorf("%s went to %+v, want profile p", prof[0], d)
	}
}

func TestResumeOnlyLeavesDeclinedJournalsUntouched(t *testing.T) {
	jdir := t.TempDir()
	crashedJournal(t, jdir)
	before := journalFiles(t, jdir)
	rec := &destRecorder{sent: map[string]Destination{}}
	q := newTestQueue(t, nil, func(c *QueueConfig) { c.JournalDir = jdir; c.ResolveDest = rec.resolve })
	noKey := func(d Destination) (Destination, bool) { return d, !d.Keyed }
	ids, err := q.ResumeOnly(noKey)
	if err != nil || len(ids) != 0 {
		t.Fatalf("ResumeOnly took %v (%v); the journal holds an item it declines", ids, err)
	}
	if after := journalFiles(t, jdir); !slices.Equal(after, before) {
		t.Fatalf("journal files %v became %v", before, after)
	}
	if n := q.Pending(); n != 3 {
		t.Errorf("Pending = %d after declining, want 3 (nothing lost, nothing taken)", n)
	}
	ids, _ = q.ResumeOnly(func(d Destination) (Destination, bool) { return d, true })
	if len(ids) != 3 {
		t.Errorf("a second ResumeOnly that takes all resumed %d, want 3", len(ids))
	}
}

// An item journaled before destinations existed (profile "") is given one
// by the route, and keeps it if the resumer is killed in turn.
func TestResumeGivesOldItemsADestinationAndKeepsIt(t *testing.T) {
	jdir := t.TempDir()
	files := writeImages(t, t.TempDir(), 2)
	writeJournal(t, jdir, "8388608-0-00000001.journal",
		`{"op":"head","pid":8388608,"start":"0"}`+"\n"+
			`{"op":"add","id":1,"source":"`+files[0]+`"}`+"\n"+
			`{"op":"add","id":2,"source":"`+files[1]+`","profile":"named"}`+"\n")
	hang := &fakeUploader{fn: func(ctx context.Context, f *File, call int) (*Result, error) { return blockUntilCanceled(ctx) }}
	q := newTestQueue(t, nil, func(c *QueueConfig) {
		c.JournalDir = jdir
		c.ResolveDest = func(Destination) (Target, error) { return Target{Uploader: hang, Host: "h"}, nil }
	})
	if got := q.Interrupted(); len(got) != 2 || got[0].Dest.Known() || got[1].Dest != (Destination{Profile: "named"}) {
		t.Fatalf("Interrupted = %+v, want one unknown, one for profile named", got)
	}
	ids, err := q.ResumeOnly(func(d Destination) (Destination, bool) {
		if !d.Known() {
			return Destination{Profile: "chosen"}, true
		}
		return d, true
	})
	if err != nil || len(ids) != 2 {
		t.Fatalf("ResumeOnly = %v, %v", ids, err)
	}
	if it, _ := q.Item(ids[0]); it.Dest != (Destination{Profile: "chosen"}) || it.Profile != "chosen" {
		t.Errorf("old item resumed as %+v / %q", it.Dest, it.Profile)
	}
	q.jr.close() // killed again
	q2 := newTestQueue(t, nil, func(c *QueueConfig) { c.JournalDir = jdir; c.ResolveDest = hangResolve(hang) })
	want := []Interrupted{{Dest: Destination{Profile: "chosen"}, Count: 1}, {Dest: Destination{Profile: "named"}, Count: 1}}
	if got := q2.Interrupted(); !slices.Equal(got, want) {
		t.Errorf("after a second kill Interrupted = %+v, want %+v", got, want)
	}
}

func hangResolve(up Uploader) func(Destination) (Target, error) {
	return func(Destination) (Target, error) { return Target{Uploader: up, Host: "h"}, nil }
}
