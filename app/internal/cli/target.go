package cli

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"sync"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// hostFlags are the flags that say where uploads go.
type hostFlags struct {
	host, key, profile, config string
}

func (h *hostFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&h.host, "host", "", "site or endpoint URL (env UPSHOT_HOST)")
	fs.StringVar(&h.key, "key", "", "API key (env UPSHOT_API_KEY; or the stored key of the profile)")
	fs.StringVar(&h.profile, "profile", "", "a saved host profile")
	fs.StringVar(&h.config, "config", "", "config file (env UPSHOT_CONFIG)")
}

// Targets resolves profile names to upload targets for the queue. The name
// "" is the target the command line chose: --host/UPSHOT_HOST, else
// --profile, else the default profile.
type Targets struct {
	env     Env
	paths   Paths
	cfg     *profile.Config
	adhoc   *profile.Profile // from --host / UPSHOT_HOST
	chosen  string           // profile name used for ""
	keyFlag string           // --key / UPSHOT_API_KEY: for the ad-hoc host, else the chosen profile
	// hostKeys are keys for ad-hoc hosts of interrupted uploads (resume),
	// by endpoint.
	hostKeys map[string]string
	warn     func(string)

	once    sync.Once
	secrets profile.Secrets
	secErr  error
}

// newTargets checks the host configuration before anything is sent; every
// error it returns is a usage error (exit status 2).
func newTargets(h hostFlags, env Env, warn func(string)) (*Targets, error) {
	p := resolvePaths(h.config, env)
	cfg, err := profile.Load(p.Config)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return buildTargets(cfg, p, h, env, warn)
}

// buildTargets resolves the host flags against a loaded configuration.
func buildTargets(cfg *profile.Config, p Paths, h hostFlags, env Env, warn func(string)) (*Targets, error) {
	t := &Targets{env: env, paths: p, cfg: cfg, warn: warn}
	t.keyFlag = firstNonEmpty(h.key, env.Getenv("UPSHOT_API_KEY"))
	host := firstNonEmpty(h.host, env.Getenv("UPSHOT_HOST"))
	switch {
	case host != "":
		ep, err := uploader.NormalizeEndpoint(host)
		if err != nil {
			return nil, usagef("host %q: %v", host, err)
		}
		t.adhoc = &profile.Profile{Name: "", Host: ep}
		if uploader.IsPlainHTTP(ep) && !isLoopback(ep) {
			warn(fmt.Sprintf("warning: %s is plain http — the upload and your API key travel unencrypted", ep))
		}
	default:
		name := firstNonEmpty(h.profile, cfg.Default)
		if name == "" {
			return nil, usagef("no host: give --host URL, set UPSHOT_HOST, or add a profile with \"upshot profile add NAME --host URL\"")
		}
		pr, ok := cfg.Get(name)
		if !ok {
			return nil, usagef("no profile named %q in %s — see \"upshot profile list\"", name, p.Config)
		}
		t.chosen = pr.Name
		if uploader.IsPlainHTTP(pr.Host) && !isLoopback(pr.Host) {
			warn(fmt.Sprintf("warning: profile %q uses plain http — the upload and your API key travel unencrypted", pr.Name))
		}
	}
	return t, nil
}

// profileFor returns the profile a queue item's profile name stands for.
func (t *Targets) profileFor(name string) (*profile.Profile, error) {
	if name == "" && t.adhoc != nil {
		return t.adhoc, nil
	}
	if name == "" {
		name = t.chosen
	}
	p, ok := t.cfg.Get(name)
	if !ok {
		return nil, fmt.Errorf("no profile named %q — see \"upshot profile list\"", name)
	}
	return p, nil
}

// Resolve implements QueueConfig.Resolve.
func (t *Targets) Resolve(name string) (uploader.Target, error) {
	p, err := t.profileFor(name)
	if err != nil {
		return uploader.Target{}, err
	}
	return p.Target(t.keys(p.Name), t.clientConfig())
}

