package profile

import (
	"reflect"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// The types below are how a Config is written. They exist because the
// TOML encoder's omitempty never treats a struct holding numbers as empty:
// writing uploader.Options directly would put "width = 0" and
// "category_id = 0" in every profile. Reading uses Config itself.

type fileConfig struct {
	Default  string        `toml:"default"`
	Settings Settings      `toml:"settings"`
	Profiles []fileProfile `toml:"profile"`
}

type fileProfile struct {
	Name          string       `toml:"name"`
	Host          string       `toml:"host"`
	MaxSize       int64        `toml:"max_size,omitempty,omitzero"`
	Formats       []string     `toml:"formats,omitempty"`
	Defaults      *fileOptions `toml:"defaults,omitempty"`
	TitleTemplate string       `toml:"title_template,omitempty"`
	LinkFormat    string       `toml:"link_format,omitempty"`
	Jobs          int          `toml:"jobs,omitempty,omitzero"`
	Fit           bool         `toml:"fit,omitempty"`
	Strip         bool         `toml:"strip,omitempty"`
	Preset        string       `toml:"preset,omitempty"`
	Key           string       `toml:"key,omitempty"`
	SXCU          *sxcu.Spec   `toml:"sxcu,omitempty"`
}

// fileOptions has exactly uploader.Options' fields, so that one converts to
// the other; only the tags differ.
type fileOptions struct {
	Title       string   `toml:"title,omitempty"`
	Description string   `toml:"description,omitempty"`
	Tags        []string `toml:"tags,omitempty"`
	AlbumID     string   `toml:"album_id,omitempty"`
	CategoryID  int      `toml:"category_id,omitempty,omitzero"`
	Width       int      `toml:"width,omitempty,omitzero"`
	Expiration  string   `toml:"expiration,omitempty"`
	NSFW        bool     `toml:"nsfw,omitempty"`
	UseFileDate bool     `toml:"use_file_date,omitempty"`
}

func toFile(c *Config, profiles []Profile) fileConfig {
	out := fileConfig{Default: c.Default, Settings: c.Settings}
	for _, p := range profiles {
		fp := fileProfile{
			Name: p.Name, Host: p.Host, MaxSize: p.MaxSize, Formats: p.Formats,
			TitleTemplate: p.TitleTemplate, LinkFormat: p.LinkFormat, Jobs: p.Jobs,
			Fit: p.Fit, Strip: p.Strip, Preset: p.Preset, Key: p.Key, SXCU: p.SXCU,
		}
		if !reflect.ValueOf(p.Defaults).IsZero() {
			d := fileOptions(p.Defaults)
			fp.Defaults = &d
		}
		out.Profiles = append(out.Profiles, fp)
	}
	return out
}

// Compile-time check that the two option types stay convertible.
var _ = uploader.Options(fileOptions{})
