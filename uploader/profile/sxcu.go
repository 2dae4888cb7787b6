package profile

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// Imported is a profile made from a ShareX custom uploader (.sxcu), with
// the credentials that must go to the key store rather than the config.
type Imported struct {
	Profile  Profile
	Key      string   // the Chevereto API key of the file; "" if none
	Warnings []string // what the file holds that the profile leaves out
}

// Generic reports whether the profile runs the file's own request (a
// custom uploader) rather than Upshot's Chevereto client.
func (im Imported) Generic() bool { return im.Profile.SXCU != nil }

// NeedsKeyStore reports whether AddImported has something for the key
// store: a Chevereto key, or a custom uploader's credential that is not
// empty.
func (im Imported) NeedsKeyStore() bool {
	return im.Key != "" || im.Generic() && len(storedSlots(*im.Profile.SXCU)) > 0
}

// storedSlots are the credential slots of s whose values belong in the key
// store. An empty value (ShareX files leave "" or null for the user to
// fill in) is no secret, is sent as it is, and stays in the config: key
// stores keep no empty values.
func storedSlots(s sxcu.Spec) []string {
	var out []string
	for _, slot := range s.SecretSlots() {
		if v, _ := s.Value(slot); v != "" {
			out = append(out, slot)
		}
	}
	return out
}

// emptyCredentials warns about the credential slots the file leaves empty.
func emptyCredentials(s sxcu.Spec) []string {
	names := map[string]string{"header": "header", "arg": "argument", "param": "parameter"}
	var warn []string
	for _, slot := range s.SecretSlots() {
		if v, _ := s.Value(slot); v == "" {
			kind, name, _ := strings.Cut(slot, ":")
			warn = append(warn, fmt.Sprintf("%s %s is empty in the file: it is sent empty, as ShareX does — "+
				"if the host wants your key or token there, put it in the file and import it again", names[kind], name))
		}
	}
	return warn
}

// ImportSXCU turns a .sxcu document into a profile named after the file's
// Name (else its host name). A file that uploads to a Chevereto endpoint
// becomes a normal Chevereto profile (its key in Imported.Key, its plain
// upload fields as defaults); any other multipart image uploader becomes
// a custom uploader profile. What cannot run is an *sxcu.UnsupportedError.
func ImportSXCU(data []byte) (Imported, error) {
	parsed, err := sxcu.Parse(data)
	if err != nil {
		return Imported{}, err
	}
	im := Imported{Warnings: parsed.Warnings}
	name := importName(parsed.Name)
	if ch, ok := parsed.Spec.Chevereto(); ok {
		im.Profile = Profile{Name: name, Host: ch.Endpoint, Defaults: ch.Defaults}
		for _, pr := range Presets() {
			if pr.Host != "" && pr.Host == ch.Endpoint {
				im.Profile.MaxSize, im.Profile.Preset = pr.MaxSize, pr.Name
			}
		}
		im.Key, im.Warnings = ch.Key, append(im.Warnings, ch.Dropped...)
		return im, nil
	}
	spec := parsed.Spec
	im.Profile = Profile{Name: name, Host: spec.RequestURL, SXCU: &spec}
	im.Warnings = append(im.Warnings, emptyCredentials(spec)...)
	return im, nil
}

// importName makes a file's name a valid profile name: printable, without
// outer spaces, at most maxNameLen characters.
func importName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxNameLen {
		s = strings.TrimSpace(string(r[:maxNameLen]))
	}
	if s == "" {
		s = "custom uploader"
	}
	return s
}

// AddImported adds the imported profile (its name must be new) and stores
// its credentials: a Chevereto key through SetKey; a custom uploader's
// credential headers, arguments and parameters (sxcu.Spec.SecretSlots)
// under SecretName, leaving sxcu.SecretPlaceholder in the config (empty
// ones stay in the config as they are). Without a key store (secrets nil)
// they stay in the config, like Profile.Key.
func (c *Config) AddImported(im Imported, secrets Secrets) error {
	p, err := im.Profile.Normalize()
	if err != nil {
		return err
	}
	if err := c.checkNew(p.Name); err != nil {
		return err // before anything goes to the key store
	}
	if p.SXCU != nil && secrets != nil {
		spec := p.SXCU.Clone()
		for _, slot := range storedSlots(spec) {
			v, _ := spec.Value(slot)
			if v == sxcu.SecretPlaceholder {
				continue
			}
			if err := secrets.Set(SecretName(p.Name, slot), v); err != nil {
				return fmt.Errorf("store %s of profile %q: %w", slot, p.Name, err)
			}
			spec.SetValue(slot, sxcu.SecretPlaceholder)
		}
		p.SXCU = &spec
	}
	c.Profiles = append(c.Profiles, p) // normalized above; placeholders keep the spec valid
	if im.Key == "" {
		return nil
	}
	return c.SetKey(p.Name, im.Key, secrets)
}

