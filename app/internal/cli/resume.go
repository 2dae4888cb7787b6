package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
)

// runResume finishes the uploads that a crashed or killed Upshot (the GUI
// or a CLI batch) left unfinished, using the journal. Each upload goes to
// the destination it was started for — its profile, or the ad-hoc host of
// its command line — and nowhere else. --key gives the key of an ad-hoc
// host (which is never stored), --host says which host it is for when
// several wait; --profile or --host place uploads of an Upshot older than
// destinations. When an upload cannot be placed, nothing is sent (exit 2).
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
	b, err := openResumeBatch(h, jobs, env)
	if err != nil {
		return ExitUsage, err
	}
	defer b.close()
	route, notes, err := planResume(b.Queue.Interrupted(), h, env, b.Targets)
	if err != nil {
		return ExitUsage, err
	}
	for _, n := range notes {
		b.warn(n)
	}
	ids, err := b.Queue.ResumeOnly(route)
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

// planResume decides where the interrupted uploads go and records the keys
// this run has for ad-hoc hosts in t. It fails (a usage error: nothing is
// sent) when an upload needs a key or a destination the command line did
// not give; notes are said before the uploads start.
func planResume(pend []uploader.Interrupted, h hostFlags, env Env, t *service.Targets) (uploader.Route, []string, error) {
	host, err := flagHost(h, env)
	if err != nil {
		return nil, nil, err
	}
	notes, err := assignKey(pend, host, h.key, env, t)
	if err != nil {
		return nil, nil, err
	}
	var oldTo uploader.Destination
	switch {
	case h.profile != "":
		oldTo = uploader.Destination{Profile: h.profile}
	case host != "":
		oldTo = uploader.Destination{Host: host, Keyed: t.HostKey(host) != ""}
	}
	var problems []string
	for _, p := range pend {
		d := p.Dest
		switch {
		case !d.Known() && !oldTo.Known():
			problems = append(problems, service.Unplaced(p.Count))
		case d.Keyed && t.HostKey(d.Host) == "":
			problems = append(problems, service.KeyMissing(p, service.KeyedHosts(pend)))
		case d.Local:
			them := "them"
			if p.Count == 1 {
				them = "it"
			}
			notes = append(notes, fmt.Sprintf("%s to the app's local test host %s interrupted: start Upshot to finish %s",
				service.UploadsCount(p.Count), service.WasWere(p.Count), them))
		}
	}
	if len(problems) > 0 {
		return nil, nil, &usageError{strings.Join(problems, "\nupshot: ")}
	}
	return func(d uploader.Destination) (uploader.Destination, bool) {
		if !d.Known() {
			return oldTo, true
		}
		return d, !d.Local
	}, notes, nil
}

// flagHost is the endpoint that --host (else UPSHOT_HOST) names, or "".
func flagHost(h hostFlags, env Env) (string, error) {
	host := firstNonEmpty(h.host, env.Getenv("UPSHOT_HOST"))
	if host == "" {
		return "", nil
	}
	ep, err := uploader.NormalizeEndpoint(host)
	if err != nil {
		return "", usagef("host %q: %v", host, err)
	}
	return ep, nil
}

// assignKey gives the command line's key to the ad-hoc host it is for:
// the --host one, else the only host whose key was given on the command
// line (or the only ad-hoc host). UPSHOT_API_KEY is used only for the host
// UPSHOT_HOST (or --host) names. A key never goes to a profile's host.
func assignKey(pend []uploader.Interrupted, host, key string, env Env, t *service.Targets) ([]string, error) {
	if key == "" {
		if k := env.Getenv("UPSHOT_API_KEY"); k != "" && host != "" {
			t.SetHostKey(host, k)
		}
		return nil, nil
	}
	if host != "" {
		t.SetHostKey(host, key)
		return nil, nil
	}
	hosts := service.KeyedHosts(pend)
	if len(hosts) == 0 {
		hosts = service.AdhocHosts(pend)
	}
	switch len(hosts) {
	case 0:
		return []string{"--key is not used: no interrupted upload went to a host given on the command line"}, nil
	case 1:
		t.SetHostKey(hosts[0], key)
		return nil, nil
	}
	names := make([]string, len(hosts))
	for i, h := range hosts {
		names[i] = uploader.Destination{Host: h}.HostPort()
	}
	return nil, usagef("uploads to %d hosts were interrupted (%s): say which one the key is for — run upshot resume --host URL --key KEY",
		len(hosts), strings.Join(names, ", "))
}
