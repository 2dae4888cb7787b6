package platform

import "fmt"

// SetAutostart is not written for Windows yet (the per-user Run key).
func SetAutostart(bool, string) error {
	return fmt.Errorf("starting at login: %w", ErrNotSupported)
}
