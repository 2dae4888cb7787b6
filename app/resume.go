package main

import (
	"fmt"
	"os"

	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
)

// The app's side of destinations: every item is pinned, when it is added,
// to the profile or host it goes to, and a resume sends it there only.

// pin implements QueueConfig.Pin. The local test host's port changes from
// run to run, so its items are pinned to it by kind, not by URL.
func (g *gui) pin(name string) uploader.Destination {
	g.mu.Lock()
	t, local := g.targets, g.local
	g.mu.Unlock()
	if name == "" && local {
		return uploader.Destination{Local: true}
	}
	return t.Pin(name)
}

// resolveDest implements QueueConfig.ResolveDest; an item for the local
// test host starts it if the app now uploads elsewhere.
func (g *gui) resolveDest(d uploader.Destination) (uploader.Target, error) {
	g.mu.Lock()
	t := g.targets
	g.mu.Unlock()
	if d.Local {
		url, err := g.testHostURL()
		if err != nil {
			return uploader.Target{}, fmt.Errorf("the local test host: %w", err)
		}
		d = uploader.Destination{Host: g.endpointOf(url)}
	}
	return t.ResolveDest(d)
}

// endpointOf is the upload endpoint of a site URL.
func (g *gui) endpointOf(site string) string {
	if ep, err := uploader.NormalizeEndpoint(site); err == nil {
		return ep
	}
	return site
}

// resumeJournal takes over, at start, the uploads an earlier run left
// unfinished, each for its own destination; those the app cannot finish
// (a key given only on a command line, an old journal that does not say
// where) stay in the journal and the window says how to finish them.
func (g *gui) resumeJournal() {
	g.mu.Lock()
	t := g.targets
	g.mu.Unlock()
	route, notes := t.AppRoute(g.queue.Interrupted())
	ids, err := g.queue.ResumeOnly(route)
	if err != nil {
		notes = append(notes, ui.T("warning.resume_failed", "Error", err.Error()))
	}
	if len(ids) > 0 {
		fmt.Fprintf(os.Stderr, "upshot: resuming %d unfinished upload(s)\n", len(ids))
	}
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "upshot:", n)
	}
	if len(notes) > 0 {
		g.warnings = append(g.warnings, notes...)
		g.main.SettingsChanged(g.notices())
	}
}
