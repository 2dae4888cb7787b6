// Package service holds the use cases that the window, the command line
// and the hand-off between them share: where uploads go (targets and
// profiles), saving the configuration, importing a ShareX .sxcu file, a
// batch of uploads and waiting for it, the capture flow (shoot → region →
// [edit] → save → queue), the clipboard's image, the history, and the
// report of a finished batch.
//
// It prints nothing and knows no wording of its callers: it returns values
// and typed errors (ConfigError, ImportError, …) whose Error text is the
// command line's, and whose fields let the GUI say the same in the user's
// language. OS adapters (the key store, the screen, the region overlay) come
// in as functions, so that its tests need no display.
package service

// Deps are what the use cases take from the outside world.
type Deps struct {
	// Getenv reads the environment (UPSHOT_HOST, UPSHOT_API_KEY, XDG dirs …).
	Getenv func(string) string
	// Version is the program's version, sent in the User-Agent.
	Version string
	// Secrets opens the key store: the OS keyring, or a 0600 file at
	// fallbackPath when no keyring exists (usingFile is then true).
	Secrets SecretsOpener
}

func (d Deps) getenv(k string) string {
	if d.Getenv == nil {
		return ""
	}
	return d.Getenv(k)
}
