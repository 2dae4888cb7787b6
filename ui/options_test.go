package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
)

func TestBatchOptionsValidation(t *testing.T) {
	cases := []struct {
		name       string
		width      string
		category   string
		expiration string // a menu label
		custom     string
		want       uploader.Options
		errs       int
	}{
		{"empty", "", "", "Never", "", uploader.Options{}, 0},
		{"valid", "640", "3", "1 week", "", uploader.Options{Width: 640, CategoryID: 3, Expiration: "P1W"}, 0},
		{"custom ok", "", "", "Custom…", "PT90M", uploader.Options{Expiration: "PT90M"}, 0},
		{"custom seconds", "", "", "Custom…", "600", uploader.Options{Expiration: "600"}, 0},
		{"junk expiration", "", "", "Custom…", "soon-ish", uploader.Options{}, 1},
		{"non-numeric width", "wide", "", "5 minutes", "", uploader.Options{Expiration: "PT5M"}, 1},
		{"negative width, bad category", "-5", "x", "Never", "", uploader.Options{}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newMainEnv(t, "en", false)
			b := e.m.opts
			test.Type(b.width, c.width)
			test.Type(b.category, c.category)
			b.expiration.sel.SetSelected(c.expiration)
			test.Type(b.expiration.custom, c.custom)

			got, errs := b.Options()
			got.Title = "" // the default profile's title from Defaults, not under test here
			if !sameOptions(got, c.want) {
				t.Errorf("options = %+v, want %+v", got, c.want)
			}
			if len(errs) != c.errs {
				t.Errorf("errors = %v, want %d", errs, c.errs)
			}
			if c.errs > 0 && b.form.Validate() == nil {
				t.Error("the form shows no inline error for an invalid field")
			}
		})
	}
}

func sameOptions(a, b uploader.Options) bool {
	return a.Width == b.Width && a.CategoryID == b.CategoryID && a.Expiration == b.Expiration &&
		a.AlbumID == b.AlbumID && slices.Equal(a.Tags, b.Tags) && a.NSFW == b.NSFW
}

func TestBatchOptionsDefaultsFollowProfile(t *testing.T) {
	e := newMainEnv(t, "en", false, func(d *Deps) {
		d.Defaults = func(p string) uploader.Options {
			if p == "work" {
				return uploader.Options{Tags: []string{"a", "b"}, Width: 1280, Expiration: "P3D", NSFW: true}
			}
			return uploader.Options{Expiration: "PT45M"} // not a menu entry: shown as custom
		}
	})
	b := e.m.opts
	if o, _ := b.Options(); o.Expiration != "PT45M" || b.expiration.sel.Selected != "Custom…" {
		t.Errorf("default profile: expiration %q shown as %q", o.Expiration, b.expiration.sel.Selected)
	}
	b.profile.SetSelected("work")
	o, errs := b.Options()
	if len(errs) > 0 || !slices.Equal(o.Tags, []string{"a", "b"}) || o.Width != 1280 || o.Expiration != "P3D" || !o.NSFW {
		t.Errorf("work profile options = %+v (errors %v)", o, errs)
	}
	if b.Profile() != "work" {
		t.Errorf("profile = %q", b.Profile())
	}
}

func TestInvalidOptionsAreLeftOutWhenQueueing(t *testing.T) {
	e := newMainEnv(t, "en", true)
	test.Type(e.m.opts.width, "abc")
	test.Type(e.m.opts.tags, "cats, , dogs")
	e.m.AddSources(writeTestPNGs(t, "a.png")...)
	items := e.q.Items()
	if len(items) != 1 {
		t.Fatalf("queued %d items", len(items))
	}
	if got := items[0].Options; got.Width != 0 || !slices.Equal(got.Tags, []string{"cats", "dogs"}) {
		t.Errorf("queued options = %+v, want no width and tags [cats dogs]", got)
	}
}

func TestURLEntry(t *testing.T) {
	e := newMainEnv(t, "en", true)
	test.Type(e.m.urlEntry, "ftp://example.com/a.png")
	e.m.addURL()
	if n := len(e.q.Items()); n != 0 {
		t.Fatalf("an ftp URL was queued (%d items)", n)
	}
	if !strings.Contains(e.m.notice.Text, "http://") {
		t.Errorf("notice = %q, want a hint about http(s)", e.m.notice.Text)
	}
	e.m.urlEntry.SetText("https://example.com/a.png")
	e.m.addURL()
	items := e.q.Items()
	if len(items) != 1 || items[0].Source != "https://example.com/a.png" {
		t.Errorf("queued %+v", items)
	}
	if e.m.urlEntry.Text != "" {
		t.Error("the entry keeps the URL after adding it")
	}
}
