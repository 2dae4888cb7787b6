//go:build !linux

package record

// probeFunc is unused where recording is not supported.
type probeFunc func(string) (globals, error)

type globals map[string]bool

func defaultProbe(string) (globals, error) { return nil, ErrUnsupported }

// backend: recording the screen is done on Linux only, for now.
func (r *Recorder) backend(Target) (backend, error) { return nil, ErrUnsupported }
