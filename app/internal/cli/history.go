package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader/history"
)

// runHistory lists or searches the history, or deletes an entry.
func runHistory(ctx context.Context, args []string, env Env) (int, error) {
	if len(args) > 0 && args[0] == "delete" {
		return historyDelete(ctx, args[1:], env)
	}
	if len(args) > 0 && args[0] == "clear" {
		return historyClear(args[1:], env)
	}
	var config, since, until string
	var q history.Query
	var asJSON bool
	fs := newFlags("history", env)
	fs.StringVar(&config, "config", "", "config file (env UPSHOT_CONFIG)")
	fs.StringVar(&q.Search, "search", "", "only entries whose name, title, source or URL contain this")
	fs.StringVar(&q.Profile, "profile", "", "only uploads to this profile")
	fs.StringVar(&since, "since", "", "only uploads from this date on (YYYY-MM-DD)")
	fs.StringVar(&until, "until", "", "only uploads up to this date (YYYY-MM-DD, inclusive)")
	fs.BoolVar(&asJSON, "json", false, "one JSON object per line")
	fs.IntVar(&q.Limit, "limit", 0, "at most this many entries (0 = all)")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) > 0 {
		return ExitUsage, usagef("history: unexpected argument %q (did you mean --search?)", rest[0])
	}
	if q.From, err = parseDay(since, false); err != nil {
		return ExitUsage, usagef("--since %q: %v", since, err)
	}
	if q.To, err = parseDay(until, true); err != nil {
		return ExitUsage, usagef("--until %q: %v", until, err)
	}
	entries, err := service.History{Path: env.paths(config).History}.List(q)
	if err != nil {
		return ExitFailed, err
	}
	if asJSON {
		for _, e := range entries {
			writeHistoryJSON(env, e)
		}
		return ExitOK, nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, e := range entries {
		url := e.URL
		if e.DeletedFromHost {
			url += " (deleted from host)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.ID, e.Time.Local().Format("2006-01-02 15:04"), e.Name, url)
	}
	return ExitOK, tw.Flush()
}

// historyLine is one line of `upshot history --json`.
type historyLine struct {
	ID      uint64    `json:"id"`
	Time    time.Time `json:"time"`
	Profile string    `json:"profile,omitempty"`
	Source  string    `json:"source"`
	Name    string    `json:"name"`
	Title   string    `json:"title,omitempty"`
	Size    int64     `json:"size"`
	Width   int       `json:"width"`
	Height  int       `json:"height"`
	Mime    string    `json:"mime,omitempty"`
	MD5     string    `json:"md5,omitempty"`
	URL     string    `json:"url"`
	Viewer  string    `json:"viewer"`
	Short   string    `json:"short,omitempty"`
	Thumb   string    `json:"thumb"`
	Delete  string    `json:"delete"`
	Deleted bool      `json:"deleted_from_host,omitempty"`
}

func writeHistoryJSON(env Env, e history.Entry) {
	data, _ := json.Marshal(historyLine{
		ID: e.ID, Time: e.Time, Profile: e.Profile, Source: e.Source, Name: e.Name, Title: e.Title,
		Size: e.Size, Width: e.Width, Height: e.Height, Mime: e.Mime, MD5: e.MD5,
		URL: e.URL, Viewer: e.Viewer, Short: e.Short, Thumb: e.Thumb, Delete: e.Delete, Deleted: e.DeletedFromHost,
	})
	fmt.Fprintf(env.Stdout, "%s\n", data)
}

// historyDelete removes an entry; with --from-host it first deletes the
// file on the host through its delete URL (the flag is the confirmation).
func historyDelete(ctx context.Context, args []string, env Env) (int, error) {
	var config string
	var fromHost bool
	fs := newFlags("history delete", env)
	fs.StringVar(&config, "config", "", "config file (env UPSHOT_CONFIG)")
	fs.BoolVar(&fromHost, "from-host", false, "also delete the file on the host (cannot be undone)")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if len(rest) != 1 {
		return ExitUsage, usagef("history delete: give one entry ID (see \"upshot history\")")
	}
	id, err := strconv.ParseUint(rest[0], 10, 64)
	if err != nil {
		return ExitUsage, usagef("history delete: %q is not an entry ID", rest[0])
	}
	e, gone, err := service.History{Path: env.paths(config).History}.Delete(ctx, id, fromHost)
	if err != nil {
		return ExitFailed, err // it names the entry, or the file and the host
	}
	switch {
	case fromHost && gone == history.AlreadyGone:
		fmt.Fprintf(env.Stdout, "%s was already gone from the host; removed from history (entry %d)\n", e.Name, id)
		return ExitOK, nil
	case fromHost:
		fmt.Fprintf(env.Stdout, "deleted %s from the host\n", e.Name)
	}
	fmt.Fprintf(env.Stdout, "history entry %d removed\n", id)
	return ExitOK, nil
}

// parseDay reads YYYY-MM-DD in local time; end selects the day's last
// instant. "" is the zero time (no bound).
func parseDay(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("give a date as YYYY-MM-DD")
	}
	if end {
		d = d.AddDate(0, 0, 1).Add(-time.Nanosecond) // a day is not 24 h when the clocks change
	}
	return d, nil
}

// historyClear empties the local history (files on the hosts stay).
func historyClear(args []string, env Env) (int, error) {
	var config string
	var yes bool
	fs := newFlags("history clear", env)
	fs.StringVar(&config, "config", "", "config file (env UPSHOT_CONFIG)")
	fs.BoolVar(&yes, "yes", false, "really clear it")
	if rest, err := parse(fs, args); err != nil {
		return ExitUsage, err
	} else if len(rest) > 0 {
		return ExitUsage, usagef("history clear takes no arguments")
	}
	if !yes {
		return ExitUsage, usagef("history clear forgets every entry (the files stay on the hosts): add --yes to confirm")
	}
	if err := (service.History{Path: env.paths(config).History}).Clear(); err != nil {
		return ExitFailed, err
	}
	fmt.Fprintln(env.Stdout, "history cleared")
	return ExitOK, nil
}
