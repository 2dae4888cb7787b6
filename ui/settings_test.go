package ui

import (
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// openAdd opens the editor for a new profile and fills valid fields.
func (e *settingsEnv) openAdd(t *testing.T) *profileEditor {
	t.Helper()
	test.Tap(buttonByText(t, e.w.Content(), "Add"))
	ed := e.s.hosts.editor
	if ed == nil {
		t.Fatal("Add did not open the editor")
	}
	test.Type(ed.name, "work")
	test.Type(ed.host, "img.example.com")
	test.Type(ed.key, "chv_valid_key")
	return ed
}

func TestEditorSavesValidBaseline(t *testing.T) {
	e := newSettingsEnv(t, nil)
	e.openAdd(t)
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	if cfg := e.config(t); e.saves != 1 || len(cfg.Profiles) != 1 || cfg.Profiles[0].Host != "https://img.example.com/api/1/upload" {
		t.Fatalf("the fields openAdd fills did not save: %d saves, %+v", e.saves, cfg.Profiles)
	}
}

func TestEditorRefusesJunk(t *testing.T) {
	tests := []struct {
		name string
		junk func(*profileEditor)
	}{
		{"bad host", func(ed *profileEditor) { ed.host.SetText("ftp://x") }},
		{"empty host", func(ed *profileEditor) { ed.host.SetText("") }},
		{"max size", func(ed *profileEditor) { ed.size.SetText("lots") }},
		{"expiration", func(ed *profileEditor) { ed.expiration.set("soon") }},
		{"jobs 0", func(ed *profileEditor) { ed.jobs.SetText("0") }},
		{"jobs 17", func(ed *profileEditor) { ed.jobs.SetText("17") }},
		{"empty name", func(ed *profileEditor) { ed.name.SetText("") }},
		{"width", func(ed *profileEditor) { ed.width.SetText("-3") }},
		{"link template", func(ed *profileEditor) { ed.format.set("{nope}") }},
		{"title template", func(ed *profileEditor) { ed.title.SetText("{name}") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newSettingsEnv(t, nil)
			ed := e.openAdd(t)
			tt.junk(ed)
			test.Tap(buttonByText(t, e.w.Content(), "Save"))
			if e.saves != 0 || e.s.hosts.editor != ed {
				t.Fatalf("saved %d times, editor closed: %v", e.saves, e.s.hosts.editor != ed)
			}
			if ed.notice.text() == "" || ed.notice.label.Importance != widget.DangerImportance ||
				!strings.HasPrefix(ed.notice.text(), "Fix the fields marked in red first") {
				t.Errorf("notice = %q", ed.notice.text())
			}
			if len(e.keys.keys) != 0 {
				t.Errorf("a refused profile stored its key: %v", e.keys.keys)
			}
		})
	}
}

func TestEditorRefusesTakenName(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles())
	test.Tap(buttonByText(t, e.w.Content(), "Add"))
	ed := e.s.hosts.editor
	test.Type(ed.name, "MINE")
	test.Type(ed.host, "https://other.example")
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	if e.saves != 0 || !strings.Contains(ed.notice.text(), "Another profile has this name") {
		t.Errorf("saves %d, notice %q", e.saves, ed.notice.text())
	}
}

func TestEditorSavesKeyInSecretsNotConfig(t *testing.T) {
	e := newSettingsEnv(t, nil)
	test.Tap(buttonByText(t, e.w.Content(), "Add"))
	ed := e.s.hosts.editor
	ed.preset.SetSelected("img.api.hn") // fills address, limit and name
	test.Type(ed.key, "chv_SECRET_key")
	test.Type(ed.tags, "a, b")
	ed.expiration.set("P3D")
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	if e.s.hosts.editor != nil {
		t.Fatalf("editor still open: %q", ed.notice.text())
	}
	cfg := e.config(t)
	if len(cfg.Profiles) != 1 || cfg.Default != "img.api.hn" {
		t.Fatalf("profiles %+v, default %q", cfg.Profiles, cfg.Default)
	}
	p := cfg.Profiles[0]
	if p.Host != "https://img.api.hn/api/1/upload" || p.MaxSize != 5_000_000 || p.Preset != "img.api.hn" ||
		p.Key != "" || strings.Join(p.Defaults.Tags, ",") != "a,b" || p.Defaults.Expiration != "P3D" {
		t.Errorf("saved profile %+v", p)
	}
	if k := e.keys.keys["img.api.hn"]; k != "chv_SECRET_key" {
		t.Errorf("key store has %q", k)
	}
	if data, _ := os.ReadFile(e.path); strings.Contains(string(data), "chv_SECRET_key") {
		t.Errorf("the key reached the config file:\n%s", data)
	}
	if !strings.Contains(e.s.hosts.notice.text(), "Saved img.api.hn") || len(e.s.hosts.profiles) != 1 {
		t.Errorf("list after save: notice %q, %d rows", e.s.hosts.notice.text(), len(e.s.hosts.profiles))
	}
}

