// Package profile holds Upshot's host profiles and its config file: which
// Chevereto sites to upload to, with what defaults, and the app settings.
//
// API keys are not part of a profile in normal use: they live in the OS
// keyring behind the Secrets interface. Profile.Key exists only for systems
// without a keyring.
package profile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// Profile is one host the user uploads to.
type Profile struct {
	Name          string           `toml:"name"`
	Host          string           `toml:"host"`                        // upload endpoint, normalised when saved
	MaxSize       int64            `toml:"max_size,omitempty,omitzero"` // bytes; 0 = no local limit
	Formats       []string         `toml:"formats,omitempty"`           // accepted extensions; empty = all supported
	Defaults      uploader.Options `toml:"defaults,omitempty"`
	TitleTemplate string           `toml:"title_template,omitempty"` // {filename} {date} {time}
	LinkFormat    string           `toml:"link_format,omitempty"`    // a name from uploader.LinkFormats or a template
	Jobs          int              `toml:"jobs,omitempty,omitzero"`  // parallel uploads; 0 = the app's setting
	Fit           bool             `toml:"fit,omitempty"`            // downscale images over MaxSize
	Strip         bool             `toml:"strip,omitempty"`          // remove EXIF/GPS metadata before upload
	Preset        string           `toml:"preset,omitempty"`         // the Preset it was made from, if any
	// Key is used ONLY when the system has no keyring; the config file is
	// then the key's only home (mode 0600) and the app warns about it.
	Key string `toml:"key,omitempty"`
	// SXCU, when set, makes this a ShareX custom uploader: uploads follow
	// the imported request instead of Chevereto's API, and Host is its
	// RequestURL. Its credentials live in the key store (see ImportSXCU).
	SXCU *sxcu.Spec `toml:"sxcu,omitempty"`
}

// Secrets stores API keys by profile name, normally in the OS keyring.
type Secrets interface {
	Get(profile string) (string, error) // ErrNoKey when none is stored
	Set(profile, key string) error
	Delete(profile string) error
}

// ErrNoKey is returned when no API key is stored for a profile.
var ErrNoKey = errors.New("no key stored")

// Limits of the fields a user types.
const (
	maxNameLen = 64
	maxJobs    = 16
)

// Normalize checks p and returns it with its host normalised to the exact
// upload endpoint and its formats lower-cased. Errors name the profile and
// say what to fix.
func (p Profile) Normalize() (Profile, error) {
	if err := checkName(p.Name); err != nil {
		return p, err
	}
	var err error
	if p, err = p.normalizeHost(); err != nil {
		return p, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.Formats, err = normalizeFormats(p.Formats); err != nil {
		return p, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if err := p.checkNumbers(); err != nil {
		return p, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.LinkFormat != "" {
		if err := uploader.ValidateLinkFormat(p.LinkFormat); err != nil {
			return p, fmt.Errorf("profile %q: %w", p.Name, err)
		}
	}
	if err := checkTitleTemplate(p.TitleTemplate); err != nil {
		return p, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if _, err := uploader.ParseExpiration(p.Defaults.Expiration); err != nil {
		return p, fmt.Errorf("profile %q: default expiration: %w", p.Name, err)
	}
	return p, nil
}

// checkName accepts any printable name that fits on a menu line.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("the profile name is empty — give the profile a name")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("profile name %q starts or ends with a space — remove it", name)
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("profile name %q has invalid characters", name)
	case utf8.RuneCountInString(name) > maxNameLen:
		return fmt.Errorf("profile name %q is longer than %d characters", name, maxNameLen)
	}
	return nil
}

func normalizeFormats(in []string) ([]string, error) {
	var out []string
	for _, f := range in {
		ext := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(f), "."))
		if !slices.Contains(uploader.SupportedExts, ext) {
			return nil, fmt.Errorf("format %q is not one Chevereto accepts (%s)", f, strings.Join(uploader.SupportedExts, ", "))
		}
		if !slices.Contains(out, ext) {
			out = append(out, ext)
		}
	}
	return out, nil
}

