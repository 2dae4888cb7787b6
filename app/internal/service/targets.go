package service

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sync"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// SecretsOpener opens the key store: the OS keyring, or a 0600 file at
// fallbackPath when no keyring exists (usingFile is then true).
type SecretsOpener func(fallbackPath string) (s profile.Secrets, usingFile bool, err error)

// TargetSpec says where uploads go, as the command line's --host, --key and
// --profile do; empty fields fall back to UPSHOT_HOST, UPSHOT_API_KEY and
// the default profile.
type TargetSpec struct {
	Host, Key, Profile string
}

// Targets resolves profile names to upload targets for the queue. The name
// "" is the target the spec chose: its host, else its profile, else the
// default profile.
type Targets struct {
	deps    Deps
	paths   Paths
	cfg     *profile.Config
	adhoc   *profile.Profile // from the spec's host / UPSHOT_HOST
	chosen  string           // profile name used for ""
	keyFlag string           // the spec's key / UPSHOT_API_KEY: for the ad-hoc host, else the chosen profile
	keyFrom string           // how messages name keyFlag
	// hostKeys are keys for ad-hoc hosts of interrupted uploads (resume),
	// by endpoint.
	hostKeys map[string]string
	warn     func(Warning)
	// transport is the session's: every target resolved from these (and
	// from the targets that replace them) shares its connections.
	transport *uploader.Transport

	once    sync.Once
	secrets profile.Secrets
	secErr  error
}

// OpenTargets loads the configuration at p.Config and resolves spec
// against it. Every error is a *ConfigError: nothing has been sent.
func OpenTargets(p Paths, spec TargetSpec, deps Deps, warn func(Warning)) (*Targets, error) {
	cfg, err := LoadConfig(p.Config)
	if err != nil {
		return nil, err
	}
	return NewTargets(cfg, p, spec, deps, warn)
}

// NewTargets resolves spec against a configuration already loaded (the GUI
// loads it once per change). Every error is a *ConfigError.
func NewTargets(cfg *profile.Config, p Paths, spec TargetSpec, deps Deps, warn func(Warning)) (*Targets, error) {
	if warn == nil {
		warn = func(Warning) {}
	}
	t := &Targets{deps: deps, paths: p, cfg: cfg, warn: warn, transport: deps.transport()}
	t.keyFlag = firstNonEmpty(spec.Key, deps.getenv("UPSHOT_API_KEY"))
	switch {
	case spec.Key != "":
		t.keyFrom = "the API key given with --key"
	case t.keyFlag != "":
		t.keyFrom = "the API key in UPSHOT_API_KEY"
	}
	host := firstNonEmpty(spec.Host, deps.getenv("UPSHOT_HOST"))
	if host != "" {
		ep, err := uploader.NormalizeEndpoint(host)
		if err != nil {
			return nil, &ConfigError{Problem: ConfigBadHost, Host: host, Err: err}
		}
		t.adhoc = &profile.Profile{Name: "", Host: ep}
		if uploader.IsPlainHTTP(ep) && !IsLoopback(ep) {
			warn(Warning{Kind: WarnPlainHost, Host: ep})
		}
		return t, nil
	}
	name := firstNonEmpty(spec.Profile, cfg.Default)
	if name == "" {
		return nil, &ConfigError{Problem: ConfigNoHost, Path: p.Config}
	}
	pr, ok := cfg.Get(name)
	if !ok {
		return nil, &ConfigError{Problem: ConfigNoProfile, Name: name, Path: p.Config}
	}
	t.chosen = pr.Name
	if uploader.IsPlainHTTP(pr.Host) && !IsLoopback(pr.Host) {
		warn(Warning{Kind: WarnPlainProfile, Name: pr.Name})
	}
	return t, nil
}

