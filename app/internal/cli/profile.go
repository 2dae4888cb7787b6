package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// runProfile dispatches `upshot profile add|list|remove|test|default|import|export`.
func runProfile(ctx context.Context, args []string, env Env) (int, error) {
	if len(args) == 0 {
		return ExitUsage, usagef("profile: give add, list, remove, test, default, import or export")
	}
	cmds := map[string]func(context.Context, []string, Env) (int, error){
		"add": profileAdd, "list": profileList, "remove": profileRemove,
		"test": profileTest, "default": profileDefault,
		"import": profileImport, "export": profileExport,
	}
	run, ok := cmds[args[0]]
	if !ok {
		return ExitUsage, usagef("profile %s: unknown command — give add, list, remove, test, default, import or export", args[0])
	}
	return run(ctx, args[1:], env)
}

// profileCmd is the shared part of the profile commands: the config file
// and exactly one profile name.
type profileCmd struct {
	config string
	paths  service.Paths
	cfg    *profile.Config
	name   string
}

func loadProfileCmd(name string, args []string, env Env, extra func(fs *flag.FlagSet)) (*profileCmd, error) {
	pc := &profileCmd{}
	fs := newFlags("profile "+name, env)
	fs.StringVar(&pc.config, "config", "", "config file (env UPSHOT_CONFIG)")
	if extra != nil {
		extra(fs)
	}
	rest, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	want := 1
	if name == "list" {
		want = 0
	}
	if len(rest) != want {
		return nil, usagef("profile %s: expected %d name argument(s), got %d", name, want, len(rest))
	}
	if want == 1 {
		pc.name = rest[0]
	}
	pc.paths = env.paths(pc.config)
	if pc.cfg, err = profile.Load(pc.paths.Config); err != nil {
		return nil, &usageError{err.Error()}
	}
	return pc, nil
}

func profileAdd(_ context.Context, args []string, env Env) (int, error) {
	var host, key, maxSize string
	var keyStdin, makeDefault bool
	pc, err := loadProfileCmd("add", args, env, func(fs *flag.FlagSet) {
		fs.StringVar(&host, "host", "", "site or endpoint URL")
		fs.StringVar(&key, "key", "", "API key (stored in the OS keyring)")
		fs.BoolVar(&keyStdin, "key-stdin", false, "read the API key from stdin")
		fs.StringVar(&maxSize, "max-size", "", "size limit, e.g. 5MB")
		fs.BoolVar(&makeDefault, "default", false, "make it the default profile")
	})
	if err != nil {
		return ExitUsage, err
	}
	if host == "" {
		return ExitUsage, usagef("profile add %s: --host URL is required", pc.name)
	}
	if keyStdin {
		line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		key = strings.TrimSpace(line)
	}
	p := profile.Profile{Name: pc.name, Host: host}
	if old, ok := pc.cfg.Get(pc.name); ok {
		p = *old
		p.Host = host
	}
	if maxSize != "" {
		if p.MaxSize, err = uploader.ParseSize(maxSize); err != nil {
			return ExitUsage, usagef("--max-size %q: %v", maxSize, err)
		}
	}
	if err := pc.cfg.Put(p); err != nil {
		return ExitUsage, &usageError{err.Error()}
	}
	if makeDefault || pc.cfg.Default == "" {
		_ = pc.cfg.SetDefault(pc.name)
	}
	if key != "" {
		if err := pc.storeKey(env, key); err != nil {
			return ExitFailed, err
		}
	}
	if err := pc.cfg.Save(pc.paths.Config); err != nil {
		return ExitFailed, err
	}
	saved, _ := pc.cfg.Get(pc.name)
	fmt.Fprintf(env.Stdout, "profile %q saved: %s\n", pc.name, saved.Host)
	if uploader.IsPlainHTTP(saved.Host) && !service.IsLoopback(saved.Host) {
		fmt.Fprintf(env.Stderr, "upshot: warning: %s is plain http — uploads and the API key travel unencrypted\n", saved.Host)
	}
	return ExitOK, nil
}

// storeKey puts the key in the OS keyring, or — only when none exists — in
// the 0600 fallback file, with a warning.
func (pc *profileCmd) storeKey(env Env, key string) error {
	if env.Secrets == nil {
		return fmt.Errorf("no key store available")
	}
	s, usingFile, err := env.Secrets(pc.paths.Keys)
	if err != nil {
		return fmt.Errorf("store the API key: %w", err)
	}
	if usingFile {
		fmt.Fprintf(env.Stderr, "upshot: warning: no OS keyring found; the API key is kept in %s (mode 0600)\n", pc.paths.Keys)
	}
	if err := s.Set(pc.name, key); err != nil {
		return fmt.Errorf("store the API key of profile %q: %w", pc.name, err)
	}
	return nil
}

