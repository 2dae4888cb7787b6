package platform

// CheckDisplay has nothing to check: a Windows session always has its
// desktop.
func CheckDisplay(Session) error { return nil }