// SecretName is the key-store name of a custom uploader's credential,
// e.g. "myhost#header:Authorization".
func SecretName(profile, slot string) string { return profile + "#" + slot }

// SecretNames lists the key-store entries of p: its API key, and for a
// custom uploader every credential kept in the store (for clean-up when
// the profile is removed).
func (p Profile) SecretNames() []string {
	out := []string{p.Name}
	if p.SXCU == nil {
		return out
	}
	for _, slot := range p.SXCU.Slots() {
		if v, _ := p.SXCU.Value(slot); v == sxcu.SecretPlaceholder {
			out = append(out, SecretName(p.Name, slot))
		}
	}
	return out
}

// normalizeHost makes a Chevereto profile's host its exact endpoint; a
// custom uploader's spec is checked and its RequestURL becomes the host.
func (p Profile) normalizeHost() (Profile, error) {
	if p.SXCU == nil {
		ep, err := uploader.NormalizeEndpoint(p.Host)
		if err != nil {
			return p, err
		}
		p.Host = ep
		return p, nil
	}
	if err := p.SXCU.Validate(); err != nil {
		return p, fmt.Errorf("custom uploader: %w", err)
	}
	p.Host = p.SXCU.RequestURL
	return p, nil
}

// sxcuTarget builds the custom uploader of the profile with its
// credentials filled in from the key store.
func (p Profile) sxcuTarget(secrets Secrets, cc uploader.ClientConfig) (uploader.Target, error) {
	spec, err := p.resolveSecrets(secrets)
	if err != nil {
		return uploader.Target{}, err
	}
	u, err := sxcu.New(spec, cc)
	if err != nil {
		return uploader.Target{}, fmt.Errorf("%s: %w", p.label(), err)
	}
	return p.target(u, u.Endpoint()), nil
}

// resolveSecrets replaces every placeholder of the spec by the value in
// the key store.
func (p Profile) resolveSecrets(secrets Secrets) (sxcu.Spec, error) {
	spec := p.SXCU.Clone()
	for _, slot := range spec.Slots() {
		if v, _ := spec.Value(slot); v != sxcu.SecretPlaceholder {
			continue
		}
		if secrets == nil {
			return spec, fmt.Errorf("%s keeps %s in the key store, which is not available", p.label(), slot)
		}
		v, err := secrets.Get(SecretName(p.Name, slot))
		switch {
		case errors.Is(err, ErrNoKey) || err == nil && v == "":
			return spec, fmt.Errorf("%s: %s is missing from the key store — remove the profile and import its .sxcu file again: %w", p.label(), slot, ErrNoKey)
		case err != nil:
			return spec, fmt.Errorf("read %s of %s: %w", slot, p.label(), err)
		}
		spec.SetValue(slot, v)
	}
	return spec, nil
}

// ExportSXCU writes p as a .sxcu file that current ShareX accepts. A
// Chevereto profile becomes a multipart upload of "source" reading the
// JSON answer; a custom uploader is written back as imported. Credentials
// (but not empty ones) are left out unless withKey is set; they are then read from secrets
// (else from the config, without a key store).
func ExportSXCU(p Profile, secrets Secrets, withKey bool) ([]byte, error) {
	if p.SXCU == nil {
		key := ""
		if withKey {
			k, err := p.apiKey(secrets)
			if err != nil {
				return nil, err
			}
			key = k
		}
		return sxcu.CheveretoFile(p.Name, p.Host, key).Marshal()
	}
	spec := p.SXCU.Clone()
	if withKey {
		var err error
		if spec, err = p.resolveSecrets(secrets); err != nil {
			return nil, err
		}
	} else {
		for _, slot := range storedSlots(spec) {
			spec.Delete(slot)
		}
	}
	return spec.File(p.Name).Marshal()
}
