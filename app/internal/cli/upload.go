package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/upshot-app/upshot/uploader"
)

// defaultJobs is the number of parallel uploads unless --jobs says.
const defaultJobs = 3

// outputHelp lists what --output takes: the link formats of
// uploader.LinkFormatTable, then json.
var outputHelp = strings.Join(append(uploader.LinkFormats(), "json"), " | ")

// uploadFlags are the flags of `upshot upload`.
type uploadFlags struct {
	hostFlags
	opts    uploader.Options
	tags    string
	output  string
	jobs    int
	maxSize string
	copy    bool
}

func (u *uploadFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&u.opts.Title, "title", "", "title")
	fs.StringVar(&u.opts.Description, "description", "", "description")
	fs.StringVar(&u.tags, "tags", "", "comma-separated tags")
	fs.StringVar(&u.opts.AlbumID, "album", "", "album id (the code in the album URL)")
	fs.IntVar(&u.opts.CategoryID, "category", 0, "category id")
	fs.IntVar(&u.opts.Width, "width", 0, "resize to this width (pixels)")
	fs.StringVar(&u.opts.Expiration, "expiration", "", "auto-delete after: seconds or ISO-8601 (PT5M, P3D)")
	fs.BoolVar(&u.opts.NSFW, "nsfw", false, "flag as not safe for work")
	fs.StringVar(&u.output, "output", "url", outputHelp)
	fs.IntVar(&u.jobs, "jobs", defaultJobs, "parallel uploads")
	fs.StringVar(&u.maxSize, "max-size", "", "client-side limit, e.g. 5MB; 0 = none (default: the profile's limit)")
	fs.BoolVar(&u.copy, "copy", false, "also put all links on the clipboard")
}

// check validates everything that does not depend on a file, before any
// request is sent.
func (u *uploadFlags) check() error {
	if u.tags != "" {
		for _, t := range strings.Split(u.tags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				u.opts.Tags = append(u.opts.Tags, t)
			}
		}
	}
	if u.opts.Expiration != "" {
		if _, err := uploader.ParseExpiration(u.opts.Expiration); err != nil {
			return usagef("--expiration %q: %v", u.opts.Expiration, err)
		}
	}
	if u.opts.Width < 0 || u.opts.CategoryID < 0 {
		return usagef("--width and --category take positive numbers")
	}
	if u.jobs < 1 || u.jobs > 32 {
		return usagef("--jobs %d: give a number from 1 to 32", u.jobs)
	}
	if u.output != "json" {
		if err := uploader.ValidateLinkFormat(u.output); err != nil {
			return usagef("--output %q: %v", u.output, err)
		}
	}
	if u.maxSize != "" {
		if _, err := uploader.ParseSize(u.maxSize); err != nil {
			return usagef("--max-size %q: %v", u.maxSize, err)
		}
	}
	return nil
}

// UploadRequest is a parsed `upshot upload` command line.
type UploadRequest struct {
	flags   uploadFlags
	Sources []string
}

// ParseUpload parses and checks an `upshot upload` command line; every
// error is a usage error (exit status 2) and nothing has been sent.
func ParseUpload(args []string, env Env) (*UploadRequest, error) {
	r := &UploadRequest{}
	fs := newFlags("upload", env)
	r.flags.hostFlags.register(fs)
	r.flags.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: upshot upload [flags] SOURCE…   (file, directory, http(s) URL, or - for stdin)")
		fs.PrintDefaults()
	}
	sources, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return nil, usagef("nothing to upload: give files, directories, URLs or - (stdin)")
	}
	r.Sources = sources
	return r, r.flags.check()
}

// Options are the upload options the flags set.
func (r *UploadRequest) Options() uploader.Options { return r.flags.opts }

// Copy reports --copy.
func (r *UploadRequest) Copy() bool { return r.flags.copy }

// Output is the --output format.
func (r *UploadRequest) Output() string { return r.flags.output }

// Portable reports whether a running Upshot can take the batch over: it
// uploads to its own active host, so the command line must not choose
// another host, key, profile, config, size limit or parallelism, nor read
// stdin.
func (r *UploadRequest) Portable(env Env) bool {
	f := r.flags
	if f.host != "" || f.key != "" || f.profile != "" || f.config != "" || f.maxSize != "" || f.jobs != defaultJobs ||
		env.Getenv("UPSHOT_HOST") != "" || env.Getenv("UPSHOT_API_KEY") != "" || env.Getenv("UPSHOT_CONFIG") != "" {
		return false
	}
	return !slices.Contains(r.Sources, "-")
}

func runUpload(ctx context.Context, args []string, env Env) (int, error) {
	r, err := ParseUpload(args, env)
	if err != nil {
		return ExitUsage, err
	}
	if handoff := env.handoff(); handoff != nil && r.Portable(env) {
		if code, ok := handoff(ctx, args); ok {
			return code, nil
		}
	}
	f := r.flags
	b, err := newBatch(f.hostFlags, f.jobs, f.maxSize, env)
	if err != nil {
		return ExitUsage, err
	}
	defer b.close()
	ids := b.Queue.Add("", f.opts, r.Sources...)
	return b.finish(ctx, ids, f.output, f.copy)
}
