package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/assets"
)

// build assembles the screen: the app bar and notices across the top, then
// the drop zone and options on the left and the header and queue on the
// right, so that opening the options never squeezes the list.
func (m *MainWindow) build() fyne.CanvasObject {
	m.top = container.NewVBox(append([]fyne.CanvasObject{m.appBar()}, m.noticeObjects()...)...)
	left := container.NewVScroll(container.NewVBox(m.dropZone(), m.opts.object()))
	split := container.NewHSplit(left, m.queuePane())
	split.Offset = 0.4
	return container.NewBorder(m.top, nil, nil, nil, split)
}

// noticeObjects are the banner and the warnings as callouts.
func (m *MainWindow) noticeObjects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if m.d.Banner != "" {
		out = append(out, callout(theme.InfoIcon(), m.d.Banner, theme.ColorNamePrimary))
	}
	for _, w := range m.d.Warnings {
		out = append(out, callout(theme.WarningIcon(), w, theme.ColorNameWarning))
	}
	return out
}

// SettingsChanged shows a new banner and warnings and re-reads the
// profile list, after Settings saved: a host added, a config mended.
func (m *MainWindow) SettingsChanged(banner string, warnings []string) {
	m.d.Banner, m.d.Warnings = banner, warnings
	m.top.Objects = append(m.top.Objects[:1], m.noticeObjects()...) // the app bar stays
	m.top.Refresh()
	m.opts.refreshProfiles()
	m.syncFormat()
	m.refreshAll()
}

// syncFormat shows the link format the settings now choose: a save in
// Settings ends a choice made in the list's menu this session, so that the
// window and Settings show the same format.
func (m *MainWindow) syncFormat() {
	if m.format == nil {
		return
	}
	m.formatOverride = ""
	active := m.linkFormat()
	var labels []string
	labels, m.formatName = formatMenu(active)
	m.format.Options = labels
	m.format.SetSelected(formatLabel(active))
}

// appBar shows the brand and the Settings / History buttons.
func (m *MainWindow) appBar() fyne.CanvasObject {
	logo := canvas.NewImageFromResource(assets.AppIcon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(28))
	name := widget.NewLabel("Upshot")
	name.TextStyle.Bold = true
	name.SizeName = theme.SizeNameSubHeadingText
	buttons := container.NewHBox()
	if m.d.OnHistory != nil {
		b := widget.NewButtonWithIcon(T("button.history"), theme.HistoryIcon(), m.d.OnHistory)
		b.Importance = widget.LowImportance
		buttons.Add(b)
	}
	if m.d.OnSettings != nil {
		b := widget.NewButtonWithIcon(T("button.settings"), theme.SettingsIcon(), m.d.OnSettings)
		b.Importance = widget.LowImportance
		buttons.Add(b)
	}
	bar := container.NewBorder(nil, nil, container.NewHBox(logo, name), buttons)
	return container.NewVBox(bar, widget.NewSeparator())
}

// callout is a subtly tinted box with an icon and wrapped text.
func callout(icon fyne.Resource, text string, tint fyne.ThemeColorName) fyne.CanvasObject {
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(icon)), nil, label)
	return newTintBox(tint, 0x22, 0x80, 1, body)
}

