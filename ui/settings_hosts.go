package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
)

// hostsTab lists the host profiles and switches to the profile editor to
// add or change one.
type hostsTab struct {
	s        *Settings
	profiles []profile.Profile
	def      string // the default profile's name
	selected int    // list index, -1 for none

	list                      *widget.List
	empty                     fyne.CanvasObject
	notice                    *noticeLine
	edit, remove, makeDefault *widget.Button
	listView                  fyne.CanvasObject
	stack                     *fyne.Container // the list view, then the editor while one is open
	editor                    *profileEditor  // the open editor, nil while the list shows
}

// newHostsTab lists the profiles of cfg, as read from the configuration.
func newHostsTab(s *Settings, cfg *profile.Config) *hostsTab {
	h := &hostsTab{s: s, selected: -1}
	h.list = widget.NewList(func() int { return len(h.profiles) },
		func() fyne.CanvasObject { return newHostRow() },
		func(i widget.ListItemID, o fyne.CanvasObject) { h.bindRow(i, o.(*hostRow)) })
	h.list.OnSelected = h.onSelected
	h.list.OnUnselected = func(widget.ListItemID) { h.onSelected(-1) }
	h.notice = newNoticeLine(s.w)
	hint := widget.NewLabel(screenText("settings.hosts.empty"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Alignment = fyne.TextAlignCenter
	h.empty = container.NewCenter(hint)
	h.listView = h.buildListView()
	h.stack = container.NewStack(h.listView)
	h.showConfig(cfg)
	return h
}

func (h *hostsTab) buildListView() fyne.CanvasObject {
	top := container.NewVBox()
	if h.s.d.UsingKeyFile {
		top.Add(callout(theme.WarningIcon(), screenText("settings.keyfile.warning"), theme.ColorNameWarning))
	}
	top.Add(h.notice.object())
	add := widget.NewButtonWithIcon(screenText("settings.hosts.add"), theme.ContentAddIcon(), h.add)
	add.Importance = widget.HighImportance
	h.edit = widget.NewButtonWithIcon(screenText("settings.hosts.edit"), theme.DocumentCreateIcon(), h.editSelected)
	h.makeDefault = widget.NewButtonWithIcon(screenText("settings.hosts.make_default"), theme.ConfirmIcon(), h.setDefault)
	h.remove = widget.NewButtonWithIcon(screenText("settings.hosts.remove"), theme.DeleteIcon(), h.confirmRemove)
	buttons := container.NewHBox(add, h.edit, h.makeDefault, layout.NewSpacer(), h.remove)
	if h.s.d.ImportSXCU != nil {
		imp := widget.NewButtonWithIcon(screenText("settings.hosts.import"), theme.FolderOpenIcon(), h.pickSXCU)
		buttons.Objects = append(buttons.Objects[:3], append([]fyne.CanvasObject{imp}, buttons.Objects[3:]...)...)
	}
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewStack(h.list, h.empty))
}

// object is the tab's content: the list, or the editor while it is open.
func (h *hostsTab) object() fyne.CanvasObject { return h.stack }

// reload reads the profiles from the configuration and shows them.
func (h *hostsTab) reload() { h.showConfig(h.s.config()) }

// showConfig shows the profiles of cfg.
func (h *hostsTab) showConfig(cfg *profile.Config) {
	h.profiles, h.def = cfg.Profiles, ""
	if p, ok := cfg.Get(cfg.Default); ok {
		h.def = p.Name
	}
	h.list.UnselectAll()
	h.onSelected(-1)
	show(h.empty, len(h.profiles) == 0)
	h.list.Refresh()
	relayoutWindow(h.s.w)
}

func (h *hostsTab) onSelected(i widget.ListItemID) {
	h.selected = i
	ok := i >= 0 && i < len(h.profiles)
	enable(h.edit, ok)
	enable(h.remove, ok)
	enable(h.makeDefault, ok && h.profiles[i].Name != h.def)
}

func (h *hostsTab) current() (profile.Profile, bool) {
	if h.selected < 0 || h.selected >= len(h.profiles) {
		return profile.Profile{}, false
	}
	return h.profiles[h.selected], true
}

func (h *hostsTab) add() { h.openEditor(nil) }

func (h *hostsTab) editSelected() {
	if p, ok := h.current(); ok {
		h.openEditor(&p)
	}
}

// openEditor shows a new editor for p (nil adds a profile); a fresh one
// each time, so nothing typed before lingers.
func (h *hostsTab) openEditor(p *profile.Profile) {
	h.notice.set("", widget.MediumImportance)
	h.editor = newProfileEditor(h.s, p, h.editorDone)
	h.listView.Hide()
	h.stack.Objects = []fyne.CanvasObject{h.listView, h.editor.object()}
	h.stack.Refresh()
}

// editorDone returns from the editor; saved names the profile it stored.
func (h *hostsTab) editorDone(saved string) {
	h.editor = nil
	h.stack.Objects = []fyne.CanvasObject{h.listView}
	h.listView.Show()
	h.stack.Refresh()
	h.reload()
	if saved != "" {
		h.notice.set(screenText("settings.hosts.saved", "Name", saved), widget.SuccessImportance)
	}
}

func (h *hostsTab) setDefault() {
	p, ok := h.current()
	if !ok {
		return
	}
	h.apply(func(cfg *profile.Config) error { return cfg.SetDefault(p.Name) })
}

func (h *hostsTab) confirmRemove() {
	p, ok := h.current()
	if !ok {
		return
	}
	d := dialog.NewConfirm(screenText("settings.remove.title"),
		screenText("settings.remove.body", "Name", p.Name), func(yes bool) {
			if yes {
				h.removeProfile(p)
			}
		}, h.s.w)
	d.SetConfirmText(screenText("settings.hosts.remove"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// removeProfile deletes the profile and then what it kept in the key
// store (its API key, or a custom uploader's credentials).
func (h *hostsTab) removeProfile(p profile.Profile) {
	if !h.apply(func(cfg *profile.Config) error { return cfg.Remove(p.Name) }) || h.s.d.Secrets == nil {
		return
	}
	for _, name := range p.SecretNames() {
		if err := h.s.d.Secrets.Delete(name); err != nil && !errors.Is(err, profile.ErrNoKey) {
			h.notice.set(screenText("settings.remove.key_failed", "Error", err.Error()), widget.WarningImportance)
		}
	}
}

// apply changes a fresh copy of the configuration and saves it; a failure
// is shown and the list keeps what was saved before.
func (h *hostsTab) apply(change func(*profile.Config) error) bool {
	cfg := h.s.config()
	err := change(cfg)
	if err == nil {
		err = h.s.save(cfg)
	}
	if err != nil {
		h.reload()
		h.notice.set(screenText("settings.save_failed", "Error", err.Error()), widget.DangerImportance)
		return false
	}
	h.showConfig(cfg) // what was saved: no need to read it back
	h.notice.set("", widget.MediumImportance)
	return true
}

func (h *hostsTab) bindRow(i widget.ListItemID, r *hostRow) {
	if i < 0 || i >= len(h.profiles) {
		return
	}
	r.bind(h.profiles[i], h.profiles[i].Name == h.def)
}

// hostRow is one line of the profile list: name, default mark, host.
type hostRow struct {
	widget.BaseWidget
	name, badge, host, plain *widget.Label
}

func newHostRow() *hostRow {
	r := &hostRow{name: widget.NewLabel(""), badge: widget.NewLabel(screenText("settings.hosts.default")),
		host: widget.NewLabel(""), plain: widget.NewLabel(screenText("settings.host.plain_short"))}
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.badge.Importance = widget.SuccessImportance
	r.host.Truncation = fyne.TextTruncateEllipsis
	r.plain.Importance = widget.WarningImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *hostRow) bind(p profile.Profile, isDefault bool) {
	r.name.SetText(p.Name)
	show(r.badge, isDefault)
	r.host.SetText(strings.TrimSuffix(p.Host, "/api/1/upload"))
	show(r.plain, uploader.IsPlainHTTP(p.Host))
}

// CreateRenderer puts the name and badge over the host line.
func (r *hostRow) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.badge, r.name)
	bottom := container.NewBorder(nil, nil, nil, r.plain, r.host)
	return widget.NewSimpleRenderer(container.NewVBox(top, bottom))
}

// pickSXCU asks for a ShareX custom uploader (.sxcu), in the desktop's
// chooser where there is one, and imports it.
func (h *hostsTab) pickSXCU() {
	choose(h.s.d.PickSXCU, h.sxcuDialog,
		func(err error) {
			h.notice.set(screenText("settings.sxcu.pick_failed", "Error", err.Error()), widget.DangerImportance)
		},
		func(paths []string) {
			for _, p := range paths { // the chooser may let several be picked
				h.importSXCU(p)
			}
		})
}

// sxcuDialog is Fyne's file dialog for a .sxcu file.
func (h *hostsTab) sxcuDialog() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		_ = rc.Close()
		h.importSXCU(rc.URI().Path())
	}, h.s.w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".sxcu", ".SXCU"}))
	d.Show()
}

// importSXCU imports path and shows the outcome above the list.
func (h *hostsTab) importSXCU(path string) {
	msg, err := h.s.d.ImportSXCU(path)
	if err != nil {
		h.notice.set(err.Error(), widget.DangerImportance)
		return
	}
	h.reload()
	h.notice.set(msg, widget.SuccessImportance)
}
