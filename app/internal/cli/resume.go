package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
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
	fs.StringVar(&output, "output", "url", "url | viewer | short | thumb | delete | markdown | html | bbcode | json")
	fs.IntVar(&jobs, "jobs", defaultJobs, "parallel uploads")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) > 0 {
		return ExitUsage, usagef("resume takes no arguments")
	}
	b, err := openBatch(jobs, "", env, func(warn func(string)) (*Targets, error) { return resumeTargets(h, env, warn) })
	if err != nil {
		return ExitUsage, err
	}
	defer b.close()
	route, notes, err := planResume(b.q.Interrupted(), h, env, b.t)
	if err != nil {
		return ExitUsage, err
	}
	for _, n := range notes {
		b.warn(n)
	}
	ids, err := b.q.ResumeOnly(route)
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

// resumeTargets are the targets of a resume: the configuration, with no
// host chosen — every item names its own.
func resumeTargets(h hostFlags, env Env, warn func(string)) (*Targets, error) {
	p := resolvePaths(h.config, env)
	cfg, err := profile.Load(p.Config)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	if h.profile != "" {
		if _, ok := cfg.Get(h.profile); !ok {
			return nil, usagef("no profile named %q in %s — see \"upshot profile list\"", h.profile, p.Config)
		}
	}
	return &Targets{env: env, paths: p, cfg: cfg, warn: warn, hostKeys: map[string]string{}}, nil
}

// planResume decides where the interrupted uploads go and records the keys
// this run has for ad-hoc hosts in t. It fails (a usage error: nothing is
// sent) when an upload needs a key or a destination the command line did
// not give; notes are said before the uploads start.
func planResume(pend []uploader.Interrupted, h hostFlags, env Env, t *Targets) (uploader.Route, []string, error) {
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
		oldTo = uploader.Destination{Host: host, Keyed: t.hostKeys[host] != ""}
	}
	var problems []string
	for _, p := range pend {
		d := p.Dest
		switch {
		case !d.Known() && !oldTo.Known():
			problems = append(problems, unplaced(p.Count))
		case d.Keyed && t.hostKeys[d.Host] == "":
			problems = append(problems, keyMissing(p, keyedHosts(pend)))
		case d.Local:
			them := "them"
			if p.Count == 1 {
				them = "it"
			}
			notes = append(notes, fmt.Sprintf("%s to the app's local test host %s interrupted: start Upshot to finish %s",
				uploadsCount(p.Count), wasWere(p.Count), them))
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

// unplaced asks where uploads of an Upshot older than destinations go.
func unplaced(n int) string {
	they, them := "do not say where they were", "them"
	if n == 1 {
		they, them = "does not say where it was", "it"
	}
	return fmt.Sprintf("%s interrupted by an earlier version of Upshot %s going: "+
		"run upshot resume --profile NAME, or upshot resume --host URL --key KEY, to send %s there",
		uploadsCount(n), they, them)
}

// AppRoute is what the app resumes at start: each item on its own
// destination, when this app's targets can reach it — its profile, the
// local test host, an ad-hoc host that needs no key or whose key the app
// was given (UPSHOT_HOST with UPSHOT_API_KEY). The rest stay in the
// journal, and notes say how to finish them.
func (t *Targets) AppRoute(pend []uploader.Interrupted) (uploader.Route, []string) {
	take := func(d uploader.Destination) bool {
		return d.Profile != "" || d.Local || (d.Host != "" && (!d.Keyed || t.adhoc != nil && t.adhoc.Host == d.Host && t.keyFlag != ""))
	}
	var notes []string
	keyed := keyedHosts(pend)
	for _, p := range pend {
		switch {
		case take(p.Dest):
		case p.Dest.Known():
			notes = append(notes, keyMissing(p, keyed))
		default:
			notes = append(notes, unplaced(p.Count))
		}
	}
	return func(d uploader.Destination) (uploader.Destination, bool) { return d, take(d) }, notes
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
func assignKey(pend []uploader.Interrupted, host, key string, env Env, t *Targets) ([]string, error) {
	if key == "" {
		if k := env.Getenv("UPSHOT_API_KEY"); k != "" && host != "" {
			t.hostKeys[host] = k
		}
		return nil, nil
	}
	if host != "" {
		t.hostKeys[host] = key
		return nil, nil
	}
	hosts := keyedHosts(pend)
	if len(hosts) == 0 {
		hosts = adhocHosts(pend)
	}
	switch len(hosts) {
	case 0:
		return []string{"--key is not used: no interrupted upload went to a host given on the command line"}, nil
	case 1:
		t.hostKeys[hosts[0]] = key
		return nil, nil
	}
	names := make([]string, len(hosts))
	for i, h := range hosts {
		names[i] = uploader.Destination{Host: h}.HostPort()
	}
	return nil, usagef("uploads to %d hosts were interrupted (%s): say which one the key is for — run upshot resume --host URL --key KEY",
		len(hosts), strings.Join(names, ", "))
}

// keyMissing asks for the key of an ad-hoc host, naming it; with several
// such hosts it says which one the key is for.
func keyMissing(p uploader.Interrupted, keyed []string) string {
	run := "upshot resume --key KEY"
	if len(keyed) > 1 {
		run = "upshot resume --host " + p.Dest.Host + " --key KEY"
	}
	return fmt.Sprintf("%s to %s %s interrupted; its key was given on the command line: run %s",
		uploadsCount(p.Count), p.Dest.HostPort(), wasWere(p.Count), run)
}

// keyedHosts lists the ad-hoc hosts whose uploads were given a key.
func keyedHosts(pend []uploader.Interrupted) []string {
	var out []string
	for _, p := range pend {
		if p.Dest.Keyed && p.Dest.Host != "" && !slices.Contains(out, p.Dest.Host) {
			out = append(out, p.Dest.Host)
		}
	}
	return out
}

// adhocHosts lists every ad-hoc host with interrupted uploads.
func adhocHosts(pend []uploader.Interrupted) []string {
	var out []string
	for _, p := range pend {
		if p.Dest.Host != "" && !slices.Contains(out, p.Dest.Host) {
			out = append(out, p.Dest.Host)
		}
	}
	return out
}

func uploadsCount(n int) string {
	if n == 1 {
		return "1 upload"
	}
	return fmt.Sprintf("%d uploads", n)
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