// queuePane is the header line, the link tools, the list and its footer.
func (m *MainWindow) queuePane() fyne.CanvasObject {
	m.header = widget.NewLabel("")
	m.header.TextStyle.Bold = true
	m.header.SizeName = theme.SizeNameSubHeadingText
	m.header.Wrapping = fyne.TextWrapWord
	m.speed = widget.NewLabel("")
	m.speed.Hide()
	m.report = widget.NewHyperlink(T("header.report"), nil)
	m.report.OnTapped = m.showErrorReport
	m.report.Hide()
	m.notice = widget.NewLabel("")
	m.notice.Wrapping = fyne.TextWrapWord
	m.notice.Hide()
	m.head = container.NewVBox(m.header, m.speed, m.report, m.notice, m.linkTools(), widget.NewSeparator())

	m.list = widget.NewList(m.model.len,
		func() fyne.CanvasObject { return newQueueRow(m) },
		func(id widget.ListItemID, o fyne.CanvasObject) { m.bindRow(id, o.(*queueRow)) })
	m.list.OnSelected, m.list.OnUnselected = m.onSelected, m.onUnselected
	hint := widget.NewLabel(T("list.empty"))
	hint.Alignment = fyne.TextAlignCenter
	// The icon is as big as a row's preview (64): a software GL renderer
	// (Mesa llvmpipe, as under Xvfb) compiles a shader the first time it
	// draws an image that large, 30–70 ms that are then spent at start-up
	// rather than in the frame where a thousand dropped files appear.
	m.empty = container.NewCenter(container.NewVBox(
		container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSquareSize(previewSide)),
			widget.NewIcon(theme.NewDisabledResource(theme.MediaPhotoIcon())))), hint))
	m.pane = container.NewBorder(m.head, m.listFooter(), nil, nil, container.NewStack(m.list, m.empty))
	return m.pane
}

// linkTools are the link format menu and Copy all.
func (m *MainWindow) linkTools() fyne.CanvasObject {
	active := m.linkFormat()
	var labels []string
	labels, m.formatName = formatMenu(active)
	m.format = widget.NewSelect(labels, m.onFormat)
	m.format.SetSelected(formatLabel(active))
	m.copyAll = widget.NewButtonWithIcon(T("button.copy_all"), theme.ContentCopyIcon(), m.copyAllLinks)
	m.copyAll.Importance = widget.HighImportance
	menu := container.New(layout.NewGridWrapLayout(fyne.NewSize(220, m.format.MinSize().Height)), m.format)
	return container.NewHBox(menu, m.copyAll)
}

// relayout re-lays out the queue pane after something in its header was
// shown or hidden (the GL driver would on the next frame; the test canvas
// and the first frame need it now).
func (m *MainWindow) relayout() {
	for _, c := range []*fyne.Container{m.pane, m.head} {
		c.Layout.Layout(c.Objects, c.Size())
	}
}

// dropZone is the card that invites drops and offers the other ways in.
func (m *MainWindow) dropZone() fyne.CanvasObject {
	icon := widget.NewIcon(theme.UploadIcon())
	title := widget.NewLabel(T("drop.title"))
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	title.Wrapping = fyne.TextWrapWord
	formats := widget.NewLabel("JPG PNG BMP GIF WEBP AVIF MOV MP4 WEBM")
	formats.Alignment = fyne.TextAlignCenter
	formats.Wrapping = fyne.TextWrapWord
	formats.SizeName = theme.SizeNameCaptionText

	browse := widget.NewButtonWithIcon(T("button.browse"), theme.FileImageIcon(), m.browseFiles)
	browse.Importance = widget.HighImportance
	folder := widget.NewButtonWithIcon(T("button.folder"), theme.FolderOpenIcon(), m.browseFolder)
	paste := widget.NewButtonWithIcon(T("button.paste"), theme.ContentPasteIcon(), m.paste)
	buttons := container.NewCenter(container.NewHBox(browse, folder, paste))

	m.urlEntry = widget.NewEntry()
	m.urlEntry.SetPlaceHolder(T("url.placeholder"))
	m.urlEntry.Validator = validateTypedURL
	m.urlEntry.OnSubmitted = func(string) { m.addURL() }
	add := widget.NewButtonWithIcon(T("button.add"), theme.ContentAddIcon(), m.addURL)
	urlRow := container.NewBorder(nil, nil, nil, add, m.urlEntry)

	body := container.NewVBox(
		container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSquareSize(48)), icon)),
		title, formats, buttons, urlRow)
	return container.NewPadded(newTintBox(theme.ColorNamePrimary, 0x14, 0x99, 2, container.NewPadded(body)))
}
