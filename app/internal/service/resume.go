package service

import (
	"fmt"
	"slices"

	"github.com/upshot-app/upshot/uploader"
)

// NewResumeTargets are the targets of a resume: the configuration, with no
// host chosen — every interrupted item names its own. A profile the
// command line names (for items of an older journal) must exist.
func NewResumeTargets(p Paths, profileName string, deps Deps, warn func(Warning)) (*Targets, error) {
	cfg, err := LoadConfig(p.Config)
	if err != nil {
		return nil, err
	}
	if profileName != "" {
		if _, ok := cfg.Get(profileName); !ok {
			return nil, &ConfigError{Problem: ConfigNoProfile, Name: profileName, Path: p.Config}
		}
	}
	if warn == nil {
		warn = func(Warning) {}
	}
	return &Targets{deps: deps, paths: p, cfg: cfg, warn: warn, hostKeys: map[string]string{}}, nil
}

// AppRoute is what the app resumes at start: each item on its own
// destination, when these targets can reach it — its profile, the local
// test host, an ad-hoc host that needs no key or whose key the app was
// given (UPSHOT_HOST with UPSHOT_API_KEY). The rest stay in the journal,
// and notes say how to finish them.
func (t *Targets) AppRoute(pend []uploader.Interrupted) (uploader.Route, []string) {
	take := func(d uploader.Destination) bool {
		return d.Profile != "" || d.Local || (d.Host != "" && (!d.Keyed || t.adhoc != nil && t.adhoc.Host == d.Host && t.keyFlag != ""))
	}
	var notes []string
	keyed := KeyedHosts(pend)
	for _, p := range pend {
		switch {
		case take(p.Dest):
		case p.Dest.Known():
			notes = append(notes, KeyMissing(p, keyed))
		default:
			notes = append(notes, Unplaced(p.Count))
		}
	}
	return func(d uploader.Destination) (uploader.Destination, bool) { return d, take(d) }, notes
}

// Unplaced asks where uploads of an Upshot older than destinations go.
func Unplaced(n int) string {
	they, them := "do not say where they were", "them"
	if n == 1 {
		they, them = "does not say where it was", "it"
	}
	return fmt.Sprintf("%s interrupted by an earlier version of Upshot %s going: "+
		"run upshot resume --profile NAME, or upshot resume --host URL --key KEY, to send %s there",
		UploadsCount(n), they, them)
}

// KeyMissing asks for the key of an ad-hoc host, naming it; with several
// such hosts it says which one the key is for.
func KeyMissing(p uploader.Interrupted, keyed []string) string {
	run := "upshot resume --key KEY"
	if len(keyed) > 1 {
		run = "upshot resume --host " + p.Dest.Host + " --key KEY"
	}
	return fmt.Sprintf("%s to %s %s interrupted; its key was given on the command line: run %s",
		UploadsCount(p.Count), p.Dest.HostPort(), WasWere(p.Count), run)
}

// KeyedHosts lists the ad-hoc hosts whose uploads were given a key.
func KeyedHosts(pend []uploader.Interrupted) []string {
	var out []string
	for _, p := range pend {
		if p.Dest.Keyed && p.Dest.Host != "" && !slices.Contains(out, p.Dest.Host) {
			out = append(out, p.Dest.Host)
		}
	}
	return out
}

// AdhocHosts lists every ad-hoc host with interrupted uploads.
func AdhocHosts(pend []uploader.Interrupted) []string {
	var out []string
	for _, p := range pend {
		if p.Dest.Host != "" && !slices.Contains(out, p.Dest.Host) {
			out = append(out, p.Dest.Host)
		}
	}
	return out
}

// UploadsCount is "1 upload" or "N uploads".
func UploadsCount(n int) string {
	if n == 1 {
		return "1 upload"
	}
	return fmt.Sprintf("%d uploads", n)
}

// WasWere is the verb for n uploads.
func WasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