// LoadConfig reads the configuration; a file that cannot be used is a
// *ConfigError (ConfigUnreadable).
func LoadConfig(path string) (*profile.Config, error) {
	cfg, err := profile.Load(path)
	if err != nil {
		return nil, &ConfigError{Problem: ConfigUnreadable, Path: path, Err: err}
	}
	return cfg, nil
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

// Resolve implements uploader.QueueConfig.Resolve.
func (t *Targets) Resolve(name string) (uploader.Target, error) {
	p, err := t.profileFor(name)
	if err != nil {
		return uploader.Target{}, err
	}
	return withCaptureTitle(p.Target(t.keys(p.Name), t.clientConfig(t.keySource(p.Name))))
}

// Pin implements QueueConfig.Pin: "" is the ad-hoc host or the chosen
// profile of these targets, fixed now so that a resume sends the item
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
// its stored key (or the spec's key, when it is the profile chosen).
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
		return withCaptureTitle(p.Target(overrideSecrets{key: key}, t.clientConfig(t.keyFrom)))
	case d.Local:
		return uploader.Target{}, fmt.Errorf("it was for the app's local test host — start Upshot to finish it")
	}
	return uploader.Target{}, fmt.Errorf("it does not say where it was going")
}

// SetHostKey gives the key of an ad-hoc host of interrupted uploads.
func (t *Targets) SetHostKey(endpoint, key string) {
	if t.hostKeys == nil {
		t.hostKeys = map[string]string{}
	}
	t.hostKeys[endpoint] = key
}

// HostKey is the key given for an ad-hoc host, "" for none.
func (t *Targets) HostKey(endpoint string) string { return t.hostKeys[endpoint] }

// clientConfig is the client configuration of every target; keySource
// names where a key given outside the key store came from, for messages.
func (t *Targets) clientConfig(keySource string) uploader.ClientConfig {
	return uploader.ClientConfig{UserAgent: "Upshot/" + t.deps.Version, KeySource: keySource, Transport: t.transport}
}

// Preconnect opens a connection to the host of profile name ("" = the
// chosen target) ahead of its upload; see uploader.Transport.Preconnect.
// It needs no key, so it never waits for the key store.
func (t *Targets) Preconnect(ctx context.Context, name string) error {
	p, err := t.profileFor(name)
	if err != nil {
		return err
	}
	return t.transport.Preconnect(ctx, p.Host)
}

// PreconnectUpload is Preconnect for one upload that should leave at once,
// a screenshot's (see uploader.Transport.PreconnectUpload); more says the
// session goes on after it (the app).
func (t *Targets) PreconnectUpload(ctx context.Context, name string, more bool) error {
	p, err := t.profileFor(name)
	if err != nil {
		return err
	}
	return t.transport.PreconnectUpload(ctx, p.Host, more)
}

// keySource is how messages name the key of the named profile: --key or
// UPSHOT_API_KEY where they apply (see keys), else "" (the profile's key).
func (t *Targets) keySource(name string) string {
	if name != t.chosen && name != "" {
		return ""
	}
	return t.keyFrom
}

// Config is the loaded configuration the targets come from.
func (t *Targets) Config() *profile.Config { return t.cfg }

// Paths are where this user's files live.
func (t *Targets) Paths() Paths { return t.paths }

// Chosen is the profile the name "" stands for ("" for an ad-hoc host).
func (t *Targets) Chosen() string { return t.chosen }

// keys is the key store for the named profile: the spec's key /
// UPSHOT_API_KEY take precedence for the profile chosen (and the ad-hoc
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
		if t.deps.Secrets == nil {
			t.secErr = ErrNoKeyStore
			return
		}
		var usingFile bool
		t.secrets, usingFile, t.secErr = t.deps.Secrets(t.paths.Keys)
		if usingFile {
			t.warn(Warning{Kind: WarnKeyFile, Path: t.paths.Keys})
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

// IsLoopback reports whether the endpoint is on this computer, where plain
// http exposes nothing (the built-in host, a local development host).
func IsLoopback(endpoint string) bool {
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
