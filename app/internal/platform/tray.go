package platform

// trayOverride reads UPSHOT_TRAY: "0" no tray host, "1" one, else ask.
func trayOverride(getenv func(string) string) (present, ok bool) {
	switch getenv("UPSHOT_TRAY") {
	case "0":
		return false, true
	case "1":
		return true, true
	}
	return false, false
}
