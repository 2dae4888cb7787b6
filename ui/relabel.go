package ui

// A change of language in Settings applies at once: SetLanguage swaps the
// catalog, and each open screen builds its widgets again from its state
// (widgets take their text when they are made). What the user typed or
// chose is carried over; the queue's rows come from the model.

// Relabel builds the main screen again in the current language, with the
// given banner and warnings (worded by the caller in that language). The
// rows, the chosen profile, the typed options and the URL field stay.
func (m *MainWindow) Relabel(banner string, warnings []string) {
	m.d.Banner, m.d.Warnings = banner, warnings
	profile := m.opts.Profile()
	opts, _ := m.opts.Options()
	open := m.opts.accordion.Items[0].Open
	typedURL := m.urlEntry.Text

	m.opts = newBatchOptions(m.d)
	m.opts.profile.SetSelected(m.opts.labelFor(profile))
	m.opts.load(opts)
	if open {
		m.opts.accordion.Open(0)
	}
	m.w.SetContent(m.build())
	m.urlEntry.SetText(typedURL)
	m.formatOverride, m.selected = "", 0
	m.syncFormat()
	m.refreshAll() // the notice line, worded in the old language, is left out
}

// Relabel builds the settings window again in the current language and
// shows the tab that was open.
func (s *Settings) Relabel() {
	tab := s.tabs.SelectedIndex()
	s.general.cancelFormatSave()
	s.build()
	if tab >= 0 && tab < len(s.tabs.Items) {
		s.tabs.SelectIndex(tab)
	}
}

// Relabel builds the history window again in the current language, with
// the same search and view.
func (h *History) Relabel() {
	search, grid := h.search.Text, h.grid
	h.w.SetContent(h.build())
	h.setView(grid)
	h.search.SetText(search)
	h.Reload()
}