func TestEditorRenameMovesKeyAndDefault(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles())
	e.keys.keys["img.api.hn"] = "old-key"
	e.s.hosts.list.Select(0)
	test.Tap(buttonByText(t, e.w.Content(), "Edit"))
	ed := e.s.hosts.editor
	if ed.key.Text != "old-key" || ed.size.Text != "5 MB" || ed.tags.Text != "shots" {
		t.Fatalf("editor loaded key %q, size %q, tags %q", ed.key.Text, ed.size.Text, ed.tags.Text)
	}
	ed.name.SetText("hn")
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	cfg := e.config(t)
	if cfg.Default != "hn" || cfg.Profiles[0].Name != "hn" || len(cfg.Profiles) != 2 {
		t.Errorf("after rename: default %q, profiles %+v", cfg.Default, cfg.Profiles)
	}
	if e.keys.keys["hn"] != "old-key" || e.keys.keys["img.api.hn"] != "" {
		t.Errorf("keys after rename: %v", e.keys.keys)
	}
}

func TestTestKeyVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		status uploader.KeyStatus
		err    error
		want   string
		imp    widget.Importance
	}{
		{"works", uploader.KeyOK, nil, "Key works — uploads allowed", widget.SuccessImportance},
		{"bad", uploader.KeyBad, nil, "Bad key — check it in your host's settings", widget.DangerImportance},
		{"denied", uploader.KeyDenied, nil, "This host does not allow API uploads right now", widget.WarningImportance},
		{"unreachable", uploader.KeyUnknown, errors.New("connection refused"), "Could not check the key: connection refused", widget.DangerImportance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newSettingsEnv(t, nil)
			e.status, e.checkErr = tt.status, tt.err
			ed := e.openAdd(t)
			test.Tap(buttonByText(t, e.w.Content(), "Test key"))
			if len(e.checked) != 1 || e.checked[0] != "https://img.example.com/api/1/upload chv_valid_key" {
				t.Fatalf("checks = %q", e.checked)
			}
			if ed.verdict.text() != tt.want || ed.verdict.label.Importance != tt.imp || ed.verdict.text() == "" {
				t.Errorf("verdict %q (importance %v), want %q", ed.verdict.text(), ed.verdict.label.Importance, tt.want)
			}
			if ed.testKey.Disabled() {
				t.Error("Test key stays disabled after the answer")
			}
		})
	}
}

func TestTestKeyNeedsHostAndKey(t *testing.T) {
	e := newSettingsEnv(t, nil)
	ed := e.openAdd(t)
	ed.key.SetText("")
	test.Tap(buttonByText(t, e.w.Content(), "Test key"))
	if len(e.checked) != 0 || ed.verdict.text() != "Enter the API key first" {
		t.Errorf("checks %q, verdict %q", e.checked, ed.verdict.text())
	}
	ed.key.SetText("k")
	ed.host.SetText("ftp://x")
	test.Tap(buttonByText(t, e.w.Content(), "Test key"))
	if len(e.checked) != 0 || ed.verdict.text() != "Enter a valid address first" {
		t.Errorf("checks %q, verdict %q", e.checked, ed.verdict.text())
	}
}

func TestPlainHTTPWarning(t *testing.T) {
	e := newSettingsEnv(t, nil)
	ed := e.openAdd(t)
	if ed.plain.Visible() {
		t.Error("https host flagged as unencrypted")
	}
	ed.host.SetText("http://mineurl.org")
	if !ed.plain.Visible() {
		t.Error("plain http host not flagged")
	}
}

