package platform

// TrayHostPresent is true: the Windows taskbar always has a notification
// area. UPSHOT_TRAY=0/1 overrides it.
func TrayHostPresent(getenv func(string) string) bool {
	if v, ok := trayOverride(getenv); ok {
		return v
	}
	return true
}
