package service

import (
	"errors"
	"fmt"
)

// ConfigProblem says what is wrong with where uploads were to go.
type ConfigProblem int

// The configuration problems.
const (
	ConfigUnreadable ConfigProblem = iota // the config file cannot be read (Path, Err)
	ConfigNoHost                          // no --host, no UPSHOT_HOST, no default profile
	ConfigNoProfile                       // no profile called Name in Path
	ConfigBadHost                         // Host is not an upload address (Err)
	ConfigRefused                         // the configuration refused a change (Err), e.g. a bad profile name
)

// ConfigError is a problem with the configuration or the request, found
// before anything was sent: the command line exits with status 2 on it.
type ConfigError struct {
	Problem ConfigProblem
	Path    string // the config file
	Name    string // the profile asked for
	Host    string // the host asked for
	Err     error  // the cause, when there is one
}

func (e *ConfigError) Error() string {
	switch e.Problem {
	case ConfigNoHost:
		return `no host: give --host URL, set UPSHOT_HOST, or add a profile with "upshot profile add NAME --host URL"`
	case ConfigNoProfile:
		return fmt.Sprintf(`no profile named %q in %s — see "upshot profile list"`, e.Name, e.Path)
	case ConfigBadHost:
		return fmt.Sprintf("host %q: %v", e.Host, e.Err)
	}
	return e.Err.Error()
}

func (e *ConfigError) Unwrap() error { return e.Err }

// IsConfig reports whether err is a ConfigError: nothing was sent.
func IsConfig(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}

// ErrNoKeyStore means no key store was wired in (the tests' Deps).
var ErrNoKeyStore = errors.New("no key store available")
