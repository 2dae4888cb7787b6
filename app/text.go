package main

import (
	"errors"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
)

// warningText words a service warning for the window, in the user's
// language.
func warningText(w service.Warning) string {
	switch w.Kind {
	case service.WarnPlainHost:
		return ui.T("warning.plain_host", "Host", w.Host)
	case service.WarnPlainProfile:
		return ui.T("warning.plain_profile", "Name", w.Name)
	case service.WarnKeyFile:
		return ui.T("warning.key_file", "Path", w.Path)
	case service.WarnHistory:
		return ui.T("warning.history", "Error", w.Err.Error())
	}
	return w.String()
}

// configText words why the configuration cannot be used.
func configText(err error) string {
	var ce *service.ConfigError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	switch ce.Problem {
	case service.ConfigNoProfile:
		return ui.T("error.no_profile", "Name", ce.Name, "Path", ce.Path)
	case service.ConfigBadHost:
		return ui.T("error.bad_host", "Host", ce.Host, "Error", ce.Err.Error())
	case service.ConfigUnreadable:
		return ui.T("error.config_unreadable", "Error", ce.Err.Error())
	}
	return err.Error()
}

// importText words a .sxcu import: what the profile became and what the
// user should know, or why nothing was imported.
func importText(im service.Imported) string {
	msg := ui.T("import.done", "Name", im.Name, "Host", im.Host)
	if im.Generic {
		msg = ui.T("import.done_custom", "Name", im.Name, "Host", im.Host, "Field", im.FileField)
	}
	for _, w := range im.Warnings {
		msg += "\n" + ui.T("import.warning", "Warning", w)
	}
	if im.KeyFile != "" {
		msg += "\n" + ui.T("warning.key_file", "Path", im.KeyFile)
	}
	if im.PlainHTTP {
		msg += "\n" + ui.T("import.plain", "Host", im.Host)
	}
	if im.NoKey {
		msg += "\n" + ui.T("import.no_key", "Name", im.Name)
	}
	return msg
}

// importErrorText words why a .sxcu file was not imported.
func importErrorText(err error) string {
	var ie *service.ImportError
	if !errors.As(err, &ie) {
		if errors.As(err, new(*service.ConfigError)) {
			return configText(err)
		}
		return err.Error()
	}
	switch ie.Problem {
	case service.ImportUnreadable:
		return ui.T("import.unreadable", "File", ie.File, "Error", ie.Err.Error())
	case service.ImportUnsupported:
		return ui.T("import.unsupported", "File", ie.File, "Error", ie.Err.Error())
	case service.ImportExists:
		return ui.T("import.exists", "File", ie.File, "Name", ie.Name)
	}
	return ui.T("import.invalid", "File", ie.File, "Error", ie.Err.Error())
}
