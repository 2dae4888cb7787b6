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

// headerLine is the header for the window: the run while it is on its way
// (or waits, paused), then what the list shows.
func headerLine(run, list uploader.Summary, held bool) string {
	if run.Active() > 0 {
		if held && run.Uploading == 0 {
			return TN("header.paused", run.Active())
		}
		return headerText(run)
	}
	return headerText(list)
}

// refreshHeader updates the header, the speed line, the error-report link
// and the list tools from the model; run is the model's runSummary.
func (m *MainWindow) refreshHeader(run uploader.Summary) {
	list := m.model.listSummary()
	m.header.SetText(headerLine(run, list, m.model.held))
	speed := m.headerSpeed(run)
	setText(m.speed, speed)
	report := run.Active() == 0 && list.Failed+list.Canceled > 0
	if report != m.report.Visible() || (speed != "") != m.speed.Visible() {
		show(m.report, report)
		show(m.speed, speed != "")
		m.relayout()
	}
	m.refreshTools(run)
	show(m.empty, m.model.len() == 0)
}

// refreshTools enables the list's tools that have something to act on.
func (m *MainWindow) refreshTools(run uploader.Summary) {
	var done int
	for _, it := range m.model.all() {
		if it.State == uploader.StateDone {
			done++
		}
	}
	enable(m.copyAll, done > 0)
	enable(m.retryFailed, retryable(m.model.all()) > 0)
	enable(m.clearFinished, done > 0)
	enable(m.cancelAll, run.Active() > 0)
	m.showHeld()
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// failures are the failed and canceled rows, the error report's rows:
// the report speaks of what the list shows, like the header.
func (m *MainWindow) failures() []uploader.Item {
	var out []uploader.Item
	for _, it := range m.model.all() {
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
	if it.Err != nil {
		return errorText(it.Err)
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
	d := dialog.NewCustomWithoutButtons(T("report.title"), scroll, m.w)
	copyBtn := widget.NewButtonWithIcon(T("report.copy"), theme.ContentCopyIcon(), func() {
		if m.writeClipboard(reportText(items)) {
			m.setNotice(T("notice.report_copied"))
		}
	})
	closeBtn := widget.NewButton(T("report.close"), d.Hide)
	buttons := []fyne.CanvasObject{copyBtn}
	if retryable(items) > 0 {
		retryBtn := widget.NewButtonWithIcon(T("button.retry_failed"), theme.ViewRefreshIcon(), func() {
			m.retryAllFailed()
			d.Hide()
		})
		retryBtn.Importance = widget.HighImportance
		buttons = append(buttons, retryBtn)
	}
	// One row of buttons, as every dialog has: Close last, where the eye
	// looks for it.
	d.SetButtons(append(buttons, closeBtn))
	d.Show()
}

// retryable counts the items a retry may help.
func retryable(items []uploader.Item) int {
	n := 0
	for _, it := range items {
		if it.Retryable() {
			n++
		}
	}
	return n
}