// Pin implements QueueConfig.Pin: "" is the ad-hoc host or the chosen
// profile of this command line, fixed now so that a resume sends the item
// nowhere else.
func (t *Targets) Pin(name string) uploader.Destination {
	switch {
	case name == "" && t.adhoc != nil:
		return uploader.Destination{Host: t.adhoc.Host, Keyed: t.keyFlag != ""}
	case name == "":
		return uploader.Destination{Profile: t.chosen}
	}
	return uploader.Destination{Profile: name}
}

// ResolveDest implements QueueConfig.ResolveDest. An ad-hoc host gets the
// key given for it in this run, or none (a guest upload); a profile gets
// its stored key (or --key, when it is the profile this command chose).
func (t *Targets) ResolveDest(d uploader.Destination) (uploader.Target, error) {
	switch {
	case d.Profile != "":
		return t.Resolve(d.Profile)
	case d.Host != "":
		key, ok := t.hostKeys[d.Host]
		if t.adhoc != nil && t.adhoc.Host == d.Host {
			key, ok = t.keyFlag, t.keyFlag != ""
		}
		if d.Keyed && !ok {
			return uploader.Target{}, fmt.Errorf("its key was given on the command line and is not stored — run upshot resume --key KEY")
		}
		p := profile.Profile{Host: d.Host}
		return p.Target(overrideSecrets{key: key}, t.clientConfig())
	case d.Local:
		return uploader.Target{}, fmt.Errorf("it was for the app's local test host — start Upshot to finish it")
	}
	return uploader.Target{}, fmt.Errorf("it does not say where it was going")
}

func (t *Targets) clientConfig() uploader.ClientConfig {
	return uploader.ClientConfig{UserAgent: "Upshot/" + t.env.Version}
}

// keys is the key store for the named profile: --key / UPSHOT_API_KEY
// take precedence for the profile this command chose (and the ad-hoc
// host, name ""), never for another one — a key is sent only where it was
// meant to go. The OS keyring is opened only when a stored key is needed.
func (t *Targets) keys(name string) profile.Secrets {
	key := t.keyFlag
	if name != t.chosen && name != "" {
		key = ""
	}
	return overrideSecrets{key: key, open: t.openSecrets}
}

func (t *Targets) openSecrets() (profile.Secrets, error) {
	t.once.Do(func() {
		if t.env.Secrets == nil {
			t.secErr = fmt.Errorf("no key store available")
			return
		}
		var usingFile bool
		t.secrets, usingFile, t.secErr = t.env.Secrets(t.paths.Keys)
		if usingFile {
			t.warn("warning: no OS keyring found; API keys are kept in " + t.paths.Keys + " (mode 0600)")
		}
	})
	return t.secrets, t.secErr
}

// overrideSecrets answers every Get with key when it is set, and otherwise
// asks the real store.
type overrideSecrets struct {
	key  string
	open func() (profile.Secrets, error)
}

func (o overrideSecrets) Get(name string) (string, error) {
	if o.key != "" {
		return o.key, nil
	}
	if name == "" || o.open == nil {
		return "", profile.ErrNoKey
	}
	s, err := o.open()
	if err != nil {
		return "", err
	}
	return s.Get(name)
}

func (o overrideSecrets) Set(name, key string) error {
	if o.open == nil {
		return profile.ErrNoKey
	}
	s, err := o.open()
	if err != nil {
		return err
	}
	return s.Set(name, key)
}

func (o overrideSecrets) Delete(name string) error {
	if o.open == nil {
		return profile.ErrNoKey
	}
	s, err := o.open()
	if err != nil {
		return err
	}
	return s.Delete(name)
}

// isLoopback reports whether the endpoint is on this computer, where plain
// http exposes nothing (the built-in test host, a local development host).
func isLoopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// NewTargets is the GUI's way in: the command line's resolution (host URL,
// else the default profile) over a configuration the GUI loaded itself.
func NewTargets(cfg *profile.Config, p Paths, host, key string, env Env, warn func(string)) (*Targets, error) {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	return buildTargets(cfg, p, hostFlags{host: host, key: key}, env, warn)
}

// Config is the loaded configuration the targets come from.
func (t *Targets) Config() *profile.Config { return t.cfg }

// Paths are where this user's files live.
func (t *Targets) Paths() Paths { return t.paths }
