package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader"
)

// headerText is the header line for a run, worded like the hosts' own
// upload screen.
func headerText(s uploader.Summary) string {
	switch s.Outcome() {
	case uploader.OutcomeAllDone:
		return T("header.done")
	case uploader.OutcomeSome:
		return T("header.some")
	case uploader.OutcomeNone:
		return T("header.none")
	}
	if s.Total == 0 {
		return T("header.idle")
	}
	return TN("header.uploading", s.Total, "Percent", s.Percent())
}

// refreshHeader updates the header, the error-report link and the list
// tools from the model; s is the model's runSummary.
func (m *MainWindow) refreshHeader(s uploader.Summary) {
	m.header.SetText(headerText(s))
	if report := s.Outcome() != uploader.OutcomeRunning && s.Failed+s.Canceled > 0; report != m.report.Visible() {
		show(m.report, report)
		m.relayout()
	}

	var done, failed, final int
	for _, it := range m.model.all() {
		switch it.State {
		case uploader.StateDone:
			done++
			final++
		case uploader.StateFailed, uploader.StateCanceled:
			failed++
			final++
		}
	}
	enable(m.copyAll, done > 0)
	enable(m.retryFailed, failed > 0)
	enable(m.clearFinished, final > 0)
	show(m.empty, m.model.len() == 0)
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// failures are the run's failed and canceled items, the error report's rows.
func (m *MainWindow) failures() []uploader.Item {
	var out []uploader.Item
	for _, it := range m.model.runItems() {
		if it.State == uploader.StateFailed || it.State == uploader.StateCanceled {
			out = append(out, it)
		}
	}
	return out
}

// reportText is the error report as plain text, one file per line.
func reportText(items []uploader.Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Name)
		b.WriteString(": ")
		b.WriteString(failureReason(it))
		b.WriteByte('\n')
	}
	return b.String()
}

func failureReason(it uploader.Item) string {
	if it.State == uploader.StateCanceled {
		return T("state.canceled")
	}
	if msg := it.Message(); msg != "" {
		return msg
	}
	return T("state.failed")
}

// showErrorReport lists each file that did not upload and why.
func (m *MainWindow) showErrorReport() {
	items := m.failures()
	rows := container.NewVBox()
	for _, it := range items {
		name := widget.NewLabel(it.Name)
		name.TextStyle.Bold = true
		reason := widget.NewLabel(failureReason(it))
		reason.Wrapping = fyne.TextWrapWord
		reason.Importance = widget.DangerImportance
		rows.Add(container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(theme.ErrorIcon())), nil,
			container.NewVBox(name, reason)))
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(460, 260))
	copyBtn := widget.NewButtonWithIcon(T("report.copy"), theme.ContentCopyIcon(), func() {
		m.writeClipboard(reportText(items))
	})
	retryBtn := widget.NewButtonWithIcon(T("button.retry_failed"), theme.ViewRefreshIcon(), nil)
	content := container.NewBorder(nil, container.NewHBox(copyBtn, retryBtn), nil, nil, scroll)
	d := dialog.NewCustom(T("report.title"), T("report.close"), content, m.w)
	retryBtn.OnTapped = func() {
		m.retryAllFailed()
		d.Hide()
	}
	d.Show()
}
