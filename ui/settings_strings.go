package ui

// screenText translates a text of the settings and history windows; kv
// are template name/value pairs, e.g. "Name", "shot.png". It is T: the
// texts live in the one catalog, assets/translations.
func screenText(key string, kv ...any) string { return T(key, kv...) }

// screenTextN translates a counted text; {{.Count}} is n.
func screenTextN(key string, n int) string { return TN(key, n) }
