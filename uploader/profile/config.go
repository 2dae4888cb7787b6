package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/upshot-app/upshot/uploader/fsx"
)

// Settings are the app preferences the GUI edits.
type Settings struct {
	Language      string            `toml:"language,omitempty"` // "" = the system's
	Notifications bool              `toml:"notifications"`      // default true
	Autostart     bool              `toml:"autostart"`
	LinkFormat    string            `toml:"link_format,omitempty"` // copied after an upload; "" = url
	Jobs          int               `toml:"jobs,omitempty,omitzero"`
	Hotkeys       map[string]string `toml:"hotkeys,omitempty"` // action → key combination
	CloseToTray   bool              `toml:"close_to_tray"`
	// CaptureDelay is how many seconds "Capture after a delay" (the tray)
	// waits before it shoots, as the command line's --delay does; 0 means
	// DefaultCaptureDelay. Read it with Delay.
	CaptureDelay float64 `toml:"capture_delay,omitempty"`
	// RecordGIF makes screen recordings animated GIFs instead of MP4s, as
	// `upshot record --gif` does.
	RecordGIF bool `toml:"record_gif,omitempty"`
	// AfterCapture is what a hotkey or tray capture does next:
	// AfterCaptureUpload ("" too) or AfterCaptureEdit. Read it with
	// EditCaptures.
	AfterCapture string `toml:"after_capture,omitempty"`
}

// What AfterCapture says.
const (
	AfterCaptureUpload = "upload" // upload at once (the default)
	AfterCaptureEdit   = "edit"   // open the editor first
)

// EditCaptures reports whether captures open in the editor before they
// upload; any other value than AfterCaptureEdit uploads at once.
func (s Settings) EditCaptures() bool { return s.AfterCapture == AfterCaptureEdit }

// DefaultCaptureDelay is the wait of "Capture after a delay" when the
// configuration sets none: time to open a menu or bring a window up.
const DefaultCaptureDelay = 5 * time.Second

// MaxCaptureDelay is the longest wait a capture accepts, as --delay does.
const MaxCaptureDelay = 600 * time.Second

// Delay is the wait of "Capture after a delay": CaptureDelay seconds,
// DefaultCaptureDelay when unset (or not a usable number), at most
// MaxCaptureDelay.
func (s Settings) Delay() time.Duration {
	if s.CaptureDelay <= 0 || math.IsNaN(s.CaptureDelay) {
		return DefaultCaptureDelay
	}
	return min(time.Duration(s.CaptureDelay*float64(time.Second)), MaxCaptureDelay)
}

// Config is the whole config file.
type Config struct {
	Default  string    `toml:"default"` // name of the default profile
	Settings Settings  `toml:"settings"`
	Profiles []Profile `toml:"profile"`

	// Unknown lists keys of the loaded file that this version ignores
	// (typos, or settings of a newer version) so that callers can warn.
	Unknown []string `toml:"-"`
}

// header starts every saved file.
const header = `# Upshot configuration: host profiles and app settings.
# Upshot rewrites this file when you change settings (comments are not kept);
# edit it while Upshot is not running.
#
# default    name of the profile used when none is chosen
# [settings] language, notifications, autostart, link_format, jobs, close_to_tray,
#            capture_delay (seconds "Capture after a delay" waits, default 5),
#            [settings.hotkeys]
# [[profile]] one per host: name, host (the site address or its /api/1/upload URL),
#            max_size (bytes, 0 = none), formats (e.g. ["png", "jpg"]), title_template
#            ({filename} {date} {time}), link_format, jobs, fit, strip, [profile.defaults]
#            (title, description, tags, album_id, category_id, width, expiration, nsfw).
# [profile.sxcu] a ShareX custom uploader ("upshot profile import FILE.sxcu");
#            its credentials are in the key store too.
# API keys are kept in the system keyring, not here. Only on systems without a
# keyring does a profile carry "key"; this file is then readable by you alone.

`

// DefaultPath is $UPSHOT_CONFIG, else $XDG_CONFIG_HOME/upshot/config.toml,
// else the system's config directory (~/.config on Linux).
func DefaultPath() string {
	if p := os.Getenv("UPSHOT_CONFIG"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			dir = "." // no home directory: keep the file beside the program's work
		}
	}
	return filepath.Join(dir, "upshot", "config.toml")
}

// New is an empty configuration with the default settings.
func New() *Config {
	return &Config{Settings: Settings{Notifications: true, CloseToTray: true}}
}