func TestHostsRemoveAndDefault(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles())
	e.keys.keys["mine"] = "k"
	e.s.hosts.list.Select(1)
	test.Tap(buttonByText(t, e.w.Content(), "Make default"))
	if cfg := e.config(t); cfg.Default != "mine" {
		t.Fatalf("default = %q", cfg.Default)
	}
	e.s.hosts.list.Select(1)
	test.Tap(buttonByText(t, e.w.Content(), "Remove"))
	if e.config(t).Profiles[1].Name != "mine" {
		t.Fatal("removed before confirming")
	}
	test.Tap(overlayButton(t, e.w, "Remove"))
	cfg := e.config(t)
	if len(cfg.Profiles) != 1 || cfg.Default != "" || e.keys.keys["mine"] != "" {
		t.Errorf("after remove: %+v, default %q, keys %v", cfg.Profiles, cfg.Default, e.keys.keys)
	}
}

func TestSaveFailureIsShown(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) {
		d.Save = func(*profile.Config) error { return errors.New("disk full") }
	})
	e.s.hosts.list.Select(1)
	test.Tap(buttonByText(t, e.w.Content(), "Make default"))
	n := e.s.hosts.notice.label
	if !strings.Contains(n.Text, "disk full") || n.Importance != widget.DangerImportance || e.s.hosts.def != "img.api.hn" {
		t.Errorf("notice %q, default shown %q", n.Text, e.s.hosts.def)
	}
}

func TestGeneralTab(t *testing.T) {
	var autostart []bool
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) {
		d.SetAutostart = func(on bool) error {
			autostart = append(autostart, on)
			if len(autostart) > 1 {
				return errors.New("no autostart dir")
			}
			return nil
		}
	})
	g := e.s.general
	g.language.SetSelected("简体中文")
	test.Tap(g.autostart)
	test.Tap(g.notify)
	g.format.set("bbcode") // set does not save: the user's choice does
	g.format.sel.SetSelected("HTML")
	st := e.config(t).Settings
	if st.Language != "zh" || !st.Autostart || st.Notifications || st.LinkFormat != "html" {
		t.Errorf("settings = %+v", st)
	}
	if strings.Join(e.langs, ",") != "zh" {
		t.Errorf("OnLanguage calls %q", e.langs)
	}
	test.Tap(g.autostart) // the system refuses: the box goes back
	if !g.autostart.Checked || !e.config(t).Settings.Autostart || !strings.Contains(g.notice.text(), "no autostart dir") {
		t.Errorf("after a refused change: checked %v, notice %q", g.autostart.Checked, g.notice.text())
	}
}

// TestGeneralTabTemplateSavedWhenIdle: typing a custom link template saves
// it once, after the last keystroke; a menu choice saves at once and drops
// a template still waiting.
func TestGeneralTabTemplateSavedWhenIdle(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles())
	g := e.s.general
	g.format.sel.SetSelected(g.format.other)
	saves := e.saves
	test.Type(g.format.custom, "{url}")
	if e.saves != saves || e.config(t).Settings.LinkFormat == "{url}" {
		t.Fatalf("saved while typing: %d saves", e.saves-saves)
	}
	if g.formatSave == nil || g.formatTimer == nil {
		t.Fatal("no save waits for the typed template")
	}
	g.flushFormat() // what the timer does once the user stops typing
	if e.saves != saves+1 || e.config(t).Settings.LinkFormat != "{url}" {
		t.Errorf("after the pause: %d saves, format %q", e.saves-saves, e.config(t).Settings.LinkFormat)
	}
	test.Type(g.format.custom, " x")
	g.format.sel.SetSelected("HTML")
	if g.formatSave != nil || e.config(t).Settings.LinkFormat != "html" {
		t.Errorf("menu choice: pending save %v, format %q", g.formatSave != nil, e.config(t).Settings.LinkFormat)
	}
	g.flushFormat()
	if f := e.config(t).Settings.LinkFormat; f != "html" {
		t.Errorf("a dropped template was saved over the menu choice: %q", f)
	}
}

func TestSettingsMarkup(t *testing.T) {
	e := newSettingsEnv(t, twoProfiles(), func(d *SettingsDeps) { d.UsingKeyFile = true })
	test.AssertRendersToMarkup(t, "settings_hosts.xml", e.w.Canvas())
	e.keys.keys["mine"] = "chv_key"
	e.s.hosts.list.Select(1)
	test.Tap(buttonByText(t, e.w.Content(), "Edit"))
	test.AssertRendersToMarkup(t, "settings_editor.xml", e.w.Canvas())
}

