package service

import "fmt"

// WarningKind says what a Warning is about.
type WarningKind int

// The warnings the use cases give while they go on.
const (
	WarnPlainHost    WarningKind = iota // Host is plain http: the upload and the key travel unencrypted
	WarnPlainProfile                    // profile Name uses plain http
	WarnKeyFile                         // no OS keyring: keys are kept in the 0600 file Path
	WarnHistory                         // the history could not be written (Err)
)

// Warning is something the user should know that did not stop the work.
// String is the command line's wording; the GUI words it from the fields.
type Warning struct {
	Kind WarningKind
	Host string
	Name string
	Path string
	Err  error
}

func (w Warning) String() string {
	switch w.Kind {
	case WarnPlainHost:
		return fmt.Sprintf("warning: %s is plain http — the upload and your API key travel unencrypted", w.Host)
	case WarnPlainProfile:
		return fmt.Sprintf("warning: profile %q uses plain http — the upload and your API key travel unencrypted", w.Name)
	case WarnKeyFile:
		return "warning: no OS keyring found; API keys are kept in " + w.Path + " (mode 0600)"
	case WarnHistory:
		return fmt.Sprintf("warning: history not saved (%v)", w.Err)
	}
	return "warning"
}