// Load reads the config file at path. A missing file gives an empty config
// with default settings.
func Load(path string) (*Config, error) {
	c := New()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("config %s line %d: %s — fix that line, or move the file away to start afresh", path, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("config %s: %w — fix the file, or move it away to start afresh", path, err)
	}
	for _, k := range md.Undecoded() {
		c.Unknown = append(c.Unknown, k.String())
	}
	return c, nil
}

// Save writes the config to path atomically (a temporary file, synced, then
// renamed over the old one), mode 0600 in a 0700 directory. Every profile
// is checked first and its host normalised; nothing is written if one is
// invalid.
func (c *Config) Save(path string) error {
	profiles := make([]Profile, len(c.Profiles))
	for i, p := range c.Profiles {
		np, err := p.Normalize()
		if err != nil {
			return fmt.Errorf("save config %s: %w", path, err)
		}
		for _, q := range c.Profiles[:i] {
			if strings.EqualFold(q.Name, p.Name) {
				return fmt.Errorf("save config %s: two profiles are named %q — rename one", path, p.Name)
			}
		}
		profiles[i] = np
	}
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(toFile(c, profiles)); err != nil {
		return fmt.Errorf("save config %s: %w", path, err)
	}
	if err := writeAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("save config %s: %w", path, err)
	}
	c.Profiles = profiles
	return nil
}

// writeAtomic replaces path with data so that a crash leaves either the old
// or the new file, never half of one. A symlinked config (dotfile managers)
// is written through to its target.
func writeAtomic(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return fsx.WriteFileAtomic(path, data, 0o600)
}

// index is the position of the profile called name (exact match first,
// then ignoring case), or -1.
func (c *Config) index(name string) int {
	for i, p := range c.Profiles {
		if p.Name == name {
			return i
		}
	}
	for i, p := range c.Profiles {
		if strings.EqualFold(p.Name, name) {
			return i
		}
	}
	return -1
}

// Get returns the profile called name (case-insensitive). The pointer is
// into c: edits apply to the config.
func (c *Config) Get(name string) (*Profile, bool) {
	i := c.index(name)
	if i < 0 || name == "" {
		return nil, false
	}
	return &c.Profiles[i], true
}

// Add adds a new profile after checking it; its name must be new.
func (c *Config) Add(p Profile) error {
	if err := c.checkNew(p.Name); err != nil {
		return err
	}
	return c.Put(p)
}

// checkNew refuses a name that a profile has already (in any case).
func (c *Config) checkNew(name string) error {
	if c.index(name) >= 0 {
		return fmt.Errorf("a profile named %q exists already — choose another name", name)
	}
	return nil
}

// Put adds p, or replaces the profile of the same name, after checking it.
func (c *Config) Put(p Profile) error {
	np, err := p.Normalize()
	if err != nil {
		return err
	}
	if i := c.index(p.Name); i >= 0 {
		c.Profiles[i] = np
		return nil
	}
	c.Profiles = append(c.Profiles, np)
	return nil
}

// Remove deletes the profile called name (and clears the default if it was
// that one). Its key in the keyring is the caller's to delete.
func (c *Config) Remove(name string) error {
	i := c.index(name)
	if i < 0 || name == "" {
		return fmt.Errorf("no profile named %q", name)
	}
	if c.index(c.Default) == i {
		c.Default = ""
	}
	c.Profiles = append(c.Profiles[:i], c.Profiles[i+1:]...)
	return nil
}

// SetDefault makes the profile called name the default; "" clears it.
func (c *Config) SetDefault(name string) error {
	if name == "" {
		c.Default = ""
		return nil
	}
	p, ok := c.Get(name)
	if !ok {
		return fmt.Errorf("no profile named %q", name)
	}
	c.Default = p.Name
	return nil
}

// Active is the profile uploads go to when none is chosen: the default,
// else the first one.
func (c *Config) Active() (*Profile, bool) {
	if p, ok := c.Get(c.Default); ok {
		return p, true
	}
	if len(c.Profiles) == 0 {
		return nil, false
	}
	return &c.Profiles[0], true
}

// SetKey stores the API key of the profile called name: in secrets when
// there is a key store (and then never in the file: a key left in the file
// is removed), else in the profile's Key field as the last resort.
func (c *Config) SetKey(name, key string, secrets Secrets) error {
	p, ok := c.Get(name)
	if !ok {
		return fmt.Errorf("no profile named %q", name)
	}
	if secrets == nil {
		p.Key = key
		return nil
	}
	var err error
	if key == "" {
		err = secrets.Delete(p.Name)
	} else {
		err = secrets.Set(p.Name, key)
	}
	if err != nil && !errors.Is(err, ErrNoKey) {
		return fmt.Errorf("store the API key of profile %q: %w", p.Name, err)
	}
	p.Key = ""
	return nil
}
