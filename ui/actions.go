package ui

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/uploader"
)

// The row buttons. They run on the UI thread; the queue answers with
// events, so the rows change when the pump applies them.

func (m *MainWindow) copyLink(id int64) {
	it, ok := m.itemByID(id)
	if !ok || it.Result == nil {
		return
	}
	s, err := uploader.FormatLink(m.linkFormat(), linkData(it))
	if err != nil {
		m.setNotice(err.Error())
		return
	}
	if m.writeClipboard(s) {
		m.setNotice(T("notice.link_copied", "Name", it.Name))
	}
}

// openLink opens the item's page in the browser. Starting one can take a
// moment, and only its end tells whether there was a browser at all, so
// it runs off the UI thread and a failure comes back as the notice.
func (m *MainWindow) openLink(id int64) {
	it, ok := m.itemByID(id)
	if !ok || it.Result == nil {
		return
	}
	target := it.Result.Viewer
	if target == "" {
		target = linkURL(it.Result)
	}
	u, err := url.Parse(target)
	if err != nil || m.d.OpenURL == nil {
		if err == nil {
			err = errNoBrowser
		}
		m.setNotice(T("notice.open_failed", "Error", err.Error()))
		return
	}
	open := m.d.OpenURL
	m.background(func() error { return open(u) }, func(err error) {
		if err != nil {
			m.setNotice(T("notice.open_failed", "Error", err.Error()))
		}
	})
}

var errNoBrowser = errors.New("this system offers no way to open links")

// background runs work with m.run and hands its error to done on the UI
// thread.
func (m *MainWindow) background(work func() error, done func(error)) {
	m.run(func() {
		err := work()
		fyne.Do(func() { done(err) })
	})
}

func (m *MainWindow) retry(id int64) {
	if m.d.Queue != nil {
		m.d.Queue.Retry(id)
	}
}

func (m *MainWindow) cancel(id int64) {
	if m.d.Queue != nil {
		m.d.Queue.Cancel(id)
	}
}

func (m *MainWindow) remove(id int64) {
	if m.d.Queue != nil {
		m.d.Queue.Remove(id)
	}
}

func (m *MainWindow) retryAllFailed() {
	if m.d.Queue != nil {
		m.d.Queue.RetryFailed()
	}
}

// clearDone removes the uploaded rows, and the notice about their links
// with them.
func (m *MainWindow) clearDone() {
	if m.d.Queue == nil {
		return
	}
	m.d.Queue.ClearFinished()
	m.setNotice("")
}

// linkData is what uploader.FormatLink needs from an item.
func linkData(it uploader.Item) uploader.LinkData {
	return uploader.LinkData{Result: it.Result, Filename: it.Name, Title: it.Options.Title}
}

// linksOf joins the links of the done items, in input order.
func (m *MainWindow) linksOf(items []uploader.Item) (string, int, error) {
	var ds []uploader.LinkData
	for _, it := range items {
		if it.State == uploader.StateDone && it.Result != nil {
			ds = append(ds, linkData(it))
		}
	}
	if len(ds) == 0 {
		return "", 0, nil
	}
	s, err := uploader.JoinLinks(m.linkFormat(), ds)
	return s, len(ds), err
}

// copyAllLinks copies the links of every done row and says how many, in
// which format: the same words as at the end of a run would not show that
// the click did anything.
func (m *MainWindow) copyAllLinks() {
	s, n, err := m.linksOf(m.model.all())
	switch {
	case err != nil:
		m.setNotice(err.Error())
	case n == 0:
		m.setNotice(T("notice.no_links"))
	case m.writeClipboard(s):
		m.setNotice(TN("notice.copied_all", n, "Format", formatLabel(m.linkFormat())))
	}
}

// finishRun ends the run at an EventIdle: the done items' links go to the
// clipboard in input order and a notification says so.
func (m *MainWindow) finishRun() {
	if m.model.finished || len(m.model.run) == 0 {
		return // idle without a run (e.g. everything was removed)
	}
	m.model.finished = true
	items := m.model.runItems()
	s, n, err := m.linksOf(items)
	switch {
	case err != nil:
		m.setNotice(err.Error())
	case n > 0:
		if m.writeClipboard(s) {
			m.setNotice(linksCopied(n))
			m.notify(linksCopied(n))
		}
	default:
		m.notifyFailures(items)
	}
}

// notifyFailures tells of a run that uploaded nothing: which file failed
// and why, or how many did — not "no files were uploaded" while the list
// shows earlier uploads. A run the user canceled is not notified.
func (m *MainWindow) notifyFailures(items []uploader.Item) {
	var failed []uploader.Item
	for _, it := range items {
		if it.State == uploader.StateFailed {
			failed = append(failed, it)
		}
	}
	switch len(failed) {
	case 0:
	case 1:
		it := failed[0]
		if reason := failureReason(it); strings.Contains(reason, it.Name) {
			m.notify(reason) // "notes.png is not an image or video …" names the file already
		} else {
			m.notify(T("notify.failed_one", "Name", it.Name, "Reason", reason))
		}
	default:
		m.notify(TN("notify.failed", len(failed)))
	}
}

func linksCopied(n int) string {
	return TN("notice.links_copied", n)
}

func (m *MainWindow) notify(body string) {
	if m.d.Notify != nil {
		m.d.Notify("Upshot", body)
	}
}

// writeClipboard copies text and reports a failure in the notice line.
func (m *MainWindow) writeClipboard(s string) bool {
	if m.d.Clipboard == nil {
		return false
	}
	if err := m.d.Clipboard.WriteText(s); err != nil {
		m.setNotice(T("notice.clipboard_failed", "Error", err.Error()))
		return false
	}
	return true
}

// linkFormat is the format chosen in the list's menu this session, else the
// active one from the settings.
func (m *MainWindow) linkFormat() string {
	if m.formatOverride != "" {
		return m.formatOverride
	}
	if m.d.LinkFormat != nil {
		if f := m.d.LinkFormat(); f != "" {
			return f
		}
	}
	return uploader.FormatURL
}

// formatMenu is a link format menu: the built-in formats by readable name,
// plus active when it is a custom template. names maps label → format.
func formatMenu(active string) (labels []string, names map[string]string) {
	names = map[string]string{}
	formats := uploader.LinkFormats()
	if !contains(formats, active) {
		formats = append(formats, active)
	}
	for _, n := range formats {
		l := formatLabel(n)
		names[l] = n
		labels = append(labels, l)
	}
	return labels, names
}

// formatLabel is the readable name of a link format (its label in
// uploader.LinkFormatTable); a custom template reads "Custom: <template>".
func formatLabel(name string) string {
	if f, ok := uploader.FindLinkFormat(name); ok {
		return T(f.Label)
	}
	return T("format.custom", "Template", name)
}

func (m *MainWindow) onFormat(label string) {
	name := m.formatName[label]
	if name == "" || (m.formatOverride == "" && name == m.linkFormat()) {
		return // the initial selection, not a choice
	}
	m.formatOverride = name
}
