package ui

import "fyne.io/fyne/v2/lang"

// screenStrings are the English texts of the settings and history windows
// by translation key: the fallbacks lang.X uses when a key is missing from
// assets/translations. Tests keep en.json equal to this table and every
// language file complete.
var screenStrings = map[string]string{
	"settings.tab.hosts":   "Hosts",
	"settings.tab.general": "General",
	"settings.tab.hotkeys": "Hotkeys",

	"settings.hosts.add":          "Add",
	"settings.hosts.edit":         "Edit",
	"settings.hosts.remove":       "Remove",
	"settings.hosts.import":       "Import .sxcu…",
	"settings.hosts.make_default": "Make default",
	"settings.hosts.default":      "Default",
	"settings.hosts.empty":        "No hosts yet. Add your image host to start uploading there.",
	"settings.hosts.saved":        "Saved {{.Name}}",
	"settings.keyfile.warning":    "No OS keyring: API keys are kept in a file only you can read (mode 0600).",
	"settings.remove.title":       "Remove host",
	"settings.remove.body":        "Remove {{.Name}}? Its API key is deleted too. Files already uploaded stay on the host.",
	"settings.remove.key_failed":  "The host was removed, but its API key could not be deleted from the keyring: {{.Error}}",
	"settings.save_failed":        "Could not save the settings: {{.Error}}",

	"settings.editor.add":             "Add a host",
	"settings.editor.edit":            "Edit {{.Name}}",
	"settings.cancel":                 "Cancel",
	"settings.save":                   "Save",
	"settings.invalid":                "Fix the fields marked in red first: {{.Error}}",
	"settings.preset":                 "Known host",
	"settings.preset.hint":            "Pick a known host to fill in its address and size limit",
	"settings.preset.custom":          "Other host…",
	"settings.name":                   "Name",
	"settings.name.empty":             "Give the profile a name",
	"settings.name.taken":             "Another profile has this name — choose another",
	"settings.name.invalid":           "Use up to 64 characters, without spaces at the start or end",
	"settings.host":                   "Address",
	"settings.host.hint":              "The site address or its /api/1/upload URL",
	"settings.host.invalid":           "Enter the site address, e.g. https://img.example.com (https:// or http:// only)",
	"settings.host.plain":             "Unencrypted: this host uses plain http, so your API key and files can be read on the way.",
	"settings.host.plain_short":       "not encrypted",
	"settings.key":                    "API key",
	"settings.key.hint":               "From your account's API settings on the host",
	"settings.key.placeholder":        "Paste the API key",
	"settings.key.test":               "Test key",
	"settings.key.checking":           "Checking the key…",
	"settings.key.need_host":          "Enter a valid address first",
	"settings.key.need_key":           "Enter the API key first",
	"settings.key.ok":                 "Key works — uploads allowed",
	"settings.key.bad":                "Bad key — check it in your host's settings",
	"settings.key.denied":             "This host does not allow API uploads right now",
	"settings.key.unknown":            "Could not check the key: {{.Error}}",
	"settings.key.read_failed":        "Could not read the stored API key: {{.Error}}. Leave the field empty to keep it.",
	"settings.sxcu.note":              "Custom uploader imported from a ShareX .sxcu file: its address, name and credentials come from that file. Import it again to change them.",
	"settings.size":                   "Max size",
	"settings.size.hint":              "Files over this size are refused or shrunk, e.g. 5 MB; empty for no limit",
	"settings.size.placeholder":       "5 MB",
	"settings.size.invalid":           "Enter a size such as 5 MB, 500 KB or 1.5 MB",
	"settings.format":                 "Link format",
	"settings.format.inherit":         "Same as the app setting",
	"settings.format.custom":          "Custom template…",
	"settings.format.empty":           "Enter a template such as {url}",
	"settings.format.invalid":         "Unknown placeholder — use {url} {viewer} {short} {thumb} {delete} {filename} {title} {width} {height} {size}",
	"settings.jobs":                   "Parallel uploads",
	"settings.jobs.hint":              "1 to 16; empty uses the app setting",
	"settings.jobs.placeholder":       "3",
	"settings.jobs.invalid":           "Enter a number from 1 to 16, or leave it empty",
	"settings.fit":                    "Shrink images that are over the size limit",
	"settings.strip":                  "Remove location and camera data (EXIF) before uploading",
	"settings.defaults":               "Upload defaults",
	"settings.title_template":         "Title",
	"settings.title_template.hint":    "You may use {filename} {date} {time}",
	"settings.title_template.invalid": "Unknown placeholder — use {filename} {date} {time}",

	"settings.language":                 "Language",
	"settings.language.system":          "System",
	"settings.language.reopen":          "The new language applies to windows opened from now on.",
	"settings.notifications":            "Show a notification when uploads finish",
	"settings.autostart":                "Launch Upshot at login",
	"settings.autostart.failed":         "Could not change the login item: {{.Error}}",
	"settings.default_format":           "Link format",
	"settings.default_format.hint":      "What is copied after an upload, unless the host's profile says otherwise",
	"settings.close_to_tray":            "Closing the window keeps Upshot in the tray",
	"settings.close_to_tray.hint":       "Quit from the tray menu",
	"settings.hotkeys.intro":            "Shortcuts work in every program. Record one by pressing it, or type it, e.g. Ctrl+Shift+3. On Wayland, or to use your desktop's own shortcut settings, bind a command instead: upshot capture full, upshot capture region, upshot capture window or upshot clipboard.",
	"settings.hotkeys.apply":            "Apply shortcuts",
	"settings.hotkeys.intro_desktop":    "Your desktop handles global shortcuts here, through its GlobalShortcuts portal. The combinations below are suggestions: the desktop may ask you to confirm them, and the keys it chose show under each one. Apply shortcuts asks it again.",
	"settings.hotkeys.configure":        "Desktop shortcut settings…",
	"settings.hotkeys.configure_failed": "Cannot open the desktop's shortcut settings: {{.Error}}",
	"settings.hotkey.desktop_set":       "Your desktop set {{.Keys}}",
	"settings.hotkeys.applied":          "Shortcuts applied",
	"settings.hotkeys.failed":           "Shortcuts not applied: {{.Error}}",
	"settings.hotkeys.duplicate":        "{{.Combo}} is set for both “{{.First}}” and “{{.Second}}” — change one",
	"settings.hotkey.full":              "Capture the screen",
	"settings.hotkey.region":            "Capture a region",
	"settings.hotkey.window":            "Capture a window",
	"settings.hotkey.clipboard":         "Upload the clipboard",
	"settings.hotkey.record":            "Record",
	"settings.hotkey.recording":         "Press the keys… (Esc cancels)",
	"settings.hotkey.off":               "Off",
	"settings.hotkey.none":              "No shortcut",

	"history.search":              "Search by name, title or link",
	"history.empty":               "Nothing uploaded yet. Finished uploads appear here with their links.",
	"history.no_match":            "No upload matches “{{.Search}}”",
	"history.load_failed":         "Could not read the history: {{.Error}}",
	"history.copied":              "Link to {{.Name}} copied to the clipboard",
	"history.copy_failed":         "Could not copy the link: {{.Error}}",
	"history.open_failed":         "Could not open the browser: {{.Error}}",
	"history.deleted":             "Deleted from the host",
	"history.deleting":            "Deleting from the host…",
	"history.expires":             "The host deletes it on {{.Date}}",
	"history.remove":              "Remove",
	"history.remove.title":        "Remove from history",
	"history.remove.body":         "Remove {{.Name}} from the history? The file stays on the host, and its delete link is lost.",
	"history.remove_failed":       "Could not remove the entry: {{.Error}}",
	"history.delete":              "Delete from host",
	"history.delete.title":        "Delete from host",
	"history.delete.body":         "Delete {{.Name}} from the host? Its links stop working. This cannot be undone.",
	"history.delete_failed":       "Could not delete: {{.Error}}",
	"history.deleted_notice":      "{{.Name}} was deleted from the host",
	"history.already_gone_notice": "{{.Name}} was already gone from the host",
}

// screenPlurals are the English one/other forms of counted texts.
var screenPlurals = map[string][2]string{
	"history.count": {"{{.Count}} upload", "{{.Count}} uploads"},
}

// screenText translates a text of these windows; kv are template
// name/value pairs, e.g. "Name", "shot.png".
func screenText(key string, kv ...any) string {
	if len(kv) == 0 {
		return lang.X(key, screenStrings[key])
	}
	return lang.X(key, screenStrings[key], data(kv...))
}

// screenTextN translates a counted text; {{.Count}} is n.
func screenTextN(key string, n int) string {
	forms := screenPlurals[key]
	fallback := forms[1]
	if n == 1 {
		fallback = forms[0]
	}
	return lang.XN(key, fallback, n, data("Count", n))
}