func (p Profile) checkNumbers() error {
	switch {
	case p.MaxSize < 0:
		return fmt.Errorf("max_size %d is negative — use 0 for no limit", p.MaxSize)
	case p.Jobs < 0 || p.Jobs > maxJobs:
		return fmt.Errorf("jobs %d must be between 0 (app default) and %d", p.Jobs, maxJobs)
	case p.Defaults.Width < 0:
		return fmt.Errorf("default width %d is negative", p.Defaults.Width)
	case p.Defaults.CategoryID < 0:
		return fmt.Errorf("default category_id %d is negative", p.Defaults.CategoryID)
	}
	return nil
}

// titleFields are the placeholders of a title template.
var titleFields = []string{"filename", "date", "time"}

func checkTitleTemplate(tmpl string) error {
	for rest := tmpl; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return nil
		}
		if name := rest[i+1 : i+j]; !slices.Contains(titleFields, name) {
			return fmt.Errorf("unknown placeholder {%s} in title template %q — use {filename} {date} {time}", name, tmpl)
		}
		rest = rest[i+j+1:]
	}
}

// ExpandTitle renders the profile's title template for a file uploaded at
// t: {filename} is the file name without its extension, {date} 2006-01-02,
// {time} 15:04:05. An empty template gives "" (the host then uses the file
// name).
func (p Profile) ExpandTitle(filename string, t time.Time) string {
	if p.TitleTemplate == "" {
		return ""
	}
	base := filename
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return strings.NewReplacer(
		"{filename}", base,
		"{date}", t.Format("2006-01-02"),
		"{time}", t.Format("15:04:05"),
	).Replace(p.TitleTemplate)
}

// Target builds the upload client for the profile. The key comes from
// secrets (if not nil) and falls back to p.Key; cc supplies timeouts,
// user agent and transport (its Endpoint and Key are replaced).
func (p Profile) Target(secrets Secrets, cc uploader.ClientConfig) (uploader.Target, error) {
	if p.SXCU != nil {
		return p.sxcuTarget(secrets, cc)
	}
	key, err := p.apiKey(secrets)
	if err != nil && !errors.Is(err, ErrNoKey) {
		return uploader.Target{}, err
	}
	// No key at all is not refused here: guest uploads (the local test
	// host, hosts with guest API access) need none, and a host that wants
	// one answers "No key provided", which the client explains.
	cc.Endpoint, cc.Key = p.Host, key
	c, err := uploader.NewClient(cc)
	if err != nil {
		return uploader.Target{}, fmt.Errorf("%s: %w", p.label(), err)
	}
	return p.target(c, c.Endpoint()), nil
}

// target is the upload target of the profile with u uploading to host.
func (p Profile) target(u uploader.Uploader, host string) uploader.Target {
	return uploader.Target{
		Uploader: u,
		Host:     host,
		MaxSize:  p.MaxSize,
		Formats:  slices.Clone(p.Formats),
		Defaults: p.Defaults,
		Fit:      p.Fit,
		Strip:    p.Strip,
		Title:    p.titleFunc(),
	}
}

// titleFunc names untitled uploads from the profile's title template.
func (p Profile) titleFunc() func(string) string {
	if p.TitleTemplate == "" {
		return nil
	}
	return func(name string) string { return p.ExpandTitle(name, time.Now()) }
}

// apiKey finds the profile's key: the keyring first, then the file.
func (p Profile) apiKey(secrets Secrets) (string, error) {
	var stored error = ErrNoKey
	if secrets != nil {
		key, err := secrets.Get(p.Name)
		if err == nil && key != "" {
			return key, nil
		}
		if err != nil {
			stored = err
		}
	}
	switch {
	case p.Key != "":
		return p.Key, nil
	case errors.Is(stored, ErrNoKey):
		return "", fmt.Errorf("%s has no API key — add the key from the host's API settings page: %w", p.label(), ErrNoKey)
	default:
		return "", fmt.Errorf("read the API key of %s: %w", p.label(), stored)
	}
}

// label names the profile in messages; an unnamed one is its host.
func (p Profile) label() string {
	if p.Name == "" {
		return p.Host
	}
	return fmt.Sprintf("profile %q", p.Name)
}
