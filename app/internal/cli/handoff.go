package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/upshot-app/upshot/app/internal/ipc"
)

// handoffWait bounds how long a handed-over batch may take.
const handoffWait = 24 * time.Hour

// handoff is how an upload command line is offered to the running app:
// env.Handoff, else through env.Send; nil when there is no app to ask.
func (env Env) handoff() func(ctx context.Context, args []string) (int, bool) {
	if env.Handoff != nil {
		return env.Handoff
	}
	if env.Send == nil {
		return nil
	}
	return func(ctx context.Context, args []string) (int, bool) {
		ctx, cancel := context.WithTimeout(ctx, handoffWait)
		defer cancel()
		return handOffTo(ctx, env, ipc.Request{Command: ipc.CmdUpload, Args: args, Cwd: env.Cwd}, "uploading",
			func(l string) { fmt.Fprintln(env.Stdout, l) })
	}
}

// handOffTo asks the running Upshot to do req, handing each line of its
// answer to lines and its errors to stderr. It reports whether there was
// one to ask; when not, or when it did not answer, the caller does the work
// itself ("capturing" here). When ctx ends first (Ctrl+C) the app keeps
// the work: the command says so and fails, and does nothing itself.
func handOffTo(ctx context.Context, env Env, req ipc.Request, doing string, lines func(string)) (int, bool) {
	if env.Send == nil {
		return 0, false
	}
	resp, err := env.Send(ctx, req)
	if err == nil {
		printAnswer(env, resp, lines)
		return resp.Exit, true
	}
	if ctx.Err() != nil {
		// Ctrl+C (or SIGTERM) while the app works: the app has the request
		// and goes on; doing it here as well would upload twice.
		fmt.Fprintf(env.Stderr, "upshot: stopped waiting for the running Upshot, which goes on %s in its window\n", doing)
		return ExitFailed, true
	}
	if !errors.Is(err, ipc.ErrNotRunning) {
		fmt.Fprintf(env.Stderr, "upshot: the running Upshot did not answer (%v); %s here\n", err, doing)
	}
	return 0, false
}

// printAnswer hands each line of the app's answer to lines and its errors
// to stderr.
func printAnswer(env Env, resp ipc.Response, lines func(string)) {
	for _, l := range resp.Lines {
		lines(l)
	}
	if resp.Error != "" {
		for _, l := range strings.Split(resp.Error, "\n") {
			fmt.Fprintln(env.Stderr, "upshot:", l)
		}
	}
}
