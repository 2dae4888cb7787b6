package cli

import (
	"context"
	"fmt"
)

// runResume finishes the uploads that a crashed or killed Upshot (the GUI
// or a CLI batch) left unfinished, using the journal.
func runResume(ctx context.Context, args []string, env Env) (int, error) {
	var h hostFlags
	var output string
	var jobs int
	fs := newFlags("resume", env)
	h.register(fs)
	fs.StringVar(&output, "output", "url", outputHelp)
	fs.IntVar(&jobs, "jobs", defaultJobs, "parallel uploads")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) > 0 {
		return ExitUsage, usagef("resume takes no arguments")
	}
	b, err := newBatch(h, jobs, "", env)
	if err != nil {
		return ExitUsage, err
	}
	defer b.close()
	ids, err := b.Queue.Resume()
	if err != nil {
		return ExitFailed, fmt.Errorf("resume: %w", err)
	}
	if len(ids) == 0 {
		fmt.Fprintln(env.Stderr, "upshot: nothing to resume")
		return ExitOK, nil
	}
	b.warn(fmt.Sprintf("resuming %d unfinished upload(s)", len(ids)))
	return b.finish(ctx, ids, output, false)
}