func profileList(_ context.Context, args []string, env Env) (int, error) {
	pc, err := loadProfileCmd("list", args, env, nil)
	if err != nil {
		return ExitUsage, err
	}
	if len(pc.cfg.Profiles) == 0 {
		fmt.Fprintln(env.Stderr, "upshot: no profiles yet — add one with \"upshot profile add NAME --host URL --key-stdin\"")
		return ExitOK, nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEFAULT\tNAME\tHOST\tMAX SIZE")
	for _, p := range pc.cfg.Profiles {
		mark, limit := "", "-"
		if p.Name == pc.cfg.Default {
			mark = "*"
		}
		if p.MaxSize > 0 {
			limit = uploader.FormatSize(p.MaxSize)
		}
		host := p.Host
		if uploader.IsPlainHTTP(host) {
			host += " (unencrypted)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", mark, p.Name, host, limit)
	}
	return ExitOK, tw.Flush()
}

func profileRemove(_ context.Context, args []string, env Env) (int, error) {
	pc, err := loadProfileCmd("remove", args, env, nil)
	if err != nil {
		return ExitUsage, err
	}
	var secrets []string // read before Remove: the profile is gone after it
	if p, ok := pc.cfg.Get(pc.name); ok {
		secrets = p.SecretNames()
	}
	if err := pc.cfg.Remove(pc.name); err != nil {
		return ExitUsage, &usageError{err.Error()}
	}
	if err := pc.cfg.Save(pc.paths.Config); err != nil {
		return ExitFailed, err
	}
	if !slices.Contains(secrets, pc.name) {
		secrets = append(secrets, pc.name) // a key stored under the name as typed
	}
	pc.deleteSecrets(env, secrets)
	fmt.Fprintf(env.Stdout, "profile %q removed\n", pc.name)
	return ExitOK, nil
}

// deleteSecrets removes a removed profile's entries from the key store: its
// API key, or a custom uploader's credentials. The profile is already gone,
// so a failure is only a warning.
func (pc *profileCmd) deleteSecrets(env Env, names []string) {
	if env.Secrets == nil {
		return
	}
	s, _, err := env.Secrets(pc.paths.Keys)
	if err != nil {
		return
	}
	for _, name := range names {
		if err := s.Delete(name); err != nil && !errors.Is(err, profile.ErrNoKey) {
			fmt.Fprintf(env.Stderr, "upshot: warning: %v — delete the entry %q from the key store by hand\n", err, name)
		}
	}
}

func profileDefault(_ context.Context, args []string, env Env) (int, error) {
	pc, err := loadProfileCmd("default", args, env, nil)
	if err != nil {
		return ExitUsage, err
	}
	if err := pc.cfg.SetDefault(pc.name); err != nil {
		return ExitUsage, &usageError{err.Error()}
	}
	if err := pc.cfg.Save(pc.paths.Config); err != nil {
		return ExitFailed, err
	}
	fmt.Fprintf(env.Stdout, "default profile: %s\n", pc.name)
	return ExitOK, nil
}

// profileTest checks the profile's key without uploading anything.
func profileTest(ctx context.Context, args []string, env Env) (int, error) {
	pc, err := loadProfileCmd("test", args, env, nil)
	if err != nil {
		return ExitUsage, err
	}
	h := hostFlags{profile: pc.name, config: pc.config}
	env.Getenv = noHostEnv(env.Getenv) // test the profile, not UPSHOT_HOST
	t, err := service.OpenTargets(env.paths(h.config), h.spec(), env.deps(), warner(env))
	if err != nil {
		return ExitUsage, err
	}
	tg, err := t.Resolve(pc.name)
	if err != nil {
		return ExitFailed, err
	}
	c, ok := tg.Uploader.(*uploader.Client)
	if !ok {
		return ExitFailed, fmt.Errorf("profile %q cannot be tested", pc.name)
	}
	st, err := service.CheckClientKey(ctx, c)
	if err != nil {
		return ExitFailed, fmt.Errorf("profile %q: %w", pc.name, err)
	}
	fmt.Fprintf(env.Stdout, "%s: %s\n", pc.name, st)
	if st != uploader.KeyOK {
		return ExitFailed, nil
	}
	return ExitOK, nil
}

func noHostEnv(get func(string) string) func(string) string {
	return func(k string) string {
		if k == "UPSHOT_HOST" {
			return ""
		}
		return get(k)
	}
}
