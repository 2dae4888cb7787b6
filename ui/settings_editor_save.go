package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// keyCheckTimeout bounds "Test key": the check is one small request.
const keyCheckTimeout = 20 * time.Second

// collect validates every field and builds the profile from them. Fields
// the editor does not show (formats, preset history) keep their values.
func (e *profileEditor) collect() (profile.Profile, error) {
	if err := validateForm(e.form); err != nil {
		return profile.Profile{}, err
	}
	var p profile.Profile
	if e.orig != nil {
		p = *e.orig
	}
	p.Name = e.name.Text
	p.Host = strings.TrimSpace(e.host.Text)
	p.Preset = e.presets[e.preset.Selected].Name
	if p.Preset == profile.PresetCustom {
		p.Preset = ""
	}
	errs := make([]error, 3, 7)
	p.MaxSize, errs[0] = parseMaxSize(e.size.Text)
	p.LinkFormat, errs[1] = e.format.value()
	p.Jobs, errs[2] = parseJobs(e.jobs.Text)
	p.Fit, p.Strip = e.fit.Checked, e.strip.Checked
	p.TitleTemplate = strings.TrimSpace(e.title.Text)
	errs = append(errs, e.readOptions(&p.Defaults)...)
	_, err := p.Normalize()
	return p, errors.Join(append(errs, err)...)
}

// save checks the fields, stores the profile and its key, and returns to
// the list. Invalid fields keep the editor open with the reason shown.
func (e *profileEditor) save() {
	p, err := e.collect()
	if err != nil {
		e.notice.set(screenText("settings.invalid", "Error", firstLine(err)), widget.DangerImportance)
		return
	}
	cfg := e.s.config()
	if err := e.store(cfg, p); err != nil {
		e.notice.set(screenText("settings.save_failed", "Error", err.Error()), widget.DangerImportance)
		return
	}
	e.done(p.Name)
}

// store puts p into cfg (in the old profile's place when editing), files
// the key in the key store, and saves.
func (e *profileEditor) store(cfg *profile.Config, p profile.Profile) error {
	np, err := p.Normalize()
	if err != nil {
		return err
	}
	if i := e.origIndex(cfg); i >= 0 {
		if strings.EqualFold(cfg.Default, cfg.Profiles[i].Name) {
			cfg.Default = np.Name
		}
		cfg.Profiles[i] = np
	} else if err := cfg.Add(np); err != nil {
		return err
	}
	if cfg.Default == "" && len(cfg.Profiles) == 1 {
		cfg.Default = np.Name // the first host is where uploads go
	}
	key := strings.TrimSpace(e.key.Text)
	// An unreadable key store with an untouched field keeps its key; a
	// custom uploader's credentials are the import's business.
	if !e.custom() && (e.keyLoaded || key != "") {
		if err := cfg.SetKey(np.Name, key, e.s.d.Secrets); err != nil {
			return err
		}
	}
	if err := e.s.save(cfg); err != nil {
		return err
	}
	e.dropOldKey(np.Name)
	return nil
}

// origIndex is the edited profile's position in cfg, or -1.
func (e *profileEditor) origIndex(cfg *profile.Config) int {
	if e.orig == nil {
		return -1
	}
	for i, q := range cfg.Profiles {
		if strings.EqualFold(q.Name, e.orig.Name) {
			return i
		}
	}
	return -1
}

// dropOldKey removes the key stored under the old name after a rename.
func (e *profileEditor) dropOldKey(newName string) {
	sec := e.s.d.Secrets
	if sec == nil || e.orig == nil || !e.keyLoaded || strings.EqualFold(e.orig.Name, newName) {
		return
	}
	_ = sec.Delete(e.orig.Name) // a leftover key under an unused name harms nothing
}

// checkKey asks the host, without uploading, whether the key works. The
// answer comes back on the UI thread.
func (e *profileEditor) checkKey() {
	check := e.s.d.CheckKey
	if check == nil {
		return
	}
	ep, err := uploader.NormalizeEndpoint(e.host.Text)
	if err != nil {
		e.verdict.set(screenText("settings.key.need_host"), widget.DangerImportance)
		return
	}
	key := strings.TrimSpace(e.key.Text)
	if key == "" {
		e.verdict.set(screenText("settings.key.need_key"), widget.DangerImportance)
		return
	}
	e.verdict.set(screenText("settings.key.checking"), widget.MediumImportance)
	e.testKey.Disable()
	e.s.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), keyCheckTimeout)
		defer cancel()
		st, err := check(ctx, ep, key)
		fyne.Do(func() { e.showVerdict(st, err) })
	})
}

// showVerdict says in plain words what the key check found.
func (e *profileEditor) showVerdict(st uploader.KeyStatus, err error) {
	e.testKey.Enable()
	switch {
	case err == nil && st == uploader.KeyOK:
		e.verdict.set(screenText("settings.key.ok"), widget.SuccessImportance)
	case err == nil && st == uploader.KeyBad:
		e.verdict.set(screenText("settings.key.bad"), widget.DangerImportance)
	case err == nil && st == uploader.KeyDenied:
		e.verdict.set(screenText("settings.key.denied"), widget.WarningImportance)
	case err != nil:
		e.verdict.set(screenText("settings.key.unknown", "Error", err.Error()), widget.DangerImportance)
	default:
		e.verdict.set(screenText("settings.key.unknown", "Error", st.String()), widget.DangerImportance)
	}
}

// firstLine is the first of several joined errors.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// validateForm checks every field (not only up to the first bad one), so
// that each invalid field shows its error, and returns the errors joined.
func validateForm(f *widget.Form) error {
	var errs []error
	for _, it := range f.Items {
		if v, ok := it.Widget.(fyne.Validatable); ok {
			errs = append(errs, v.Validate())
		}
	}
	return errors.Join(errs...)
}