func TestSizeFieldKeepsBytes(t *testing.T) {
	for _, n := range []int64{0, 5_000_000, 1_500_000, 1_234_567, 2 << 20, 999} {
		text := sizeFieldText(n)
		got, err := parseMaxSize(text)
		if err != nil || got != n {
			t.Errorf("%d shows as %q, which reads back as %d (%v)", n, text, got, err)
		}
	}
	if sizeFieldText(5_000_000) != "5 MB" {
		t.Errorf("5 MB shows as %q", sizeFieldText(5_000_000))
	}
}

func TestLinkFormatFieldRoundTrip(t *testing.T) {
	withLanguage(t, "en")
	test.NewTempApp(t)
	for _, inherit := range []bool{true, false} {
		f := newLinkFormatField(inherit)
		for _, v := range []string{"markdown", "delete", "{url} ({width}×{height})"} {
			f.set(v)
			if got, err := f.value(); err != nil || got != v {
				t.Errorf("inherit %v: set %q, value %q (%v)", inherit, v, got, err)
			}
		}
		f.set("")
		want := ""
		if !inherit {
			want = uploader.FormatURL // an unset app format is the direct link
		}
		if got, _ := f.value(); got != want {
			t.Errorf("inherit %v: set \"\" gives %q, want %q", inherit, got, want)
		}
	}
}

func TestCustomUploaderProfile(t *testing.T) {
	im, err := profile.ImportSXCU([]byte(`{"Version":"15.0.0","Name":"pics","DestinationType":"ImageUploader",
		"RequestMethod":"POST","RequestURL":"https://pics.example/upload.php","Body":"MultipartFormData",
		"FileFormName":"file","Arguments":{"secret":"pics_SECRET_555"},"URL":"{json:url}"}`))
	if err != nil || !im.Generic() {
		t.Fatalf("import: %v (generic %v)", err, im.Generic())
	}
	e := newSettingsEnv(t, nil)
	cfg := e.config(t)
	if err := cfg.AddImported(im, e.keys); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(e.path); err != nil {
		t.Fatal(err)
	}
	stored := len(e.keys.keys)
	e.s.hosts.reload()
	e.s.hosts.list.Select(0)
	test.Tap(buttonByText(t, e.w.Content(), "Edit"))
	ed := e.s.hosts.editor
	if !ed.name.Disabled() || !ed.host.Disabled() || !ed.key.Disabled() || !strings.Contains(ed.verdict.text(), ".sxcu") {
		t.Fatalf("custom uploader fields editable: name %v host %v key %v, note %q",
			!ed.name.Disabled(), !ed.host.Disabled(), !ed.key.Disabled(), ed.verdict.text())
	}
	ed.jobs.SetText("4")
	test.Tap(buttonByText(t, e.w.Content(), "Save"))
	p := e.config(t).Profiles[0]
	if e.s.hosts.editor != nil || p.Jobs != 4 || p.SXCU == nil || p.Host != "https://pics.example/upload.php" {
		t.Fatalf("after save: editor open %v (%q), profile %+v", e.s.hosts.editor != nil, ed.notice.text(), p)
	}
	if len(e.keys.keys) != stored || stored == 0 {
		t.Errorf("key store went from %d to %d entries", stored, len(e.keys.keys))
	}
	e.s.hosts.list.Select(0)
	test.Tap(buttonByText(t, e.w.Content(), "Remove"))
	test.Tap(overlayButton(t, e.w, "Remove"))
	if len(e.keys.keys) != 0 || len(e.config(t).Profiles) != 0 {
		t.Errorf("after remove: keys %v, %d profiles", e.keys.keys, len(e.config(t).Profiles))
	}
}

func TestImportSXCUFromSettings(t *testing.T) {
	var got []string
	env := newSettingsEnv(t, nil, func(d *SettingsDeps) {
		d.ImportSXCU = func(path string) (string, error) {
			got = append(got, path)
			if strings.HasSuffix(path, "bad.sxcu") {
				return "", errors.New(`unsupported Body "Binary"`)
			}
			return `profile "My Host" imported`, nil
		}
	})
	h := env.s.hosts
	h.importSXCU("/tmp/good.sxcu")
	if !strings.Contains(h.notice.text(), "My Host") {
		t.Errorf("notice after import = %q", h.notice.text())
	}
	h.importSXCU("/tmp/bad.sxcu")
	if !strings.Contains(h.notice.text(), "Binary") {
		t.Errorf("notice after a refused file = %q", h.notice.text())
	}
	if len(got) != 2 {
		t.Errorf("ImportSXCU called %d times, want 2", len(got))
	}
}
